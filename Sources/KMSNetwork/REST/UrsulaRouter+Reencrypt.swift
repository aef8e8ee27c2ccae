import Hummingbird
import KMSPolicy

extension UrsulaRouter {
    /// `POST /reencrypt`: Bob's `ReencryptionRequest` (`ReRq` 3.0) in, her signed
    /// `ReencryptionResponse` (`ReRs` 3.0) out, for a policy she accepted, not revoked and not
    /// expired. The body may be up to ``RESTBodyLimits/reencrypt`` bytes.
    func reencrypt(_ request: Request) async throws(UrsulaRESTError) -> Response {
        let bytes = try await body(of: request, for: .reencrypt)
        do {
            return RESTResponses.octetStream(try await ursula.reencrypt(requestBytes: bytes))
        } catch {
            throw .policy(error)
        }
    }
}
