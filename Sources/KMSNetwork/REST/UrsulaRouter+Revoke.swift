import Hummingbird
import KMSPolicy

extension UrsulaRouter {
    /// `POST /revoke`: a ``RevocationEnvelope`` (Alice's `RevocationOrder` with her publisher key)
    /// in; once Ursula has checked and kept it, an empty `200` (as 2018's revocation answered).
    func revoke(_ request: Request) async throws(UrsulaRESTError) -> Response {
        let bytes = try await body(of: request, for: .revoke)
        do {
            let envelope = try RevocationEnvelope(bytes: bytes)
            try await ursula.revoke(orderBytes: envelope.orderBytes, publisherVerifyingKey: envelope.publisherVerifyingKey)
        } catch {
            throw .policy(error)
        }
        return RESTResponses.octetStream([])
    }
}
