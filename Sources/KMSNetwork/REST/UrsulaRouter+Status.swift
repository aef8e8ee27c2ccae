import Foundation
import Hummingbird
import KMSPolicy

extension UrsulaRouter {
    /// `GET /status`: a JSON ``UrsulaStatus`` with her address, uptime and counts.
    func status() async throws(UrsulaRESTError) -> Response {
        let payload = nodeMetadata.payload
        let elapsed = ContinuousClock.now - started
        let status = UrsulaStatus(
            stakingProviderAddress: payload.stakingProviderAddress.checksummed, domain: payload.domain,
            host: payload.host, port: Int(payload.port),
            uptimeSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            reencryptedCapsules: await ursula.reencryptedCapsuleCount, knownNodes: await knownNodes.count,
            requests: await counters.snapshot, counts: await statusProvider.statusCounts())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let bytes = try? encoder.encode(status) else {
            throw .internalFailure(reason: "the status could not be encoded as JSON")
        }
        return RESTResponses.json(Array(bytes))
    }
}
