public import KMSMessagePack

/// A kademlia 2.2.3 RPC answer: the bare msgpack payload of a response datagram.
///
/// Responses carry no name, so decoding needs the ``DHTMethod`` of the request the message id
/// belongs to.
public enum DHTResponse: Hashable, Sendable {
    /// `ping`'s answer: the responder's id (bin, 20 bytes).
    case ping(NodeID)
    /// `stun`'s answer: the caller's address as the responder saw it, `[ip, port]`.
    case stun(host: String, port: UInt16)
    /// `store`'s answer: `true`, or `false` from a validating nkms node that refused the value.
    case store(Bool)
    /// `find_node`'s answer, and `find_value`'s when the responder lacks the value: up to k
    /// contact triples (possibly none).
    case nodes([DHTContact])
    /// `find_value`'s hit: the map `{"value": v}`.
    case value(DHTValue)

    /// The payload object, exactly as a Python node would send it.
    public var messagePackValue: MessagePackValue {
        switch self {
        case let .ping(id): .binary(id.bytes)
        case let .stun(host, port): .array([.string(host), .integer(port)])
        case let .store(stored): .bool(stored)
        case let .nodes(contacts): .array(contacts.map(\.messagePackValue))
        case let .value(value): .map([MessagePackMapEntry(key: .string("value"), value: value.messagePackValue)])
        }
    }

    /// The payload's canonical msgpack bytes.
    public func encode() -> [UInt8] {
        MessagePack.encode(messagePackValue)
    }

    /// Decodes a response payload of exactly `bytes`, answering a `method` request.
    public static func decode(_ bytes: [UInt8], answering method: DHTMethod) throws(KMSNetworkError) -> DHTResponse {
        let value: MessagePackValue
        do { value = try MessagePack.decode(bytes) } catch { throw .invalidMessagePack(error) }
        return try decode(value, answering: method)
    }

    /// Reads the answer to a `method` request from a decoded payload object.
    ///
    /// Tolerances taken from the Python caller: a `stun` answer may have 4 elements (Python on
    /// IPv6 returns its `(host, port, flowinfo, scope_id)` sender tuple; the extra two are
    /// dropped), and nil answering `find_node` / `find_value` counts as an empty node list.
    /// A single malformed triple rejects the whole answer, since Python would act on it badly.
    public static func decode(_ value: MessagePackValue, answering method: DHTMethod) throws(KMSNetworkError) -> DHTResponse {
        switch method {
        case .ping:
            return .ping(try WireField.nodeID(value, "ping result"))
        case .stun:
            guard case let .array(fields) = value else {
                throw WireField.mismatch("stun result", .array, value)
            }
            guard fields.count == 2 || fields.count == 4 else {
                throw .wireArityMismatch(field: "stun result", expected: 2, found: fields.count)
            }
            return .stun(host: try WireField.string(fields[0], "stun ip"), port: try WireField.port(fields[1], "stun port"))
        case .store:
            guard case let .bool(stored) = value else { throw WireField.mismatch("store result", .bool, value) }
            return .store(stored)
        case .findNode:
            return .nodes(try contacts(value, "find_node result"))
        case .findValue:
            guard case let .map(entries) = value else {
                return .nodes(try contacts(value, "find_value result"))
            }
            guard entries.count == 1, entries[0].key == .string("value") else { throw .malformedValueMap }
            return .value(try DHTValue(entries[0].value))
        }
    }

    private static func contacts(_ value: MessagePackValue, _ field: String) throws(KMSNetworkError) -> [DHTContact] {
        switch value {
        case .nil:
            return []
        case let .array(elements):
            var result: [DHTContact] = []
            result.reserveCapacity(elements.count)
            for element in elements { result.append(try DHTContact(element)) }
            return result
        default:
            throw WireField.mismatch(field, .array, value)
        }
    }
}
