import Synchronization

/// A simulated network that carries RPCs between ``KademliaNode`` actors by direct calls.
///
/// Nodes are found by address, like UDP datagrams. Each datagram (request, then reply) is lost
/// with probability ``lossRate``; a lost one, or an address with no node, surfaces as
/// ``KMSNetworkError/noResponse(host:port:)`` at once, standing in for the 5-second timeout.
public final class InMemoryKademliaNetwork: Sendable {
    private struct State {
        var nodes: [NodeAddress: KademliaNode] = [:]
        var lossRate: Double
        var rng: SplitMix64
        var rpcCount = 0
    }

    private let state: Mutex<State>

    /// Creates an empty network dropping each datagram with probability `lossRate`, with loss
    /// decided by a generator seeded with `seed`.
    public init(lossRate: Double = 0, seed: UInt64 = 1) {
        state = Mutex(State(lossRate: lossRate, rng: SplitMix64(seed: seed)))
    }

    /// The probability that any one datagram is lost.
    public var lossRate: Double {
        get { state.withLock { $0.lossRate } }
        set { state.withLock { $0.lossRate = newValue } }
    }

    /// RPCs sent so far, answered or not.
    public var rpcCount: Int { state.withLock { $0.rpcCount } }

    /// The transport a node at `contact` sends through.
    public func transport(for contact: NodeContact) -> InMemoryKademliaTransport {
        InMemoryKademliaTransport(network: self, sender: contact)
    }

    /// Makes `node` reachable at its address.
    public func attach(_ node: KademliaNode) {
        state.withLock { $0.nodes[node.contact.address] = node }
    }

    /// Takes the node at `address` off the network; RPCs to it go unanswered from now on.
    public func detach(_ address: NodeAddress) {
        state.withLock { _ = $0.nodes.removeValue(forKey: address) }
    }

    /// The node an RPC to `address` reaches, counting the RPC and rolling for request loss.
    func deliver(to address: NodeAddress) throws(KMSNetworkError) -> KademliaNode {
        let node = state.withLock { state -> KademliaNode? in
            state.rpcCount += 1
            return Self.lost(&state) ? nil : state.nodes[address]
        }
        guard let node else { throw .noResponse(host: address.host, port: address.port) }
        return node
    }

    /// Rolls for the loss of the reply from `address`.
    func returnReply(from address: NodeAddress) throws(KMSNetworkError) {
        if state.withLock({ Self.lost(&$0) }) { throw .noResponse(host: address.host, port: address.port) }
    }

    private static func lost(_ state: inout State) -> Bool {
        state.lossRate > 0 && Double.random(in: 0..<1, using: &state.rng) < state.lossRate
    }
}
