import FuzzSupport
import FuzzWorld
import Hummingbird
import KMSNetwork
import KMSPolicy
import Logging
import NIOCore
import NIOEmbedded
import UmbralCore

/// What every request shares: the ledger that has the world's policy paid for, Ursula's clock,
/// and the channel and silent logger a request context needs.
struct RESTFixture: Sendable {
    let ledger: InMemoryPolicyLedger
    let clock: ManualPolicyClock
    let channel: NIOAsyncTestingChannel
    let logger: Logger

    /// Built on first use, before the first input (LLVMFuzzerInitialize touches it).
    static let shared: RESTFixture = runBlocking { await RESTFixture() }

    private init() async {
        let world = PolicyWorld.shared
        clock = ManualPolicyClock(start: PolicyWorld.now)
        ledger = InMemoryPolicyLedger(clock: clock)
        await ledger.stake(world.ursulaAddress)
        do {
            try await ledger.createPolicy(world.policyRecord)
        } catch {
            fatalError("the fuzz ledger refused the policy: \(error)")
        }
        channel = NIOAsyncTestingChannel()
        // Ursula's router logs every refusal; the fuzzer makes millions of them.
        logger = Logger(label: "kms.fuzz") { _ in SwiftLogNoOpLogHandler() }
    }

    /// A fresh Ursula behind a fresh router, holding the world's arrangement and nothing else, so
    /// that each input meets the same state: a revocation or a learned node in one input must not
    /// change how the next one is answered, or a finding would not replay on its own.
    func makeResponder() async -> RouterResponder<BasicRequestContext> {
        let world = PolicyWorld.shared
        let vault = InMemoryUrsulaVault()
        do {
            try await vault.storeArrangement(world.arrangement)
            let ursula = Ursula(
                stakingProviderAddress: world.ursulaAddress, signer: world.ursulaSigner,
                encryptingKey: world.ursulaEncrypting, ledger: ledger, clock: clock, vault: vault,
                randomness: FuzzRNG(seed: 0x5EED_0004))
            let router = try UrsulaRouter(
                ursula: ursula, signer: world.ursulaSigner, nodeMetadata: world.nodeMetadata, clock: clock,
                logger: logger)
            return router.makeRouter().buildResponder()
        } catch {
            fatalError("the fuzz Ursula could not be set up: \(error)")
        }
    }

    /// Posts `body` to `route` through Ursula's real router (body limits, error middleware,
    /// handler) and returns the status code and the answered bytes.
    func post(_ route: UrsulaRoute, _ body: [UInt8]) async -> (code: Int, body: [UInt8]) {
        let responder = await makeResponder()
        var head = HTTPRequest(method: route.method, scheme: "http", authority: "localhost", path: route.path)
        head.headerFields[.contentType] = "application/octet-stream"
        head.headerFields[.contentLength] = String(body.count)
        let request = Request(head: head, body: RequestBody(buffer: ByteBuffer(bytes: body)))
        let context = BasicRequestContext(source: ApplicationRequestContextSource(channel: channel, logger: logger))
        do {
            let response = try await responder.respond(to: request, context: context)
            let collector = BodyCollector()
            try await response.body.write(collector)
            return (response.status.code, collector.bytes.bytes)
        } catch {
            // The error middleware turns every refusal into a response; a throw here is a bug.
            fatalError("Ursula's router threw instead of answering: \(error)")
        }
    }
}

/// Collects a response body in memory; a class so the bytes outlive the consuming write.
private final class ByteSink: @unchecked Sendable {
    var bytes: [UInt8] = []
}

/// The `ResponseBodyWriter` that fills a ``ByteSink``.
private struct BodyCollector: ResponseBodyWriter {
    let bytes = ByteSink()

    mutating func write(_ buffer: ByteBuffer) async throws {
        bytes.bytes.append(contentsOf: buffer.readableBytesView)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
