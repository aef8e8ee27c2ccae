/// A peer as the routing table knows it: its node id and the address it answers on.
///
/// Equality covers all three fields, but the routing table identifies contacts by id alone,
/// as the reference does; the address only matters when excluding a requester from replies.
public struct NodeContact: Hashable, Sendable, CustomStringConvertible {
    /// The peer's 160-bit id.
    public let id: NodeID
    /// The host the peer answers on.
    public let host: String
    /// The UDP port the peer answers on.
    public let port: UInt16

    /// Creates a contact from an id and an address.
    public init(id: NodeID, host: String, port: UInt16) {
        self.id = id
        self.host = host
        self.port = port
    }

    /// Creates a contact from an id and a ``NodeAddress``.
    public init(id: NodeID, address: NodeAddress) {
        self.init(id: id, host: address.host, port: address.port)
    }

    /// The contact's host and port.
    public var address: NodeAddress { NodeAddress(host: host, port: port) }

    /// `id@host:port`.
    public var description: String { "\(id)@\(host):\(port)" }
}
