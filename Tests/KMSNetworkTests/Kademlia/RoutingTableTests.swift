import KMSNetwork
import Testing
import UmbralCore

/// Ids built from a leading byte pattern, so bucket placement is easy to read.
private func id(_ first: UInt8, _ second: UInt8 = 0, last: UInt8 = 0) -> NodeID {
    var bytes = [UInt8](repeating: 0, count: NodeID.byteCount)
    bytes[0] = first
    bytes[1] = second
    bytes[19] = last
    return (try? NodeID(bytes: bytes)) ?? .zero
}

private func contact(_ nodeID: NodeID, port: UInt16 = 1) -> NodeContact {
    NodeContact(id: nodeID, host: "10.0.0.1", port: port)
}

@Suite("Kademlia routing table")
struct RoutingTableTests {
    @Test("a fresh table is one bucket over the whole id space")
    func freshTable() {
        let table = RoutingTable(localID: id(0x00), now: 0)
        #expect(table.buckets.count == 1)
        #expect(table.buckets[0].prefixLength == 0)
        #expect(table.buckets[0].covers(id(0xff, 0xff, last: 0xff)))
    }

    @Test("the bucket holding the local id splits when full, halving the range")
    func splitsLocalBucket() {
        var table = RoutingTable(localID: id(0x00), k: 4, now: 0)
        // Four far contacts (first bit 1) then one near: the single bucket is full and covers us.
        for n in 0..<4 { table.add(contact(id(0x80 + UInt8(n)), port: UInt16(n)), now: 0) }
        #expect(table.buckets.count == 1)
        #expect(table.add(contact(id(0x01), port: 9), now: 5) == .added)
        #expect(table.buckets.count == 2)
        #expect(table.buckets[0].prefixLength == 1 && table.buckets[1].prefixLength == 1)
        #expect(table.buckets[1].lowerBound == id(0x80))
        #expect(table.buckets[1].contacts.count == 4)
        #expect(table.buckets[0].contacts.map(\.id) == [id(0x01)])
        #expect(table.buckets.allSatisfy { $0.lastUpdated == 5 })
    }

    @Test("a full far bucket splits while its contacts share a prefix length that is not a multiple of 5")
    func cachesInFarBucket() {
        var table = RoutingTable(localID: id(0x00), k: 2, now: 0)
        // Split until the far half [0x80...] is a bucket of its own.
        table.add(contact(id(0x80), port: 1), now: 0)
        table.add(contact(id(0xc0), port: 2), now: 0)
        table.add(contact(id(0x01), port: 3), now: 0)
        let far = table.bucketIndex(for: id(0xff))
        #expect(table.buckets[far].prefixLength == 1)
        // 0x80 and 0xc0 share exactly 1 leading bit, which is not a multiple of 5: it splits.
        #expect(table.add(contact(id(0xa0), port: 4), now: 0) == .added)
        // Now [0x80, 0xc0) holds 0x80, 0xa0 (sharing 2 bits → splits again) …
        let before = table.buckets.count
        #expect(table.add(contact(id(0x90), port: 5), now: 0) == .added)
        #expect(table.buckets.count > before)
    }

    @Test("depth multiple of five stops splitting: the newcomer waits in the replacement cache")
    func replacementCache() {
        var table = RoutingTable(localID: id(0x00), k: 2, now: 0)
        // 0x84 and 0x85 share 7 bits; after splits their bucket is [0x84,0x86) region … use 5-bit sharing:
        // 0x80 = 10000000 and 0x87 = 10000111 share 5 bits.
        table.add(contact(id(0x80), port: 1), now: 0)
        table.add(contact(id(0x87), port: 2), now: 0)
        let outcome = table.add(contact(id(0xc0), port: 3), now: 0)
        #expect(outcome == .cached(oldest: contact(id(0x80), port: 1)))
        let far = table.buckets[table.bucketIndex(for: id(0xc0))]
        #expect(far.contacts.map(\.id) == [id(0x80), id(0x87)])
        #expect(far.replacements.map(\.id) == [id(0xc0)])
        #expect(table.isNew(id(0xc0)))
    }

