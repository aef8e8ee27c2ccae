public import KMSMessagePack

/// Everything that can go wrong in KMSNetwork, each case saying what was wrong with the input.
///
/// KMSNetwork throws only this type (typed throws), so callers can switch over every failure.
public enum KMSNetworkError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A node id was built from `actual` bytes instead of the 20 that Kademlia ids have.
    case invalidNodeIDLength(actual: Int)

    // MARK: Kademlia

    /// The node at `host`:`port` did not answer an RPC in time; Kademlia's only failure signal.
    case noResponse(host: String, port: UInt16)

    // MARK: UDP

    /// The UDP socket on `host`:`port` could not be opened, for `reason`.
    case bindFailed(host: String, port: UInt16, reason: String)

    /// The host name `host` is neither a numeric address nor resolvable.
    case unresolvableHost(String)

    /// The server was shut down, so nothing more is sent or answered.
    case socketClosed

    /// `limit` RPCs already await answers; another is refused rather than queued without bound.
    case tooManyPendingRequests(limit: Int)

    /// A reply decoded as the answer to a different RPC than the one asked.
    case unexpectedResponse

    // MARK: Wire

    /// A DHT key was built from `actual` bytes instead of 20.
    case invalidDHTKeyLength(actual: Int)

    /// An rpcudp message id was built from `actual` bytes instead of 20.
    case invalidMessageIDLength(actual: Int)

    /// A datagram of `actual` bytes is shorter than the 22-byte minimum (type, id, one msgpack byte).
    case datagramTooShort(actual: Int)

    /// A datagram of `actual` bytes exceeds the `limit` this layer accepts.
    case datagramTooLarge(actual: Int, limit: Int)

    /// A request's msgpack payload of `actual` bytes exceeds rpcudp's 8192-byte sender-side `limit`.
    case requestPayloadTooLarge(actual: Int, limit: Int)

    /// The datagram's first byte is neither 0x00 (request) nor 0x01 (response).
    case unknownMessageType(UInt8)

    /// The msgpack payload could not be decoded.
    case invalidMessagePack(MessagePackError)

    /// `field` has msgpack type `found` where `expected` is required.
    case wireTypeMismatch(field: String, expected: MessagePackType, found: MessagePackType)

    /// The array `field` has `found` elements where exactly `expected` are required.
    case wireArityMismatch(field: String, expected: Int, found: Int)

    /// The byte string `field` has `found` bytes where exactly `expected` are required.
    case wireByteCountMismatch(field: String, expected: Int, found: Int)

    /// A request names the RPC `name`, which kademlia 2.2.3 does not serve.
    case unknownRPC(name: String)

    /// A port (`value`, in decimal) lies outside 0...65535.
    case portOutOfRange(field: String, value: String)

    /// A stored value has msgpack type `found`, which is none of str, bin, int, float, bool.
    case unsupportedValueType(found: MessagePackType)

    /// A find_value hit is a map that is not exactly `{"value": v}`.
    case malformedValueMap

    // MARK: Store

    /// The data directory at `path` cannot be created or written, for `reason`.
    case dataDirectoryNotWritable(path: String, reason: String)

    /// The store failed to `operation`, for `reason` (an I/O error, a lock held by another process).
    case storageFailed(operation: String, reason: String)

    /// The database at `path` is damaged or is not an Ursula database, for `reason`.
    case storageCorrupt(path: String, reason: String)

    /// The disk (or the store's size limit) is full, so a write to the database at `path` was
    /// refused and rolled back; nothing already stored is lost.
    case storageFull(path: String)

    /// An arrangement for the policy with HRAC `hrac` (hex) is already stored with a different
    /// kFrag, publisher or expiration; the stored one is kept.
    case arrangementConflict(hrac: String)

    // MARK: Node keys

    /// The node key file at `path` did not open: the passphrase is wrong, or the file was altered.
    case incorrectPassphrase(path: String)

    /// The node key file at `path` is not one this version reads, for `reason`.
    case nodeKeyFileInvalid(path: String, reason: String)

    /// A node key file already exists at `path`; creating keys would overwrite it.
    case nodeKeyFileExists(path: String)

    /// Another Ursula node, in this process or another, is running on the data directory at `path`.
    case dataDirectoryInUse(path: String)

    /// No passphrase could be obtained, for `reason` (no environment variable and no terminal,
    /// or an empty answer).
    case passphraseUnavailable(reason: String)

    /// An Ursula node could not be put together or started, for `reason`.
    case nodeSetupFailed(reason: String)

    /// A one-line explanation of the error.
    public var description: String {
        switch self {
        case let .invalidNodeIDLength(actual):
            return "a Kademlia node id has \(NodeID.byteCount) bytes, got \(actual)"
        case let .noResponse(host, port):
            return "no answer from the Kademlia node at \(host):\(port)"
        case let .bindFailed(host, port, reason):
            return "cannot listen on UDP \(host):\(port): \(reason)"
        case let .unresolvableHost(host):
            return "cannot resolve the host '\(host)'"
        case .socketClosed:
            return "the DHT node's socket is closed"
        case let .tooManyPendingRequests(limit):
            return "\(limit) DHT requests already await answers"
        case .unexpectedResponse:
            return "a DHT reply does not answer the request it names"
        case let .invalidDHTKeyLength(actual):
            return "a DHT key has \(DHTKey.byteCount) bytes, got \(actual)"
        case let .invalidMessageIDLength(actual):
            return "an rpcudp message id has \(RPCMessageID.byteCount) bytes, got \(actual)"
        case let .datagramTooShort(actual):
            return "an rpcudp datagram has at least \(RPCDatagram.minimumByteCount) bytes, got \(actual)"
        case let .datagramTooLarge(actual, limit):
            return "datagram of \(actual) bytes exceeds the limit of \(limit)"
        case let .requestPayloadTooLarge(actual, limit):
            return "request payload of \(actual) bytes exceeds rpcudp's limit of \(limit)"
        case let .unknownMessageType(byte):
            return "unknown rpcudp message type 0x" + String(byte, radix: 16)
        case let .invalidMessagePack(error):
            return "invalid MessagePack payload: \(error)"
        case let .wireTypeMismatch(field, expected, found):
            return "'\(field)': expected \(expected), found \(found)"
        case let .wireArityMismatch(field, expected, found):
            return "'\(field)': expected \(expected) elements, found \(found)"
        case let .wireByteCountMismatch(field, expected, found):
            return "'\(field)': expected \(expected) bytes, found \(found)"
        case let .unknownRPC(name):
            return "unknown RPC '\(name)'"
        case let .portOutOfRange(field, value):
            return "'\(field)': port \(value) is outside 0...65535"
        case let .unsupportedValueType(found):
            return "a DHT value must be str, bin, int, float or bool, found \(found)"
        case .malformedValueMap:
            return "a find_value hit must be the map {\"value\": v}"
        case let .dataDirectoryNotWritable(path, reason):
            return "the data directory '\(path)' is not writable: \(reason)"
        case let .storageFailed(operation, reason):
            return "the store could not \(operation): \(reason)"
        case let .storageCorrupt(path, reason):
            return "the database '\(path)' is damaged or not an Ursula database: \(reason)"
        case let .storageFull(path):
            return "the disk holding '\(path)' is full; the write was rolled back"
        case let .arrangementConflict(hrac):
            return "an arrangement for policy \(hrac) is already stored with a different kFrag, publisher or expiration"
        case let .incorrectPassphrase(path):
            return "the passphrase does not open '\(path)' (or the file was altered)"
        case let .nodeKeyFileInvalid(path, reason):
            return "'\(path)' is not a readable node key file: \(reason)"
        case let .nodeKeyFileExists(path):
            return "a node key file already exists at '\(path)'"
        case let .dataDirectoryInUse(path):
            return "another Ursula is running on the data directory '\(path)'"
        case let .nodeSetupFailed(reason):
            return "the Ursula node could not start: \(reason)"
        case let .passphraseUnavailable(reason):
            return "no passphrase: \(reason)"
        }
    }
}
