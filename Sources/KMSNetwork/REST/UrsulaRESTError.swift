public import Hummingbird
public import KMSPolicy

/// Why Ursula's REST API refused a request (or could not be set up), each case saying what was
/// wrong. Every case has an HTTP status (``status``) and a stable name (``name``), which the API
/// answers as a JSON ``RESTErrorBody``.
public enum UrsulaRESTError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Ursula herself refused the request; `KMSPolicyError/restStatus` says with what status.
    case policy(KMSPolicyError)

    /// The body is larger than the route's limit of `limit` bytes (`413`).
    case bodyTooLarge(limit: Int)

    /// The request body stream broke off before its end (`400`).
    case unreadableBody

    /// The announced node at `index` of a metadata request carries a signature that does not
    /// verify with its own verifying key (`403`).
    case forgedNodeMetadata(index: Int)

    /// The announced node at `index` serves the domain `domain`, not this Ursula's (`400`).
    case foreignDomain(index: Int, domain: String)

    /// No route answers `method` on `path` (`404`).
    case routeNotFound(method: String, path: String)

    /// `path` is a route, but it answers only `allowed`, not `method` (`405`).
    case methodNotAllowed(method: String, path: String, allowed: String)

    /// The node metadata given to the server does not verify, or does not describe the Ursula or
    /// the signer it was given with; `reason` says which. Thrown when the router is built, never
    /// answered.
    case metadataMismatch(reason: String)

    /// The server stopped, or could not start (for instance its port was taken); `reason` says
    /// why. Thrown by ``UrsulaRESTServer``, never answered.
    case serverFailed(reason: String)

    /// The server failed, not the request: `reason` is safe to show (no secrets, no input) (`500`).
    case internalFailure(reason: String)

    /// The status the API answers this error with.
    public var status: HTTPResponse.Status {
        switch self {
        case let .policy(error): error.restStatus
        case .bodyTooLarge: .contentTooLarge
        case .unreadableBody: .badRequest
        case .forgedNodeMetadata: .forbidden
        case .foreignDomain: .badRequest
        case .routeNotFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .metadataMismatch, .serverFailed, .internalFailure: .internalServerError
        }
    }

    /// The stable name in the `error` field of the JSON body: the case name, and for
    /// ``policy(_:)`` the `KMSPolicyError` case name.
    public var name: String {
        switch self {
        case let .policy(error): error.restName
        case .bodyTooLarge: "bodyTooLarge"
        case .unreadableBody: "unreadableBody"
        case .forgedNodeMetadata: "forgedNodeMetadata"
        case .foreignDomain: "foreignDomain"
        case .routeNotFound: "routeNotFound"
        case .methodNotAllowed: "methodNotAllowed"
        case .metadataMismatch: "metadataMismatch"
        case .serverFailed: "serverFailed"
        case .internalFailure: "internalFailure"
        }
    }

    /// A one-line explanation, sent as the `message` of the JSON body.
    public var description: String {
        switch self {
        case let .policy(error):
            return error.description
        case let .bodyTooLarge(limit):
            return "the request body is larger than this route's limit of \(limit) bytes"
        case .unreadableBody:
            return "the request body broke off before its end"
        case let .forgedNodeMetadata(index):
            return "announced node \(index): its signature does not verify with its own verifying key"
        case let .foreignDomain(index, domain):
            return "announced node \(index) serves the domain \"\(domain)\", not this node's"
        case let .routeNotFound(method, path):
            return "no route answers \(method) \(path)"
        case let .methodNotAllowed(method, path, allowed):
            return "\(path) answers \(allowed), not \(method)"
        case let .metadataMismatch(reason):
            return "the node metadata does not fit this Ursula: \(reason)"
        case let .serverFailed(reason):
            return "the REST server failed: \(reason)"
        case let .internalFailure(reason):
            return "internal failure: \(reason)"
        }
    }

    /// The JSON body the API answers this error with.
    public var body: RESTErrorBody {
        RESTErrorBody(error: name, message: description)
    }
}
