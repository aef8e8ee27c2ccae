public import Hummingbird

/// The routes of Ursula's REST API, with their method, path and body limit, so that servers and
/// clients name them from one place.
///
/// Binary bodies are nucypher-core 0.16 objects in their headered byte form, sent and answered as
/// `application/octet-stream`; failures are answered with a JSON ``RESTErrorBody``.
///
/// The names follow the 2018 system (nkms) where it had the route, and its later 2018–2021 names
/// otherwise:
/// - ``publicInformation``, ``nodeMetadata`` and ``status`` keep their names from
///   July–September 2018 (nkms had `GET /public_keys` in February).
/// - ``considerArrangement`` keeps May 2018's `POST /consider_arrangement`, but one request now
///   carries the whole arrangement (HRAC, publisher key and the kFrag sealed to her), which 2018
///   split over `/consider_arrangement` and `POST /kFrag/{hrac}`.
/// - ``reencrypt`` is May 2018's `/reencrypt` without the `/kFrag/{id}` prefix: the HRAC travels
///   inside the `ReencryptionRequest`.
/// - ``revoke`` replaces December 2018's `DELETE /kFrag/{id}`: a `RevocationOrder` names no
///   arrangement id, so it is posted, wrapped in a ``RevocationEnvelope`` with the publisher key.
/// - ``health`` is new.
public enum UrsulaRoute: String, CaseIterable, Hashable, Sendable {
    /// `GET /public_information`: her signed `NodeMetadata` (`NdMd` 4.0).
    case publicInformation
    /// `POST /node_metadata`: a `MetadataRequest` (`MdRq`) in, her signed `MetadataResponse`
    /// (`MdRs`) out.
    case nodeMetadata
    /// `POST /consider_arrangement`: an `Arrangement` (`Arng` 1.0) in, the accepted policy's
    /// 16-byte HRAC out.
    case considerArrangement
    /// `POST /reencrypt`: a `ReencryptionRequest` (`ReRq`) in, her signed `ReencryptionResponse`
    /// (`ReRs`) out.
    case reencrypt
    /// `POST /revoke`: a ``RevocationEnvelope`` in, an empty `200` out.
    case revoke
    /// `GET /health`: `200 ok` while she serves.
    case health
    /// `GET /status`: a JSON ``UrsulaStatus``.
    case status

    /// The HTTP method the route answers.
    public var method: HTTPRequest.Method {
        switch self {
        case .publicInformation, .health, .status: .get
        case .nodeMetadata, .considerArrangement, .reencrypt, .revoke: .post
        }
    }

    /// The route's path, starting with `/`.
    public var path: String {
        switch self {
        case .publicInformation: "/public_information"
        case .nodeMetadata: "/node_metadata"
        case .considerArrangement: "/consider_arrangement"
        case .reencrypt: "/reencrypt"
        case .revoke: "/revoke"
        case .health: "/health"
        case .status: "/status"
        }
    }
}
