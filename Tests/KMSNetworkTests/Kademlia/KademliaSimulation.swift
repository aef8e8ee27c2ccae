import KMSNetwork

/// A network of ``KademliaNode``s on the in-memory transport, each bootstrapped through a
/// random earlier node, sharing one manual clock.
struct KademliaSimulation {
    let network: InMemoryKademliaNetwork
    let clock = ManualKademliaClock()
    private(set) var nodes: [KademliaNode] = []
    var rng: SeededGenerator

    init(nodeCount: Int, seed: UInt64) async {
        network = InMemoryKademliaNetwork(seed: seed)
        rng = SeededGenerator(seed: seed)
        for index in 0..<nodeCount {
            let contact = NodeContact(id: NodeID.random(using: &rng), host: "10.0.\(index / 250).\(index % 250 + 1)",
                                      port: 9000)
            let node = KademliaNode(contact: contact, rpc: network.transport(for: contact), clock: clock)
            network.attach(node)
            if !nodes.isEmpty {
                let seedNode = nodes[Int.random(in: 0..<nodes.count, using: &rng)]
                await node.bootstrap([seedNode.contact.address])
            }
            nodes.append(node)
        }
    }

    /// A random 20-byte key.
    mutating func randomKey() -> [UInt8] {
        NodeID.random(using: &rng).bytes
    }

    /// Takes `node` off the network and out of the simulation.
    mutating func remove(_ index: Int) {
        network.detach(nodes[index].contact.address)
        nodes.remove(at: index)
    }

    /// How many nodes hold `value` under `key`.
    func holders(of key: [UInt8], value: DHTValue) async -> Int {
        var count = 0
        for node in nodes where await node.storedValue(forKey: key) == value { count += 1 }
        return count
    }

    /// Looks `key` up from every node, a few lookups at a time, returning each node's report.
    func lookupFromAll(_ key: [UInt8]) async throws -> [KademliaLookupReport] {
        try await withThrowingTaskGroup(of: KademliaLookupReport.self) { group in
            var reports: [KademliaLookupReport] = []
            var next = 0
            // A bounded window keeps many lookups in flight without one task per node at once.
            for _ in 0..<min(8, nodes.count) {
                let node = nodes[next]
                group.addTask { try await node.lookup(key) }
                next += 1
            }
            for try await report in group {
                reports.append(report)
                if next < nodes.count {
                    let node = nodes[next]
                    group.addTask { try await node.lookup(key) }
                    next += 1
                }
            }
            return reports
        }
    }
}
