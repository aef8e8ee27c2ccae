import Hummingbird
import KMSPolicy

extension UrsulaRouter {
    /// `GET /public_information`: her signed node metadata (`NdMd` 4.0), for whoever wants to
    /// learn her keys and address.
    func publicInformation() -> Response {
        RESTResponses.octetStream(nodeMetadata.bytes)
    }
}
