import KMSMessagePack
import KMSPolicy
import Testing
import UmbralCore

@Suite("TreasureMap")
struct TreasureMapTests {
    @Test("The vector map parses with its fields and re-encodes byte for byte, headered and bare")
    func vector() throws {
        let vectors = try PREObjectVectors.main()
        let bytes = try PREObjectVectors.bytes(vectors, "treasure_map.bytes")
        #expect(bytes.count == 1767)
        let map = try TreasureMap(bytes: bytes)
        #expect(map.bytes == bytes)
        #expect(map.messagePackBytes == Array(bytes.dropFirst(8)))
        #expect(try TreasureMap(messagePackBytes: map.messagePackBytes) == map)
        #expect(map.threshold == 2)
        #expect(map.hrac.bytes == (try PREObjectVectors.bytes(vectors, "hrac.bytes")))
        #expect(map.policyEncryptingKey == (try PREObjectVectors.publicKey(vectors, "alice/delegating")))
        #expect(map.publisherVerifyingKey == (try PREObjectVectors.publicKey(vectors, "alice/signing")))
        let expected = try PREObjectVectors.dictionary(PREObjectVectors.value(vectors, "treasure_map.destinations"))
        #expect(map.destinations.count == 3)
        for (hex, value) in expected {
            let address = try Address(bytes: PREObjectVectors.decodeHex(hex))
            let encrypted = try #require(map.destinations[address])
            #expect(encrypted.bytes == (try PREObjectVectors.decodeHex(try #require(value as? String))))
        }
    }

    @Test("Every TreasureMap case of the error vectors: refused unless canonical and sensible")
    func errorVectors() throws {
        let cases = try PREErrorVector.cases(type: "TreasureMap")
        #expect(cases.count == 13)
        // Canonical, but a threshold of 0 or above the number of destinations: the reference
        // accepts them, this implementation refuses them (a map Bob could never use).
        let refusedThresholds: Set = ["threshold 0", "threshold > number of destinations"]
        #expect(Set(cases.filter { !$0.mustThrow }.map(\.name)).isSuperset(of: refusedThresholds))
        var refused = 0
        for vector in cases {
            if vector.mustThrow || refusedThresholds.contains(vector.name) {
                refused += 1
                vector.expectRefused { (input) throws(KMSPolicyError) in _ = try TreasureMap(bytes: input) }
            } else {
                #expect(try TreasureMap(bytes: vector.input).bytes == vector.input, "\(vector.name)")
            }
        }
        #expect(refused == 12)
        #expect(cases.filter { $0.outcome != "accepted" }.count == 5)
    }

