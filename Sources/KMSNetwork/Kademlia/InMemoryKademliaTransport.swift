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
        let route = try network.deliver(to: address)
        let id = await route.node.handlePing(from: sender)
        return try Self.answer(id, lost: route.replyLost, from: address)
    }

    /// Sends `store` to `contact`.
    public func store(key: [UInt8], value: DHTValue, at contact: NodeContact) async throws(KMSNetworkError) -> Bool {
        let route = try network.deliver(to: contact.address)
        let stored = await route.node.handleStore(from: sender, key: key, value: value)
        return try Self.answer(stored, lost: route.replyLost, from: contact.address)
    }

    /// Sends `find_node` to `contact`.
    public func findNode(target: NodeID, at contact: NodeContact) async throws(KMSNetworkError) -> [NodeContact] {
        let route = try network.deliver(to: contact.address)
        let contacts = await route.node.handleFindNode(from: sender, target: target)
        return try Self.answer(contacts, lost: route.replyLost, from: contact.address)
    }

    /// Sends `find_value` to `contact`.
    public func findValue(key: [UInt8], at contact: NodeContact) async throws(KMSNetworkError) -> FindValueResult {
        let route = try network.deliver(to: contact.address)
        let result = try await route.node.handleFindValue(from: sender, key: key)
        return try Self.answer(result, lost: route.replyLost, from: contact.address)
    }

    private static func answer<Reply>(_ reply: Reply, lost: Bool, from address: NodeAddress) throws(KMSNetworkError) -> Reply {
        if lost { throw .noResponse(host: address.host, port: address.port) }
        return reply
    }
}
