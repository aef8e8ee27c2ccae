import KMSPolicy
import Testing

@Suite("Keccak-256")
struct Keccak256Tests {
    private func digest(_ bytes: [UInt8]) -> String {
        PREObjectVectors.encodeHex(Keccak256.hash(bytes))
    }

    @Test("Published digests of short inputs (original Keccak padding, not SHA3)")
    func publishedVectors() {
        #expect(digest([]) == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
        #expect(digest(Array("abc".utf8)) == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")
        #expect(
            digest(Array("The quick brown fox jumps over the lazy dog".utf8))
                == "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15")
        // SHA3-256("") is a7ffc6f8…; getting it would mean the FIPS 202 padding was used.
        #expect(!digest([]).hasPrefix("a7ffc6f8"))
    }

    @Test("Any Collection of bytes hashes like the same bytes in an Array")
    func genericInput() {
        let bytes = Array("abc".utf8)
        #expect(Keccak256.hash(bytes[...]) == Keccak256.hash(bytes))
        #expect(Keccak256.hash("abc".utf8) == Keccak256.hash(bytes))
        #expect(Keccak256.hash(bytes).count == Keccak256.digestCount)
    }

    /// The 16-byte prefixes come from nucypher-core 0.16's `HRAC` (Keccak-256 of
    /// `publisher_vk ‖ bob_vk ‖ label`, truncated), run on inputs of `total` bytes, so
    /// they check block boundaries around the 136-byte rate against the reference.
    @Test(
        "Prefixes at and around the rate boundary agree with nucypher-core",
        arguments: [
            (66, "02c6dc6247c3d8e8080d4b8af67e00d9"),
            (135, "7edf02a4319f3689d04345d4903e2a62"),
            (136, "5a0160f6f418b4372c534660cc971bd3"),
            (137, "5ddbfc6e24f9a0b3f8ec0e0ec1f7076e"),
            (200, "3962befb2a43199a5bd5d1e9ac153c33"),
            (271, "fda7e6274900e23dcaa7fe89fef60630"),
            (272, "61f927830cb1f9dd3b31e674d5055375"),
            (273, "169ec0bfda942f54714ec4f0743d3ea1"),
            (1000, "f95afe4008a29dc62f5d50a0ef650277"),
        ])
    func referencePrefixes(total: Int, prefix: String) throws {
        let vectors = try PREObjectVectors.main()
        let publisher = try PREObjectVectors.bytes(vectors, "keys.alice/signing.public_key_compressed")
        let bob = try PREObjectVectors.bytes(vectors, "keys.bob/verifying.public_key_compressed")
        let label = (0..<(total - 66)).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) }
        let input = publisher + bob + label
        #expect(input.count == total)
        #expect(digest(input).hasPrefix(prefix))
    }

    @Test("The vectors' HRAC is the first 16 bytes of Keccak-256 of both keys and the label")
    func hracVector() throws {
        let vectors = try PREObjectVectors.main()
        let input = try PREObjectVectors.bytes(vectors, "hrac.inputs.publisher_verifying_key")
            + PREObjectVectors.bytes(vectors, "hrac.inputs.bob_verifying_key")
            + PREObjectVectors.bytes(vectors, "hrac.inputs.label")
        let expected = try PREObjectVectors.string(vectors, "hrac.bytes")
        #expect(PREObjectVectors.encodeHex(Keccak256.hash(input).prefix(16)) == expected)
    }

    /// The fleet-state checksum is Keccak-256 over whole headered NodeMetadata objects sorted by
    /// staking address: full 32-byte digests of inputs of several blocks.
    @Test("Fleet-state checksums of the vectors' node metadata (multi-block, full digest)")
    func fleetStateChecksums() throws {
        let vectors = try PREObjectVectors.main()
        let nodes = try (0..<3).map { try PREObjectVectors.bytes(vectors, "node_metadata.\($0).bytes") }
        // Staking addresses: node 0 = 34ce…, node 1 = d1e3…, node 2 = 97a0…
        #expect(nodes.allSatisfy { $0.count > 136 })  // more than one block each
        let allThree = try PREObjectVectors.string(vectors, "fleet_state_checksum.all_three_nodes")
        let nodesZeroAndOne = try PREObjectVectors.string(vectors, "fleet_state_checksum.nodes_0_and_1")
        let empty = try PREObjectVectors.string(vectors, "fleet_state_checksum.empty")
        #expect(digest(nodes[0] + nodes[2] + nodes[1]) == allThree)
        #expect(digest(nodes[0] + nodes[1]) == nodesZeroAndOne)
        #expect(digest([]) == empty)
    }

    @Test("Splitting the same input differently never changes the digest")
    func lengthsAroundEveryBoundary() {
        let bytes = (0..<600).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var digests = Set<[UInt8]>()
        for length in 0...bytes.count {
            digests.insert(Keccak256.hash(bytes.prefix(length)))
        }
        #expect(digests.count == bytes.count + 1)
        #expect(Keccak256.hash(bytes) == Keccak256.hash(AnyCollection(bytes)))
    }
}