    @Test("The refusals name the right problem: order, duplicates and threshold")
    func specificRefusals() throws {
        let cases = try PREErrorVector.cases(type: "TreasureMap")
        func input(_ name: String) throws -> [UInt8] {
            try #require(cases.first { $0.name == name }).input
        }
        #expect(throws: KMSPolicyError.addressesNotStrictlyAscending(object: "TreasureMap", index: 1)) {
            try TreasureMap(bytes: input("destinations in descending key order"))
        }
        #expect(throws: KMSPolicyError.self) { try TreasureMap(bytes: input("duplicate destination key")) }
        #expect(throws: KMSPolicyError.invalidThreshold(threshold: 0, destinations: 3)) {
            try TreasureMap(bytes: input("threshold 0"))
        }
        #expect(throws: KMSPolicyError.invalidThreshold(threshold: 9, destinations: 3)) {
            try TreasureMap(bytes: input("threshold > number of destinations"))
        }
        #expect(
            throws: KMSPolicyError.malformedBody(
                object: "TreasureMap", .integerOutOfRange(field: "threshold", type: "UInt8", value: "256"))
        ) {
            try TreasureMap(bytes: input("threshold 256"))
        }
    }

    /// Alice's keys, Bob's and three Ursulas', and a 2-of-3 batch of kFrags, from a seeded generator.
    struct Policy {
        var rng: PREObjectTestRNG
        let alice: Signer
        let policy: SecretKey
        let bobEncrypting: SecretKey
        let bobVerifying: SecretKey
        let ursulas: [SecretKey]
        let addresses: [Address]
        let keyFrags: [VerifiedKeyFrag]
        let hrac: HRAC

        init(shares: Int = 3) throws {
            var rng = PREObjectTestRNG(seed: 2024)
            alice = Signer(SecretKey.random(using: &rng))
            policy = SecretKey.random(using: &rng)
            bobEncrypting = SecretKey.random(using: &rng)
            bobVerifying = SecretKey.random(using: &rng)
            var ursulas = [SecretKey]()
            var addresses = [Address]()
            for index in 0..<shares {
                ursulas.append(SecretKey.random(using: &rng))
                // Descending first bytes, so the input order is the reverse of the wire order.
                var bytes = [UInt8(0xf0 - index)]
                for _ in 1..<20 { bytes.append(UInt8.random(in: 0...255, using: &rng)) }
                addresses.append(try Address(bytes: bytes))
            }
            self.ursulas = ursulas
            self.addresses = addresses
            keyFrags = try Umbral.generateKeyFrags(
                delegating: policy, receiving: bobEncrypting.publicKey, signer: alice, threshold: min(2, shares),
                shares: shares, using: &rng)
            hrac = HRAC(publisherVerifyingKey: alice.verifyingKey, bobVerifyingKey: bobVerifying.publicKey, label: "t".utf8)
            self.rng = rng
        }

        var assigned: [Address: (PublicKey, VerifiedKeyFrag)] {
            var result = [Address: (PublicKey, VerifiedKeyFrag)]()
            for index in addresses.indices {
                result[addresses[index]] = (ursulas[index].publicKey, keyFrags[index])
            }
            return result
        }

        mutating func map(threshold: Int = 2) throws(KMSPolicyError) -> TreasureMap {
            try TreasureMap(
                signer: alice, hrac: hrac, policyEncryptingKey: policy.publicKey, assignedKeyFrags: assigned,
                threshold: threshold, using: &rng)
        }
    }

    @Test("A fresh map round-trips, writes keys ascending, and each Ursula opens her kFrag")
    func freshRoundTrip() throws {
        var policy = try Policy()
        let map = try policy.map()
        #expect(map.threshold == 2)
        #expect(map.publisherVerifyingKey == policy.alice.verifyingKey)
        #expect(map.policyEncryptingKey == policy.policy.publicKey)
        let parsed = try TreasureMap(bytes: map.bytes)
        #expect(parsed == map)
        #expect(parsed.bytes == map.bytes)

        // Keys on the wire: ascending, the reverse of the order the addresses were made in.
        var reader = MessagePackReader(map.messagePackBytes)
        try reader.readArrayHeader(count: 5)
        _ = try reader.readUInt()
        _ = try reader.readBinary(count: 16)
        #expect(try reader.readMapHeader() == 3)
        var keys = [[UInt8]]()
        for _ in 0..<3 {
            keys.append(try reader.readBinary(count: 20))
            _ = try reader.readEncodedValue()
        }
        #expect(keys == policy.addresses.reversed().map(\.bytes))

        for index in policy.addresses.indices {
            let encrypted = try #require(map.destinations[policy.addresses[index]])
            let keyFrag = try encrypted.decrypt(
                secretKey: policy.ursulas[index], hrac: policy.hrac, publisherVerifyingKey: policy.alice.verifyingKey)
            #expect(keyFrag == policy.keyFrags[index])
        }
    }

    @Test("The same seed builds the same map; the system generator another")
    func determinism() throws {
        var first = try Policy()
        var second = try Policy()
        #expect(try first.map() == (try second.map()))
        let unseeded = try TreasureMap(
            signer: first.alice, hrac: first.hrac, policyEncryptingKey: first.policy.publicKey,
            assignedKeyFrags: first.assigned, threshold: 3)
        #expect(unseeded.threshold == 3)
        #expect(unseeded.destinations.keys.sorted() == first.addresses.sorted())
        #expect(try TreasureMap(bytes: unseeded.bytes) == unseeded)
    }

    @Test("The constructor requires 1 ≤ threshold ≤ destinations", arguments: [0, -1, 4, 256, 1000])
    func invalidThreshold(threshold: Int) throws {
        var policy = try Policy()
        #expect(throws: KMSPolicyError.invalidThreshold(threshold: threshold, destinations: 3)) {
            try policy.map(threshold: threshold)
        }
    }

    @Test("A map needs at least one destination; a 1-of-1 map works")
    func smallMaps() throws {
        var policy = try Policy(shares: 1)
        let single = try policy.map(threshold: 1)
        #expect(try TreasureMap(bytes: single.bytes) == single)
        #expect(throws: KMSPolicyError.invalidThreshold(threshold: 1, destinations: 0)) {
            try TreasureMap(
                signer: policy.alice, hrac: policy.hrac, policyEncryptingKey: policy.policy.publicKey,
                assignedKeyFrags: [:], threshold: 1)
        }
    }

    @Test("Strict parsing beyond the vectors: trailing bytes, header, bare and headered forms")
    func strictParsing() throws {
        let vectors = try PREObjectVectors.main()
        let bytes = try PREObjectVectors.bytes(vectors, "treasure_map.bytes")
        #expect(throws: KMSPolicyError.self) { try TreasureMap(bytes: bytes + [0]) }
        #expect(throws: KMSPolicyError.self) { try TreasureMap(messagePackBytes: bytes) }
        #expect(throws: KMSPolicyError.self) { try TreasureMap(messagePackBytes: Array(bytes.dropFirst(8)) + [0]) }
        #expect(throws: KMSPolicyError.majorVersionMismatch(expected: 3, actual: 4)) {
            try TreasureMap(bytes: Array(bytes.prefix(4)) + [0, 4] + bytes.dropFirst(6))
        }
        // The destinations map in map16 form although it has only 3 entries: non-canonical.
        let wide = Array(bytes.prefix(0x1c)) + [0xde, 0x00, 0x03] + bytes.dropFirst(0x1d)
        #expect(throws: KMSPolicyError.self) { try TreasureMap(bytes: wide) }
    }

    @Test("Seeded mutants of the vector map: never a crash, and whatever parses re-encodes to itself")
    func mutants() throws {
        let bytes = try PREObjectVectors.bytes(PREObjectVectors.main(), "treasure_map.bytes")
        PREObjectVectors.expectStrictOnMutants(of: bytes, seed: 6) { (input) throws(KMSPolicyError) in
            try TreasureMap(bytes: input).bytes
        }
        PREObjectVectors.expectStrictOnMutants(of: Array(bytes.dropFirst(8)), count: 100, seed: 7) {
            (input) throws(KMSPolicyError) in try TreasureMap(messagePackBytes: input).messagePackBytes
        }
    }
}
