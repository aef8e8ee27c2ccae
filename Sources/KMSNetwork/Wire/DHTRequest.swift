public import KMSMessagePack

/// A kademlia 2.2.3 RPC call: the payload `[funcname, [args...]]` of a request datagram.
///
/// Ids and keys are msgpack bin of exactly 20 bytes and names are str, as Python sends them.
/// Decoding is strict where Python would not answer anyway (wrong names, arity or types) and
/// also where Python is looser but the result is useless: ids, keys and targets must be 20
/// bytes (Python takes shorter ones), and stored values must be one of ``DHTValue``'s types.
/// A refused request simply gets no reply, which is all Python ever does with bad input.
public enum DHTRequest: Hashable, Sendable {
    /// Are you alive? Carries the caller's id.
    case ping(sender: NodeID)
    /// What address do you see me at? The only RPC without a sender id.
    case stun
    /// Keep `value` under `key`.
    case store(sender: NodeID, key: DHTKey, value: DHTValue)
    /// Which contacts do you know nearest to `target`?
    case findNode(sender: NodeID, target: NodeID)
    /// Give me the value under `key`, or the contacts you know nearest to it.
    case findValue(sender: NodeID, key: DHTKey)

    /// rpcudp's sender-side limit on a request's msgpack payload, in bytes.
    public static let maximumPayloadByteCount = 8192

    /// Which RPC this is.
    public var method: DHTMethod {
        switch self {
        case .ping: .ping
        case .stun: .stun
        case .store: .store
        case .findNode: .findNode
        case .findValue: .findValue
        }
    }

    /// The positional arguments, in Python's order.
    private var arguments: [MessagePackValue] {
        switch self {
        case let .ping(sender): [.binary(sender.bytes)]
        case .stun: []
        case let .store(sender, key, value): [.binary(sender.bytes), .binary(key.bytes), value.messagePackValue]
        case let .findNode(sender, target): [.binary(sender.bytes), .binary(target.bytes)]
        case let .findValue(sender, key): [.binary(sender.bytes), .binary(key.bytes)]
        }
    }

    /// The payload object `[funcname, args]`.
    public var messagePackValue: MessagePackValue {
        .array([.string(method.rawValue), .array(arguments)])
    }

    /// The payload's canonical msgpack bytes (the datagram minus its 21-byte header).
    public func encode() -> [UInt8] {
        MessagePack.encode(messagePackValue)
    }

    /// Decodes a request payload of exactly `bytes` (no trailing bytes; ``RPCDatagram`` is
    /// where the reference's tolerance of trailing bytes is applied).
    public static func decode(_ bytes: [UInt8]) throws(KMSNetworkError) -> DHTRequest {
        let value: MessagePackValue
        do { value = try MessagePack.decode(bytes) } catch { throw .invalidMessagePack(error) }
        return try decode(value)
    }

    /// Reads a request from a decoded payload object.
    public static func decode(_ value: MessagePackValue) throws(KMSNetworkError) -> DHTRequest {
        let envelope = try WireField.array(value, count: 2, "request")
        // A bin funcname is looked up by Python as `rpc_b'ping'` and never found.
        let name = try WireField.string(envelope[0], "funcname")
        guard let method = DHTMethod(rawValue: name) else { throw .unknownRPC(name: name) }
        let args = try WireField.array(envelope[1], count: method.arity, "\(name) args")
        switch method {
        case .ping:
            return .ping(sender: try WireField.nodeID(args[0], "sender id"))
        case .stun:
            return .stun
        case .store:
            return .store(
                sender: try WireField.nodeID(args[0], "sender id"),
                key: try WireField.key(args[1], "key"),
                value: try DHTValue(args[2]))
        case .findNode:
            return .findNode(
                sender: try WireField.nodeID(args[0], "sender id"),
                target: try WireField.nodeID(args[1], "target"))
        case .findValue:
            return .findValue(
                sender: try WireField.nodeID(args[0], "sender id"),
                key: try WireField.key(args[1], "key"))
        }
    }
}
