import KMSMessagePack
import KMSPolicy
import Testing
import UmbralCore

@Suite("MetadataRequest")
struct MetadataRequestTests {
    typealias V = NodeObjectVectors

    @Test("Both vector requests parse, carry their inputs and re-encode byte for byte")
    func vectors() throws {
        let root = try V.main()
        let nodes = try FleetStateChecksumTests.nodes()
        let bytes = try V.bytes(root, "metadata_request.bytes")
        let request = try MetadataRequest(bytes: bytes)
        #expect(request.bytes == bytes)
        #expect(request.fleetStateChecksum.bytes == (try V.bytes(root, "metadata_request.inputs.fleet_state_checksum")))
        #expect(request.announceNodes == [nodes[0], nodes[1]])
        #expect(request.announceNodes.allSatisfy { $0.verify() })

        let emptyBytes = try V.bytes(root, "metadata_request_empty.bytes")
        let empty = try MetadataRequest(bytes: emptyBytes)
        #expect(empty.bytes == emptyBytes)
        #expect(empty.announceNodes.isEmpty)
        #expect(empty.fleetStateChecksum == FleetStateChecksum(otherNodes: [nodes[0], nodes[1]]))
    }

    @Test("A fresh request round-trips")
    func fresh() throws {
        let nodes = try FleetStateChecksumTests.nodes()
        let request = MetadataRequest(
            fleetStateChecksum: FleetStateChecksum(otherNodes: nodes), announceNodes: [nodes[2], nodes[0]])
        let parsed = try MetadataRequest(bytes: request.bytes)
        #expect(parsed == request)
        #expect(parsed.bytes == request.bytes)
        #expect(request.bytes.prefix(8) == [0x4d, 0x64, 0x52, 0x71, 0, 3, 0, 0])
    }

    @Test("Malformed requests are refused")
    func malformed() throws {
        let root = try V.main()
        let bytes = try V.bytes(root, "metadata_request_empty.bytes")
        #expect(throws: KMSPolicyError.malformedBody(object: "MetadataRequest", .trailingBytes(offset: bytes.count - 8, count: 1))) {
            try MetadataRequest(bytes: bytes + [0x90])
        }
        #expect(throws: KMSPolicyError.wrongBrand(expected: Array("MdRq".utf8), actual: Array("MdRs".utf8))) {
            try MetadataRequest(bytes: Array("MdRs".utf8) + bytes.dropFirst(4))
        }
        // A 31-byte checksum: c4 1f plus 31 bytes, then the node list.
        let short = Array(bytes.prefix(9)) + [0xc4, 0x1f] + bytes[11..<42] + [0x90]
        #expect(throws: KMSPolicyError.malformedBody(
            object: "MetadataRequest", .wrongByteCount(field: "fleet_state_checksum", expected: 32, found: 31))
        ) {
            try MetadataRequest(bytes: short)
        }
        // A node announced with its header, as if it were top-level, is not a bare node.
        let node = try V.bytes(root, "node_metadata.0.bytes")
        let headered = Array(bytes.dropLast()) + [0x91] + node
        #expect(throws: KMSPolicyError.self) { try MetadataRequest(bytes: headered) }
        let bare = Array(bytes.dropLast()) + [0x91] + node.dropFirst(8)
        #expect(try MetadataRequest(bytes: bare).announceNodes == [try NodeMetadata(bytes: node)])
    }

    @Test("Seeded mutations of a vector MetadataRequest either throw or are canonical; none crashes")
    func mutations() throws {
        let bytes = try V.bytes(V.main(), "metadata_request.bytes")
        let accepted = V.nonCanonicalAcceptances(of: bytes, seed: 16) { try? MetadataRequest(bytes: $0).bytes }
        #expect(accepted.isEmpty, "accepted non-canonical: \(accepted.map(V.hexString))")
    }
}
