/// Where a Kademlia node listens: the host string and UDP port that peers send to.
///
/// Python kademlia learns addresses only from the source of incoming datagrams, so an address
/// is known before (and independently of) the node id that answers on it.
public struct NodeAddress: Hashable, Sendable, CustomStringConvertible {
    /// The host as peers spell it, usually a dotted IPv4 address.
    public let host: String
    /// The UDP port.
    public let port: UInt16

    /// Creates an address from a host string and a port.
    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// `host:port`.
    public var description: String { "\(host):\(port)" }
}
