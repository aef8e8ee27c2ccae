import KMSNetwork
import Testing

/// An id whose first byte is `first` and whose other bytes are zero.
private func id(_ first: UInt8) -> NodeID {
    var bytes = [UInt8](repeating: 0, count: NodeID.byteCount)
    bytes[0] = first
    return (try? NodeID(bytes: bytes)) ?? .zero
}

/// Nodes with chosen ids on one in-memory network, sharing a manual clock.
private struct Cluster {
    let network = InMemoryKademliaNetwork()
    let clock = ManualKademliaClock()

    func node(_ first: UInt8, k: Int = 20) -> KademliaNode {
        let contact = NodeContact(id: id(first), host: "10.2.0.\(first)", port: 7000)
        let node = KademliaNode(contact: contact, rpc: network.transport(for: contact), clock: clock, k: k)
        network.attach(node)
        return node
    }
}

@Suite("Kademlia node")
struct KademliaNodeTests {
    @Test("every incoming RPC adds the sender; find_node leaves out the requester and the target")
    func serverSideUpdatesTable() async {
        let cluster = Cluster()
        let local = cluster.node(0x00)
        let a = cluster.node(0x40)
        let b = cluster.node(0x80)
        #expect(await local.handlePing(from: a.contact) == local.contact.id)
        _ = await local.handleFindNode(from: b.contact, target: id(0x41))
        #expect(Set(await local.routingTable.contacts) == [a.contact, b.contact])
        #expect(await local.handleFindNode(from: b.contact, target: id(0x40)) == [])
        #expect(await local.handleFindNode(from: b.contact, target: id(0x41)) == [a.contact])
    }

    @Test("a full bucket pings its oldest contact; a dead one is evicted and the newcomer promoted")
    func evictsDeadPeer() async {
        let cluster = Cluster()
        let local = cluster.node(0x00, k: 2)
        // 0x80 and 0x87 share five leading bits, so their full bucket may not split.
        let oldest = cluster.node(0x80)
        let other = cluster.node(0x87)
        let newcomer = cluster.node(0xc0)
        _ = await local.handlePing(from: oldest.contact)
        _ = await local.handlePing(from: other.contact)
        cluster.network.detach(oldest.contact.address)
        _ = await local.handlePing(from: newcomer.contact)
        let table = await local.routingTable
        let bucket = table.buckets[table.bucketIndex(for: id(0xc0))]
        #expect(bucket.contacts == [other.contact, newcomer.contact])
        #expect(bucket.replacements.isEmpty)
    }

    @Test("a live oldest contact keeps its slot and the newcomer stays cached")
    func keepsLivePeer() async {
        let cluster = Cluster()
        let local = cluster.node(0x00, k: 2)
        let oldest = cluster.node(0x80)
        let other = cluster.node(0x87)
        let newcomer = cluster.node(0xc0)
        _ = await local.handlePing(from: oldest.contact)
        _ = await local.handlePing(from: other.contact)
        _ = await local.handlePing(from: newcomer.contact)
        let table = await local.routingTable
        let bucket = table.buckets[table.bucketIndex(for: id(0xc0))]
        #expect(bucket.contacts == [oldest.contact, other.contact])
        #expect(bucket.replacements == [newcomer.contact])
    }

    @Test("a newcomer nearer to a stored key than our farthest neighbour is sent the value")
    func pushesValuesToNewcomers() async throws {
        let cluster = Cluster()
        let holder = cluster.node(0x10)
        let sender = cluster.node(0x11)
        let key = id(0x12).bytes
        // The sender is welcomed before the value is stored, so it is not sent the value back.
        #expect(await holder.handleStore(from: sender.contact, key: key, value: .string("pushed")))
        #expect(await sender.storedValue(forKey: key) == nil)
        // 0x13 is nearer to the key than 0x11, and the holder is nearer than 0x11: pushed.
        let near = cluster.node(0x13)
        _ = await holder.handlePing(from: near.contact)
        #expect(await near.storedValue(forKey: key) == .string("pushed"))
        // 0x80 is farther than every neighbour the holder knows for the key: not pushed.
        let far = cluster.node(0x80)
        _ = await holder.handlePing(from: far.contact)
        #expect(await far.storedValue(forKey: key) == nil)
    }

    @Test("a lookup through a silent peer drops it from the routing table")
    func silentPeerDropped() async throws {
        let cluster = Cluster()
        let asker = cluster.node(0x00)
        let silent = cluster.node(0x40)
        _ = await asker.handlePing(from: silent.contact)
        cluster.network.detach(silent.contact.address)
        #expect(try await asker.get(id(0x41).bytes) == nil)
        #expect(await asker.routingTable.contacts.isEmpty)
    }

    @Test("set stores locally when this node is among the nearest, and returns the acknowledgements")
    func setCountsAcks() async throws {
        let cluster = Cluster()
        let a = cluster.node(0x01)
        let b = cluster.node(0x02)
        let c = cluster.node(0x80)
        await b.bootstrap([c.contact.address])
        await a.bootstrap([b.contact.address])
        let key = id(0x03).bytes
        #expect(try await a.set(.integer(42), forKey: key) == 2)
        for node in [a, b, c] { #expect(await node.storedValue(forKey: key) == .integer(42)) }
        await #expect(throws: KMSNetworkError.invalidNodeIDLength(actual: 3)) { try await a.set(.bool(false), forKey: [1, 2, 3]) }
    }

    @Test("refresh looks up a random id in every lonely bucket, leaving none lonely")
    func refreshTouchesLonelyBuckets() async {
        let simulation = await KademliaSimulation(nodeCount: 60, seed: 29)
        let node = simulation.nodes[10]
        simulation.clock.advance(by: 3601)
        #expect(await !node.routingTable.lonelyBuckets(now: simulation.clock.now()).isEmpty)
        let before = simulation.network.rpcCount
        await node.refresh()
        #expect(simulation.network.rpcCount > before)
        #expect(await node.routingTable.lonelyBuckets(now: simulation.clock.now()).isEmpty)
    }
}
