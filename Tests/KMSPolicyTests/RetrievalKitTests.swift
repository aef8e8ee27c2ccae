import KMSMessagePack
import KMSPolicy
import Testing
import UmbralCore

@Suite("RetrievalKit")
struct RetrievalKitTests {
    typealias V = NodeObjectVectors

    @Test("Each vector kit parses and re-encodes byte for byte", arguments: 0..<2)
    func roundTrip(index: Int) throws {
        let bytes = try V.bytes(V.main(), "retrieval_kits.\(index).bytes")
        let kit = try RetrievalKit(bytes: bytes)
        #expect(kit.bytes == bytes)
        #expect(try RetrievalKit(bytes: kit.bytes) == kit)
    }

    @Test("Bob's constructors reproduce the vector kits")
    func constructors() throws {
        let root = try V.main()
        let messageKit1 = try MessageKit(bytes: V.bytes(root, "message_kits.1.bytes"))
        let kit0 = RetrievalKit(messageKit: messageKit1)
        #expect(kit0.bytes == (try V.bytes(root, "retrieval_kits.0.bytes")))
        #expect(kit0.queriedAddresses.isEmpty)
        #expect(kit0.conditions == messageKit1.conditions)

        let messageKit0 = try MessageKit(bytes: V.bytes(root, "message_kits.0.bytes"))
        // The inputs list the addresses out of order; the kit sorts them as the reference's set.
        let addresses = try V.list(V.value(root, "retrieval_kits.1.inputs.queried_addresses"), "addresses").map {
            try Address(bytes: V.hex(V.string($0, "address")))
        }
        #expect(addresses != addresses.sorted())
        let kit1 = RetrievalKit(capsule: messageKit0.capsule, queriedAddresses: addresses + addresses, conditions: nil)
        #expect(kit1.bytes == (try V.bytes(root, "retrieval_kits.1.bytes")))
        #expect(kit1.queriedAddresses == addresses.sorted())
    }

    @Test("A fresh kit round-trips")
    func fresh() throws {
        let messageKit = try MessageKit(policyEncryptingKey: SecretKey.random().publicKey, plaintext: [1, 2, 3], conditions: "{}")
        let addresses = try (0..<20).map { try Address(bytes: [UInt8](repeating: UInt8(200 - $0), count: 20)) }
        let kit = RetrievalKit(capsule: messageKit.capsule, queriedAddresses: addresses, conditions: messageKit.conditions)
        let parsed = try RetrievalKit(bytes: kit.bytes)
        #expect(parsed == kit)
        #expect(parsed.bytes == kit.bytes)
        #expect(parsed.queriedAddresses.count == 20)
        #expect(parsed.queriedAddresses == addresses.reversed())
    }

    @Test("Address lists out of order or with repeats are refused, as are other malformed kits")
    func malformed() throws {
        let root = try V.main()
        let bytes = try V.bytes(root, "retrieval_kits.1.bytes")
        // Layout (see the spec): 0x72 92, 0x73 c414 address 0, 0x89 c414 address 1, 0x9f c0.
        #expect(bytes[0x72] == 0x92)
        let first = Array(bytes[0x73..<0x89])
        let second = Array(bytes[0x89..<0x9f])
        let swapped = Array(bytes[..<0x73]) + second + first + [0xc0]
        #expect(throws: KMSPolicyError.addressesNotStrictlyAscending(object: "RetrievalKit", index: 1)) {
            try RetrievalKit(bytes: swapped)
        }
        let repeated = Array(bytes[..<0x73]) + first + first + [0xc0]
        #expect(throws: KMSPolicyError.addressesNotStrictlyAscending(object: "RetrievalKit", index: 1)) {
            try RetrievalKit(bytes: repeated)
        }
        #expect(throws: KMSPolicyError.malformedBody(object: "RetrievalKit", .trailingBytes(offset: bytes.count - 8, count: 1))) {
            try RetrievalKit(bytes: bytes + [0xc0])
        }
        let shortAddress = Array(bytes[..<0x73]) + [0xc4, 0x13] + first[2..<21] + second + [0xc0]
        #expect(throws: KMSPolicyError.malformedBody(
            object: "RetrievalKit", .wrongByteCount(field: "queried_addresses[0]", expected: 20, found: 19))
        ) {
            try RetrievalKit(bytes: shortAddress)
        }
        // The conditions field missing altogether (two fields).
        #expect(throws: KMSPolicyError.malformedBody(
            object: "RetrievalKit", .wrongArity(field: "RetrievalKit", expected: 3, found: 2))
        ) {
            try RetrievalKit(bytes: Array(bytes.prefix(8)) + [0x92] + bytes[9..<0x9f])
        }
        #expect(throws: KMSPolicyError.self) { try RetrievalKit(bytes: bytes.dropLast()) }
    }

    @Test("Seeded mutations of a vector RetrievalKit either throw or are canonical; none crashes")
    func mutations() throws {
        let bytes = try V.bytes(V.main(), "retrieval_kits.1.bytes")
        let accepted = V.nonCanonicalAcceptances(of: bytes, seed: 13) { try? RetrievalKit(bytes: $0).bytes }
        #expect(accepted.isEmpty, "accepted non-canonical: \(accepted.map(V.hexString))")
    }
}
