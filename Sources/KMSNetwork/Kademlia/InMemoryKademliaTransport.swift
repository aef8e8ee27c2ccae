/// The ``KademliaRPC`` of one node on an ``InMemoryKademliaNetwork``: it calls the receiving
/// node's handlers directly, naming its own node as the sender.
public struct InMemoryKademliaTransport: KademliaRPC {
    /// The network carrying the calls.
    public let network: InMemoryKademliaNetwork
    /// The node these calls come from, as receivers see it.
    public let sender: NodeContact

    /// Creates a transport for `sender` on `network`.
    public init(network: InMemoryKademliaNetwork, sender: NodeContact) {
        self.network = network
        self.sender = sender
    }

    /// Pings the node at `address`.
    public func ping(_ address: NodeAddress) async throws(KMSNetworkError) -> NodeID {
        let id = try await network.deliver(to: address).handlePing(from: sender)
        try network.returnReply(from: address)
        return id
    }

    /// Sends `store` to `contact`.
    public func store(key: [UInt8], value: DHTValue, at contact: NodeContact) async throws(KMSNetworkError) -> Bool {
        let stored = try await network.deliver(to: contact.address).handleStore(from: sender, key: key, value: value)
        try network.returnReply(from: contact.address)
        return stored
    }

    /// Sends `find_node` to `contact`.
    public func findNode(target: NodeID, at contact: NodeContact) async throws(KMSNetworkError) -> [NodeContact] {
        let contacts = try await network.deliver(to: contact.address).handleFindNode(from: sender, target: target)
        try network.returnReply(from: contact.address)
        return contacts
    }

    /// Sends `find_value` to `contact`.
    public func findValue(key: [UInt8], at contact: NodeContact) async throws(KMSNetworkError) -> FindValueResult {
        let result = try await network.deliver(to: contact.address).handleFindValue(from: sender, key: key)
        try network.returnReply(from: contact.address)
        return result
    }
}
