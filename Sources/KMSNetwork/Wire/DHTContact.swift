public import KMSMessagePack

/// One entry of a `find_node` / `find_value` answer: the msgpack triple `[id, ip, port]`.
///
/// Python trusts these triples blindly, and a bad one can close a Python node's socket or abort
/// its lookup, so they are always written as exactly `[bin(20), str, int 0...65535]` and only
/// that shape is read back.
public struct DHTContact: Hashable, Sendable {
    /// The contact's node id.
    public var id: NodeID
    /// The host string the answering node stored, usually a dotted IPv4 address; kept as text
    /// because Python passes it through unparsed (it may be IPv6 or whatever a node was given).
    public var host: String
    /// The contact's UDP port.
    public var port: UInt16

    /// Creates a contact.
    public init(id: NodeID, host: String, port: UInt16) {
        self.id = id
        self.host = host
        self.port = port
    }

    /// The triple `[bin id, str host, int port]`.
    public var messagePackValue: MessagePackValue {
        .array([.binary(id.bytes), .string(host), .integer(port)])
    }

    /// Reads a triple, throwing a wire error for any other shape.
    public init(_ value: MessagePackValue) throws(KMSNetworkError) {
        let fields = try WireField.array(value, count: 3, "node triple")
        id = try WireField.nodeID(fields[0], "node id")
        host = try WireField.string(fields[1], "node ip")
        port = try WireField.port(fields[2], "node port")
    }
}
