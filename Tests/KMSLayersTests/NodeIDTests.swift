import KMSNetwork
import Testing

@Suite("Kademlia node ids and the XOR metric")
struct NodeIDTests {
    static func id(_ hexDigits: String) -> NodeID {
        id(bytes: hex(hexDigits))
    }

    static func id(bytes: [UInt8]) -> NodeID {
        // The fixtures below are all 20 bytes; anything else is a bug in the test.
        do {
            return try NodeID(bytes: bytes)
        } catch {
            preconditionFailure("\(error)")
        }
    }

    /// An id with only bit `index` set, counting from the most significant bit (0...159).
    static func singleBit(_ index: Int) -> NodeID {
        var bytes = [UInt8](repeating: 0, count: 20)
        bytes[index / 8] = 0x80 >> UInt8(index % 8)
        return id(bytes: bytes)
    }

    static func randomIDs(count: Int, seed: UInt64) -> [NodeID] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in NodeID.random(using: &rng) }
    }

    @Test("ids are exactly 20 bytes", arguments: [0, 1, 19, 21, 32])
    func lengthIsChecked(count: Int) {
        #expect(throws: KMSNetworkError.invalidNodeIDLength(actual: count)) {
            try NodeID(bytes: [UInt8](repeating: 0xab, count: count))
        }
    }

    @Test("the error says what was wrong")
    func errorDescription() {
        #expect(
            KMSNetworkError.invalidNodeIDLength(actual: 19).description
                == "a Kademlia node id has 20 bytes, got 19")
    }

    @Test("bytes round-trip and print as 40 hex digits, most significant first")
    func bytesAndHex() throws {
        let bytes: [UInt8] = Array(0..<20).map { UInt8($0 * 13 + 1) }
        let id = try NodeID(bytes: bytes)
        #expect(id.bytes == bytes)
        #expect(id.description == "010e1b2835424f5c697683909daab7c4d1deebf8")
        #expect(try NodeID(bytes: ArraySlice(bytes)) == id)
        #expect(NodeID.zero.bytes == [UInt8](repeating: 0, count: 20))
        #expect(NodeID.zero.description == String(repeating: "0", count: 40))
        let ones = try NodeID(bytes: [UInt8](repeating: 0xff, count: 20))
        #expect(ones.description == String(repeating: "f", count: 40))
        for id in Self.randomIDs(count: 50, seed: 1) {
            #expect(try NodeID(bytes: id.bytes) == id)
            #expect(id.description == id.bytes.map { String($0 >> 4, radix: 16) + String($0 & 0xf, radix: 16) }.joined())
        }
    }

    @Test("random ids come from the injected generator")
    func randomUsesGenerator() {
        #expect(Self.randomIDs(count: 10, seed: 42) == Self.randomIDs(count: 10, seed: 42))
        #expect(Self.randomIDs(count: 10, seed: 42) != Self.randomIDs(count: 10, seed: 43))
        let many = Self.randomIDs(count: 1000, seed: 7)
        #expect(Set(many).count == 1000)
        // Every byte position, including the last four (the narrower word), gets varied values.
        for position in 0..<20 {
            #expect(Set(many.map { $0.bytes[position] }).count > 200, "byte \(position)")
        }
        #expect(NodeID.random() != NodeID.random())
    }

    @Test("distance is the byte-wise XOR")
    func distanceIsXOR() throws {
        let a = Self.id("ffffffffffffffffffffffffffffffffffffffff")
        let b = Self.id("0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f")
        #expect(a.distance(to: b) == Self.id("f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0"))
        for pair in Self.randomIDs(count: 40, seed: 2).chunked() {
            let expected = zip(pair.0.bytes, pair.1.bytes).map { $0 ^ $1 }
            #expect(pair.0.distance(to: pair.1).bytes == expected)
        }
    }

    @Test("XOR metric: d(a,a) = 0, d(a,b) > 0 for a ≠ b, symmetry, and d(a,b) ⊕ d(b,c) = d(a,c)")
    func metricProperties() {
        let ids = Self.randomIDs(count: 30, seed: 3) + [.zero, Self.singleBit(0), Self.singleBit(159)]
        for a in ids {
            #expect(a.distance(to: a) == .zero)
            #expect(a.distance(to: .zero) == a)
            for b in ids {
                let ab = a.distance(to: b)
                #expect(ab == b.distance(to: a))
                #expect((ab == .zero) == (a == b))
                for c in ids.prefix(8) {
                    let bc = b.distance(to: c)
                    let ac = a.distance(to: c)
                    #expect(ab.distance(to: bc) == ac)
                }
            }
        }
    }

    @Test("unidirectional: for each a and distance d, exactly one b has d(a,b) = d")
    func unidirectional() {
        let ids = Self.randomIDs(count: 20, seed: 4)
        for a in ids {
            for b in ids {
                let d = a.distance(to: b)
                #expect(a.distance(to: d) == b)
            }
        }
    }

    @Test("ordering is the 160-bit big-endian unsigned integer order")
    func ordering() {
        #expect(NodeID.zero < Self.singleBit(159))
        #expect(Self.singleBit(159) < Self.singleBit(158))
        // Each word boundary: a higher bit in a more significant word wins over everything below.
        for index in 1..<160 {
            #expect(Self.singleBit(index) < Self.singleBit(index - 1), "bit \(index)")
        }
        let lowAllOnes = Self.id("00000000000000000000000000000000ffffffff")
        let middleAllOnes = Self.id("0000000000000000ffffffffffffffffffffffff")
        #expect(lowAllOnes < Self.singleBit(127))
        #expect(middleAllOnes < Self.singleBit(63))
        #expect(!(NodeID.zero < NodeID.zero))

        let ids = Self.randomIDs(count: 200, seed: 5)
        let sorted = ids.sorted()
        let byBytes = ids.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
        #expect(sorted == byBytes)
    }

    @Test("sorting by distance puts the closest id first")
    func sortByDistance() {
        let target = Self.id("8000000000000000000000000000000000000000")
        let near = Self.id("8000000000000000000000000000000000000001")
        let middle = Self.id("80000000000000000000000000000000ffffffff")
        let far = Self.id("0000000000000000000000000000000000000000")
        let sorted = [far, middle, near, target].sorted { $0.distance(to: target) < $1.distance(to: target) }
        #expect(sorted == [target, near, middle, far])
    }

    @Test("shared prefix length: 160 for equal ids, 0 when the first bit differs, and each bit in between")
    func sharedPrefix() {
        let a = Self.id("0123456789abcdef0123456789abcdef01234567")
        #expect(a.sharedPrefixLength(with: a) == NodeID.bitCount)
        #expect(NodeID.zero.sharedPrefixLength(with: .zero) == 160)
        #expect(NodeID.zero.sharedPrefixLength(with: Self.singleBit(0)) == 0)
        #expect(a.sharedPrefixLength(with: a.distance(to: Self.singleBit(0))) == 0)
        for index in 0..<160 {
            let flipped = a.distance(to: Self.singleBit(index))
            #expect(a.sharedPrefixLength(with: flipped) == index, "bit \(index)")
            #expect(flipped.sharedPrefixLength(with: a) == index, "bit \(index)")
        }
        // Only the first difference counts: later differing bits do not shorten the prefix.
        let b = a.distance(to: Self.singleBit(70)).distance(to: Self.singleBit(100)).distance(to: Self.singleBit(159))
        #expect(a.sharedPrefixLength(with: b) == 70)
    }

    @Test("shared prefix length agrees with a bit-by-bit count")
    func sharedPrefixMatchesBits() {
        let ids = Self.randomIDs(count: 40, seed: 6)
        for (a, b) in zip(ids, ids.reversed()) {
            var expected = 0
            outer: for (x, y) in zip(a.bytes, b.bytes) {
                for bit in (0..<8).reversed() {
                    if (x >> bit) & 1 != (y >> bit) & 1 { break outer }
                    expected += 1
                }
            }
            #expect(a.sharedPrefixLength(with: b) == expected)
        }
    }
}

extension Array {
    /// Consecutive pairs: [a, b, c, d] gives (a, b), (c, d); an odd last element is dropped.
    fileprivate func chunked() -> [(Element, Element)] {
        stride(from: 0, to: count - 1, by: 2).map { (self[$0], self[$0 + 1]) }
    }
}