    @Test("removing a dead primary promotes the newest replacement")
    func evictionPromotesNewest() {
        var table = RoutingTable(localID: id(0x00), k: 2, now: 0)
        table.add(contact(id(0x80), port: 1), now: 0)
        table.add(contact(id(0x87), port: 2), now: 0)
        table.add(contact(id(0xc0), port: 3), now: 0)
        table.add(contact(id(0xd0), port: 4), now: 0)
        table.remove(id(0x80))
        let bucket = table.buckets[table.bucketIndex(for: id(0x87))]
        #expect(bucket.contacts.map(\.id) == [id(0x87), id(0xd0)])
        #expect(bucket.replacements.map(\.id) == [id(0xc0)])
        #expect(!table.isNew(id(0xd0)))
    }

    @Test("re-adding a known contact moves it to the most-recent end")
    func lruOrder() {
        var table = RoutingTable(localID: id(0x00), k: 3, now: 0)
        for n: UInt8 in [0x80, 0x90, 0xa0] { table.add(contact(id(n), port: UInt16(n)), now: 0) }
        table.add(contact(id(0x80), port: 0x80), now: 1)
        #expect(table.buckets[table.bucketIndex(for: id(0x80))].contacts.map(\.id) == [id(0x90), id(0xa0), id(0x80)])
    }

    @Test("the replacement cache keeps the newest 5·k entries")
    func boundedReplacementCache() {
        var table = RoutingTable(localID: id(0x00), k: 1, now: 0)
        table.add(contact(id(0x80), port: 1), now: 0)
        table.add(contact(id(0x01), port: 2), now: 0)  // forces the split away from 0x80
        for n in 0..<20 { table.add(contact(id(0x80, last: UInt8(n + 1)), port: UInt16(10 + n)), now: 0) }
        let bucket = table.buckets[table.bucketIndex(for: id(0x80))]
        #expect(bucket.replacements.count == 5)
        #expect(bucket.replacements.last?.id == id(0x80, last: 20))
        #expect(table.buckets.count < NodeID.bitCount + 1)
    }

    @Test("neighbours are the nearest known, skipping the target and the requester's address")
    func neighbours() {
        var table = RoutingTable(localID: id(0x00), k: 20, now: 0)
        for n in 1...10 { table.add(contact(id(UInt8(n * 16)), port: UInt16(n)), now: 0) }
        let all = table.neighbours(of: id(0x30), excluding: NodeAddress(host: "10.0.0.1", port: 2), now: 7)
        #expect(all.map(\.id) == [0x10, 0x70, 0x60, 0x50, 0x40, 0xa0, 0x90, 0x80].map { id($0) })
        // Like the reference, collection stops at `count` within the first bucket walked (newest
        // entries first), so a short answer is approximate: here the three newest, sorted.
        let three = table.neighbours(of: id(0x30), count: 3, now: 7)
        #expect(three.map(\.id) == [0xa0, 0x90, 0x80].map { id($0) })
        #expect(table.add(contact(id(0x00)), now: 0) == .ignoredLocal)
    }

    @Test("buckets untouched for an hour are lonely; refresh ids fall inside them")
    func lonelyBuckets() {
        var table = RoutingTable(localID: id(0x00), k: 2, now: 0)
        table.add(contact(id(0x80), port: 1), now: 0)
        table.add(contact(id(0xc0), port: 2), now: 0)
        table.add(contact(id(0x01), port: 3), now: 0)
        #expect(table.lonelyBuckets(now: 3600).isEmpty)
        #expect(table.lonelyBuckets(now: 3601).count == table.buckets.count)
        _ = table.neighbours(of: id(0xf0), now: 3601)
        let lonely = table.lonelyBuckets(now: 3601)
        #expect(lonely.count == table.buckets.count - 1)
        var rng = SystemRandom()
        for bucket in lonely { #expect(bucket.covers(bucket.randomID(using: &rng))) }
    }
}
