/// The seam between the Kademlia logic and a transport: the four RPCs one node sends to another.
///
/// A conforming type sends on behalf of one local node, so the sender's id and address are its
/// own business (rpcudp puts the id in the arguments and the address in the datagram source).
/// The only failure is silence: a transport throws ``KMSNetworkError/noResponse(host:port:)``
/// when no reply came in time, which makes the caller drop the peer from its routing table.
public protocol KademliaRPC: Sendable {
    /// Pings the node at `address` and returns the id it answers with.
    func ping(_ address: NodeAddress) async throws(KMSNetworkError) -> NodeID

    /// Asks `contact` to store `value` under the 20-byte digest `key`; returns the peer's reply.
    func store(key: [UInt8], value: DHTValue, at contact: NodeContact) async throws(KMSNetworkError) -> Bool

    /// Asks `contact` for the contacts it knows nearest to `target`.
    func findNode(target: NodeID, at contact: NodeContact) async throws(KMSNetworkError) -> [NodeContact]

    /// Asks `contact` for the value under `key`, or its nearest contacts when it lacks it.
    func findValue(key: [UInt8], at contact: NodeContact) async throws(KMSNetworkError) -> FindValueResult
}
