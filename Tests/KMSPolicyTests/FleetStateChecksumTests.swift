import KMSPolicy
import Testing
import UmbralCore

@Suite("FleetStateChecksum")
struct FleetStateChecksumTests {
    typealias V = NodeObjectVectors

    static func nodes() throws -> [NodeMetadata] {
        let root = try V.main()
        return try (0..<3).map { try NodeMetadata(bytes: V.bytes(root, "node_metadata.\($0).bytes")) }
    }

    @Test("Checksums of the vector fleets match, in any order and with or without this node")
    func vectorChecksums() throws {
        let root = try V.main()
        let nodes = try Self.nodes()
        let all = try V.bytes(root, "fleet_state_checksum.all_three_nodes")
        #expect(FleetStateChecksum(otherNodes: nodes).bytes == all)
        #expect(FleetStateChecksum(otherNodes: nodes.reversed()).bytes == all)
        #expect(FleetStateChecksum(otherNodes: [nodes[2], nodes[0]], thisNode: nodes[1]).bytes == all)
        #expect(FleetStateChecksum(otherNodes: [], thisNode: nodes[0]) == FleetStateChecksum(otherNodes: [nodes[0]]))
        let firstTwo = try V.bytes(root, "fleet_state_checksum.nodes_0_and_1")
        #expect(FleetStateChecksum(otherNodes: [nodes[1]], thisNode: nodes[0]).bytes == firstTwo)
        let empty = try V.bytes(root, "fleet_state_checksum.empty")
        #expect(FleetStateChecksum(otherNodes: []).bytes == empty)
        #expect(FleetStateChecksum(otherNodes: []).description == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
    }

    @Test("The checksum hashes the headered metadata sorted by staking-provider address")
    func definition() throws {
        let nodes = try Self.nodes()
        let sorted = nodes.sorted { $0.payload.stakingProviderAddress < $1.payload.stakingProviderAddress }
        #expect(FleetStateChecksum(otherNodes: nodes).bytes == Keccak256.hash(sorted.flatMap(\.bytes)))
    }

    @Test("Raw checksums must be exactly 32 bytes")
    func rawBytes() throws {
        let bytes = [UInt8](repeating: 0x5a, count: 32)
        #expect(try FleetStateChecksum(bytes: bytes).bytes == bytes)
        #expect(throws: KMSPolicyError.invalidLength(object: "FleetStateChecksum", expected: 32, actual: 31)) {
            try FleetStateChecksum(bytes: bytes.dropLast())
        }
        #expect(throws: KMSPolicyError.invalidLength(object: "FleetStateChecksum", expected: 32, actual: 33)) {
            try FleetStateChecksum(bytes: bytes + [0])
        }
    }
}
