public import Hummingbird
public import KMSPolicy
public import Logging
public import UmbralCore

/// Ursula's REST API as a Hummingbird router: the routes of ``UrsulaRoute`` for one `Ursula`.
///
/// Each handler reads the body under its ``RESTBodyLimits`` limit before parsing it, hands the
/// bytes to Ursula, and answers her bytes as `application/octet-stream`, or her refusal as a JSON
/// ``RESTErrorBody`` with the status of ``UrsulaRESTError/status``. Unknown routes get a JSON
/// `404` too. Handlers log the route, status and error name of each refusal, never a body or a key.
///
/// ```swift
/// let router = try UrsulaRouter(ursula: ursula, signer: signer, nodeMetadata: metadata)
/// let app = Application(router: router.makeRouter())
/// ```
public struct UrsulaRouter: Sendable {
    /// The Ursula the routes serve.
    public let ursula: Ursula

    /// Her signed metadata, answered by ``UrsulaRoute/publicInformation`` and announced in every
    /// metadata exchange.
    public let nodeMetadata: NodeMetadata

    /// The nodes learned through ``UrsulaRoute/nodeMetadata``.
    public let knownNodes: KnownNodes

    /// The body limits enforced per route.
    public let limits: RESTBodyLimits

    /// Signs her metadata responses; the same signer as Ursula's.
    let signer: Signer
    let statusProvider: any UrsulaStatusProvider
    let clock: any PolicyClock
    let logger: Logger
    let started: ContinuousClock.Instant
    let counters = RESTRequestCounters()

    /// The routes for `ursula`, who is described by `nodeMetadata` and signs with `signer`.
    ///
    /// - Parameters:
    ///   - ursula: The Ursula that accepts arrangements, re-encrypts and takes revocations.
    ///   - signer: Her signer, for her metadata responses; it must be the one her metadata names.
    ///   - nodeMetadata: Her signed node metadata.
    ///   - knownNodes: Where learned nodes are kept; shared with whatever else learns nodes.
    ///   - statusProvider: Extra counts for `GET /status`.
    ///   - limits: The body limits.
    ///   - clock: The time stamped on metadata responses.
    ///   - logger: Where refusals are logged (route, status and error name only).
    /// - Throws: ``UrsulaRESTError/metadataMismatch(reason:)`` when the metadata's signature does
    ///   not verify, or its address or keys are not Ursula's and the signer's.
    public init(
        ursula: Ursula, signer: Signer, nodeMetadata: NodeMetadata, knownNodes: KnownNodes = KnownNodes(),
        statusProvider: any UrsulaStatusProvider = NoStatusCounts(), limits: RESTBodyLimits = .standard,
        clock: any PolicyClock = SystemPolicyClock(), logger: Logger = Logger(label: "kms.ursula.rest")
    ) throws(UrsulaRESTError) {
        let payload = nodeMetadata.payload
        let profile = ursula.profile
        guard nodeMetadata.verify() else { throw .metadataMismatch(reason: "its signature does not verify") }
        guard payload.verifyingKey == signer.verifyingKey else {
            throw .metadataMismatch(reason: "it names a verifying key other than the signer's")
        }
        guard payload.verifyingKey == profile.verifyingKey, payload.encryptingKey == profile.encryptingKey else {
            throw .metadataMismatch(reason: "its keys are not Ursula's")
        }
        guard payload.stakingProviderAddress == profile.stakingProviderAddress else {
            throw .metadataMismatch(reason: "its staking-provider address is not Ursula's")
        }
        self.ursula = ursula
        self.signer = signer
        self.nodeMetadata = nodeMetadata
        self.knownNodes = knownNodes
        self.statusProvider = statusProvider
        self.limits = limits
        self.clock = clock
        self.logger = logger
        self.started = .now
    }

    /// A router with every route of ``UrsulaRoute``, and JSON `404`s for anything else.
    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: RESTErrorMiddleware(logger: logger))
        for route in UrsulaRoute.allCases {
            router.on(RouterPath(route.path), method: route.method) { request, _ in
                await self.respond(route, to: request)
            }
        }
        return router
    }

    /// Runs `route`'s handler, counting and logging the outcome; refusals become JSON errors.
    func respond(_ route: UrsulaRoute, to request: Request) async -> Response {
        do {
            let response = try await handle(route, request)
            await counters.record(route, served: true)
            return response
        } catch {
            await counters.record(route, served: false)
            logger.info(
                "refused", metadata: ["route": "\(route.rawValue)", "status": "\(error.status.code)", "error": "\(error.name)"])
            return RESTResponses.error(error)
        }
    }

    /// The handler of `route`.
    private func handle(_ route: UrsulaRoute, _ request: Request) async throws(UrsulaRESTError) -> Response {
        switch route {
        case .publicInformation: publicInformation()
        case .nodeMetadata: try await exchangeNodeMetadata(request)
        case .considerArrangement: try await considerArrangement(request)
        case .reencrypt: try await reencrypt(request)
        case .revoke: try await revoke(request)
        case .health: health()
        case .status: try await status()
        }
    }

    /// The body of `request`, read under `route`'s limit.
    func body(of request: Request, for route: UrsulaRoute) async throws(UrsulaRESTError) -> [UInt8] {
        try await RequestBodyReader.read(request, limit: limits.limit(for: route))
    }
}
