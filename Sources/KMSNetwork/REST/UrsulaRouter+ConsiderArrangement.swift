import Hummingbird
import KMSPolicy

extension UrsulaRouter {
    /// `POST /consider_arrangement`: Alice's `Arrangement` (`Arng` 1.0: HRAC, publisher key and the
    /// kFrag sealed to this Ursula) in. Ursula checks it against the ledger and her kFrag, keeps it,
    /// and the answer is the accepted policy's 16-byte HRAC. Re-sending the same arrangement is
    /// accepted again; a different one for the same HRAC is a `409`.
    func considerArrangement(_ request: Request) async throws(UrsulaRESTError) -> Response {
        let bytes = try await body(of: request, for: .considerArrangement)
        do {
            let hrac = try await ursula.acceptArrangement(bytes: bytes)
            return RESTResponses.octetStream(hrac.bytes)
        } catch {
            throw .policy(error)
        }
    }
}
