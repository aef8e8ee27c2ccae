import Foundation
public import KMSPolicy
public import UmbralCore

/// Alice's and Bob's side of Ursula's REST API: one Ursula, reached at the host and port her
/// signed metadata announces.
///
/// Every call has a deadline. Failures are `KMSPolicyError`s, as the policy layer expects:
/// `KMSPolicyError/ursulaUnreachable(_:reason:)` when she could not be asked (no answer in time,
/// connection refused, a garbled answer), `KMSPolicyError/ursulaRefused(_:error:message:)` when
/// she answered with a refusal.
public struct UrsulaClient: Sendable {
    /// Her staking-provider address, which names her in errors.
    public let address: Address
    /// Her REST host.
    public let host: String
    /// Her REST port.
    public let port: UInt16
    private let http: HTTPExchange

    /// The connections a client keeps open to its Ursula at most; calls beyond them wait for one.
    public static let maximumConnections = 16

    /// A client for the Ursula at `address`, listening on `host`:`port`, giving up on a call after
    /// `timeout` seconds.
    public init(address: Address, host: String, port: UInt16, timeout: Double = 10) {
        self.address = address
        self.host = host
        self.port = port
        self.http = HTTPExchange(timeout: timeout, maximumConnections: Self.maximumConnections)
    }

    /// A client for the Ursula that `metadata` describes.
    public init(metadata: NodeMetadata, timeout: Double = 10) {
        self.init(address: metadata.payload.stakingProviderAddress, host: metadata.payload.host,
                  port: metadata.payload.port, timeout: timeout)
    }

    /// Her signed node metadata, from `GET /public_information`; the signature is checked.
    public func publicInformation() async throws(KMSPolicyError) -> NodeMetadata {
        let metadata = try NodeMetadata(bytes: try await exchange("GET", UrsulaRoute.publicInformation.path, nil))
        guard metadata.verify() else { throw .signatureVerificationFailed(object: "NodeMetadata") }
        return metadata
    }

    /// Offers her an arrangement (`POST /consider_arrangement`); returns once she accepted it.
    public func considerArrangement(_ arrangement: Arrangement) async throws(KMSPolicyError) {
        _ = try await exchange("POST", UrsulaRoute.considerArrangement.path, arrangement.bytes)
    }

    /// Sends Bob's request (`POST /reencrypt`) and parses her response; Bob verifies it.
    public func reencrypt(_ request: ReencryptionRequest) async throws(KMSPolicyError) -> ReencryptionResponse {
        try ReencryptionResponse(bytes: try await exchange("POST", UrsulaRoute.reencrypt.path, request.bytes))
    }

    /// Delivers Alice's revocation order (`POST /revoke`).
    public func revoke(_ order: RevocationOrder, publisherVerifyingKey: PublicKey) async throws(KMSPolicyError) {
        let envelope = RevocationEnvelope(order: order, publisherVerifyingKey: publisherVerifyingKey)
        _ = try await exchange("POST", UrsulaRoute.revoke.path, envelope.bytes)
    }

    /// Whether she answers `GET /health` with 200.
    public func isHealthy() async -> Bool {
        (try? await http.send("GET", host: host, port: port, path: UrsulaRoute.health.path, body: nil).status) == 200
    }

    private func exchange(_ method: String, _ path: String, _ body: [UInt8]?) async throws(KMSPolicyError) -> [UInt8] {
        let answer: HTTPExchange.Answer
        do {
            answer = try await http.send(method, host: host, port: port, path: path, body: body)
        } catch {
            guard case let .unreachable(reason) = error else { throw .ursulaUnreachable(address, reason: "\(error)") }
            throw .ursulaUnreachable(address, reason: reason)
        }
        guard (200..<300).contains(answer.status) else {
            if let refusal = try? JSONDecoder().decode(RESTErrorBody.self, from: Data(answer.body)) {
                throw .ursulaRefused(address, error: refusal.error, message: refusal.message)
            }
            throw .ursulaUnreachable(address, reason: "HTTP \(answer.status) without an error body")
        }
        return answer.body
    }
}
