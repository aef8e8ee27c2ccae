public import KMSPolicy

/// The other nodes an Ursula has learned through metadata exchanges, one per staking-provider
/// address, each verified before it was kept.
///
/// Verification shows only that a node's metadata is self-consistent (its own key signed it);
/// whether the operator is bonded to the staking provider is a question for the chain.
public actor KnownNodes {
    private var nodes: [Address: NodeMetadata] = [:]

    /// An empty set.
    public init() {}

    /// The known nodes, in ascending staking-provider address order.
    public var all: [NodeMetadata] {
        nodes.keys.sorted().compactMap { nodes[$0] }
    }

    /// How many nodes are known.
    public var count: Int { nodes.count }

    /// Keeps each node unless a node with the same address and a newer timestamp is already known;
    /// at an equal timestamp the first one kept stays, so a replay cannot swap in other metadata.
    ///
    /// The caller verifies the nodes first.
    public func learn(_ announced: [NodeMetadata]) {
        for node in announced {
            let address = node.payload.stakingProviderAddress
            if let known = nodes[address], known.payload.timestampEpoch >= node.payload.timestampEpoch { continue }
            nodes[address] = node
        }
    }

    /// The fleet-state checksum of the known nodes together with `thisNode`.
    public func checksum(thisNode: NodeMetadata) -> FleetStateChecksum {
        FleetStateChecksum(otherNodes: Array(nodes.values), thisNode: thisNode)
    }
}
