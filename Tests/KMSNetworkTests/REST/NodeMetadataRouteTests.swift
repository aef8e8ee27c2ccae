import Hummingbird
import HummingbirdTesting
import KMSNetwork
import KMSPolicy
import Testing
import UmbralCore

@Suite("REST node metadata: GET /public_information and POST /node_metadata")
struct NodeMetadataRouteTests {
    /// A peer's signed metadata, in the world's domain unless told otherwise.
    private func peer(seed: UInt64, address byte: UInt8, domain: String = RESTTestWorld.domain, timestamp: UInt32 = 1_700_000_100)
        throws -> NodeMetadata
    {
        var rng = RESTTestRNG(seed: seed)
        let signer = Signer(SecretKey.random(using: &rng))
        return try RESTTestWorld.metadata(
            signer: signer, address: Address(bytes: [UInt8](repeating: byte, count: 20)),
            encryptingKey: SecretKey.random(using: &rng).publicKey, port: 9200, domain: domain, timestamp: timestamp)
    }

    /// Her response, checked with her verifying key.
    private func payload(_ response: TestResponse, from node: RESTNode) throws -> MetadataResponsePayload {
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "application/octet-stream")
        return try MetadataResponse(bytes: response.bytes).verify(verifyingKey: node.metadata.payload.verifyingKey)
    }

    @Test("GET /public_information answers her signed metadata")
    func publicInformation() async throws {
        let world = try await RESTTestWorld(seed: 40)
        try await world.node.makeApplication().test(.router) { client in
            let response = try await client.get(.publicInformation)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/octet-stream")
            let metadata = try NodeMetadata(bytes: response.bytes)
            #expect(metadata == world.node.metadata)
            #expect(metadata.verify())
            #expect(UrsulaProfile(nodeMetadata: metadata) == world.node.ursula.profile)
        }
    }

    @Test("An exchange teaches her the announced nodes and answers every node she knows, signed")
    func exchange() async throws {
        let world = try await RESTTestWorld(seed: 41)
        let node = world.node
        let peerA = try peer(seed: 1, address: 0x0a)
        let peerB = try peer(seed: 2, address: 0x0b)
        try await node.makeApplication().test(.router) { client in
            let first = MetadataRequest(fleetStateChecksum: FleetStateChecksum(otherNodes: [], thisNode: peerA), announceNodes: [peerA])
            let answer = try payload(try await client.post(.nodeMetadata, first.bytes), from: node)
            #expect(answer.announceNodes == [peerA, node.metadata])
            #expect(answer.timestampEpoch == UInt32(RESTTestWorld.start.secondsSinceEpoch))

            let second = MetadataRequest(fleetStateChecksum: FleetStateChecksum(otherNodes: [peerA], thisNode: peerB), announceNodes: [peerB])
            let all = try payload(try await client.post(.nodeMetadata, second.bytes), from: node)
            #expect(all.announceNodes == [peerA, peerB, node.metadata])
            for metadata in all.announceNodes { #expect(metadata.verify()) }

            // A peer whose fleet matches hers gets an empty answer.
            let same = MetadataRequest(
                fleetStateChecksum: FleetStateChecksum(otherNodes: [peerA, peerB], thisNode: node.metadata), announceNodes: [])
            #expect(try payload(try await client.post(.nodeMetadata, same.bytes), from: node).announceNodes.isEmpty)
        }
        #expect(await node.router.knownNodes.all == [peerA, peerB])
    }

    @Test("Newer metadata replaces older for the same address; nobody can announce her own address")
    func replacement() async throws {
        let world = try await RESTTestWorld(seed: 42)
        let node = world.node
        let old = try peer(seed: 3, address: 0x0c, timestamp: 100)
        let newer = try peer(seed: 3, address: 0x0c, timestamp: 200)
        var rng = RESTTestRNG(seed: 4242)
        let impostor = try RESTTestWorld.metadata(
            signer: Signer(SecretKey.random(using: &rng)), address: node.address,
            encryptingKey: SecretKey.random(using: &rng).publicKey, port: 1)
        let empty = try FleetStateChecksum(bytes: [UInt8](repeating: 0, count: 32))
        try await node.makeApplication().test(.router) { client in
            for announce in [[newer], [old], [impostor]] {
                let request = MetadataRequest(fleetStateChecksum: empty, announceNodes: announce)
                let response = try await client.post(.nodeMetadata, request.bytes)
                #expect(response.status == .ok)
            }
        }
        #expect(await node.router.knownNodes.all == [newer])
    }

    @Test("A forged node is a 403, a node of another domain a 400, and nothing is learned")
    func forgedAndForeign() async throws {
        let world = try await RESTTestWorld(seed: 43)
        let node = world.node
        let honest = try peer(seed: 5, address: 0x0d)
        let other = try peer(seed: 6, address: 0x0e)
        // Other's payload under honest's signature.
        let forged = try NodeMetadata(bytes: Array(honest.bytes.prefix(8 + 1 + 2 + 64)) + other.payload.bytes)
        #expect(!forged.verify())
        let foreign = try peer(seed: 7, address: 0x0f, domain: "mainnet")
        let checksum = FleetStateChecksum(otherNodes: [])
        try await node.makeApplication().test(.router) { client in
            let forgedRequest = MetadataRequest(fleetStateChecksum: checksum, announceNodes: [honest, forged])
            let refused = try await client.post(.nodeMetadata, forgedRequest.bytes)
            try refused.expectRefusal(.forbidden, "forgedNodeMetadata")
            #expect(try refused.errorBody().message.contains("node 1"))
            let foreignRequest = MetadataRequest(fleetStateChecksum: checksum, announceNodes: [honest, foreign])
            try await client.post(.nodeMetadata, foreignRequest.bytes).expectRefusal(.badRequest, "foreignDomain")
        }
        #expect(await node.router.knownNodes.count == 0)
    }

    @Test("Malformed requests and altered headers are 400s; an oversize body is a 413")
    func malformed() async throws {
        let world = try await RESTTestWorld(seed: 44)
        let peerA = try peer(seed: 8, address: 0x10)
        let good = MetadataRequest(fleetStateChecksum: FleetStateChecksum(otherNodes: []), announceNodes: [peerA]).bytes
        let cases: [(String, [UInt8], String)] = [
            ("empty", [], "headerTooShort"),
            ("header only", Array(good.prefix(8)), "malformedBody"),
            ("truncated", Array(good.dropLast(2)), "malformedBody"),
            ("node metadata instead", peerA.bytes, "wrongBrand"),
            ("older major", withMajorVersion(good, 2), "majorVersionMismatch"),
            ("newer minor", withMinorVersion(good, 1), "unsupportedMinorVersion"),
        ]
        try await world.node.makeApplication().test(.router) { client in
            for (label, body, name) in cases {
                let response = try await client.post(.nodeMetadata, body)
                #expect(response.status == .badRequest, "\(label)")
                #expect(try response.errorBody().error == name, "\(label)")
            }
            let oversize = MetadataRequest(
                fleetStateChecksum: FleetStateChecksum(otherNodes: []),
                announceNodes: [NodeMetadata](repeating: peerA, count: 200))
            #expect(oversize.bytes.count > 64 << 10)
            try await client.post(.nodeMetadata, oversize.bytes).expectRefusal(.contentTooLarge, "bodyTooLarge")
        }
        #expect(await world.node.router.knownNodes.count == 0)
    }

    @Test("The router refuses metadata that is not Ursula's or does not verify")
    func mismatchedMetadata() async throws {
        let world = try await RESTTestWorld(seed: 45)
        let node = world.node
        let stranger = try peer(seed: 9, address: 0x11)
        #expect(throws: UrsulaRESTError.metadataMismatch(reason: "it names a verifying key other than the signer's")) {
            try UrsulaRouter(ursula: node.ursula, signer: node.signer, nodeMetadata: stranger)
        }
        // Her own keys, but signed by someone else.
        var rng = RESTTestRNG(seed: 4545)
        let forged = NodeMetadata(signer: Signer(SecretKey.random(using: &rng)), payload: node.metadata.payload)
        #expect(throws: UrsulaRESTError.metadataMismatch(reason: "its signature does not verify")) {
            try UrsulaRouter(ursula: node.ursula, signer: node.signer, nodeMetadata: forged)
        }
    }
}
