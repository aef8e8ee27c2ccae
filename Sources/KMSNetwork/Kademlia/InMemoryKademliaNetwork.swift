import NIOConcurrencyHelpers

/// A simulated network that carries RPCs between ``KademliaNode`` actors by direct calls.
///
/// Nodes are found by address, like UDP datagrams. Each RPC goes unanswered with probability
/// ``lossRate``: half of those lose the request (the receiver never sees it), half the reply
/// (the receiver acted on it). A lost RPC, or one to an address with no node, surfaces as
/// ``KMSNetworkError/noResponse(host:port:)`` at once, standing in for the 5-second timeout.
public final class InMemoryKademliaNetwork: Sendable {
    private struct State {
        var nodes: [NodeAddress: KademliaNode] = [:]
        var lossRate: Double
        var rng: SplitMix64
        var rpcCount = 0
    }

    private let state: NIOLockedValueBox<State>

    /// Creates an empty network losing each RPC with probability `lossRate`, with loss decided
    /// by a generator seeded with `seed`.
    public init(lossRate: Double = 0, seed: UInt64 = 1) {
        state = NIOLockedValueBox(State(lossRate: lossRate, rng: SplitMix64(seed: seed)))
    }

    /// The probability that any one RPC goes unanswered.
    public var lossRate: Double {
        get { state.withLockedValue { $0.lossRate } }
        set { state.withLockedValue { $0.lossRate = newValue } }
    }

    /// RPCs sent so far, answered or not.
    public var rpcCount: Int { state.withLockedValue { $0.rpcCount } }

    /// The transport a node at `contact` sends through.
    public func transport(for contact: NodeContact) -> InMemoryKademliaTransport {
        InMemoryKademliaTransport(network: self, sender: contact)
    }

    /// Makes `node` reachable at its address.
    public func attach(_ node: KademliaNode) {
        state.withLockedValue { $0.nodes[node.contact.address] = node }
    }

    /// Takes the node at `address` off the network; RPCs to it go unanswered from now on.
    public func detach(_ address: NodeAddress) {
        state.withLockedValue { _ = $0.nodes.removeValue(forKey: address) }
    }

    /// The node an RPC to `address` reaches, counting the RPC and rolling for its loss; when
    /// `replyLost` is true the receiver handles the request but its answer never arrives.
    func deliver(to address: NodeAddress) throws(KMSNetworkError) -> (node: KademliaNode, replyLost: Bool) {
        let route = state.withLockedValue { state -> (node: KademliaNode, replyLost: Bool)? in
            state.rpcCount += 1
            guard let node = state.nodes[address] else { return nil }
            guard Self.lost(&state) else { return (node, false) }
            return Bool.random(using: &state.rng) ? nil : (node, true)
        }
        guard let route else { throw .noResponse(host: address.host, port: address.port) }
        return route
    }

    private static func lost(_ state: inout State) -> Bool {
        state.lossRate > 0 && Double.random(in: 0..<1, using: &state.rng) < state.lossRate
    }
}
