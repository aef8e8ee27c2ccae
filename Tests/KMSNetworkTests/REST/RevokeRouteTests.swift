import Hummingbird
import HummingbirdTesting
import KMSMessagePack
import KMSNetwork
import KMSPolicy
import Testing
import UmbralCore

@Suite("REST POST /revoke")
struct RevokeRouteTests {
    private func arranged(seed: UInt64, nodeCount: Int = 1) async throws -> (RESTTestWorld, RESTPolicy) {
        let world = try await RESTTestWorld(nodeCount: nodeCount, seed: seed)
        let policy = try await world.policy(label: "revocable/\(seed)")
        for node in world.nodes {
            try await node.ursula.acceptArrangement(policy.arrangement(for: node, publisher: world.publisher.verifyingKey))
        }
        return (world, policy)
    }

    private func order(_ world: RESTTestWorld, _ policy: RESTPolicy, signer: Signer? = nil, to node: RESTNode? = nil)
        throws -> RevocationOrder
    {
        let node = node ?? world.node
        return RevocationOrder(
            signer: signer ?? world.publisher, stakingProviderAddress: node.address,
            encryptedKeyFrag: try policy.encryptedKeyFrag(for: node))
    }

    @Test("The envelope round-trips and is canonical MessagePack [bin33, bin]")
    func envelopeForm() throws {
        var rng = RESTTestRNG(seed: 30)
        let key = Signer(SecretKey.random(using: &rng)).verifyingKey
        let envelope = RevocationEnvelope(orderBytes: [1, 2, 3], publisherVerifyingKey: key)
        #expect(envelope.bytes == [0x92, 0xc4, 33] + key.compressedBytes + [0xc4, 3, 1, 2, 3])
        #expect(try RevocationEnvelope(bytes: envelope.bytes) == envelope)
    }

    @Test("Alice's order is accepted, and the node then refuses the kFrag with 410")
    func revoked() async throws {
        let (world, policy) = try await arranged(seed: 31)
        let request = try world.request([world.kit("gone", policy: policy)], policy: policy, node: world.node)
        let envelope = RevocationEnvelope(order: try order(world, policy), publisherVerifyingKey: world.publisher.verifyingKey)
        try await world.node.makeApplication().test(.router) { client in
            #expect(try await client.post(.reencrypt, request.bytes).status == .ok)
            let response = try await client.post(.revoke, envelope.bytes)
            #expect(response.status == .ok)
            #expect(response.bytes.isEmpty)
            try await client.post(.reencrypt, request.bytes).expectRefusal(.gone, "keyFragRevoked")
        }
        #expect(try await world.node.ursula.hasRevoked(
            policy.encryptedKeyFrag(for: world.node), publisherVerifyingKey: world.publisher.verifyingKey))
        #expect(await world.node.ursula.reencryptedCapsuleCount == 1)
    }

    @Test("A forged order is a 403, a misaddressed one a 421, and both leave the kFrag served")
    func forgedAndMisaddressed() async throws {
        let (world, policy) = try await arranged(seed: 32, nodeCount: 2)
        var rng = RESTTestRNG(seed: 3232)
        let mallory = Signer(SecretKey.random(using: &rng))
        let publisher = world.publisher.verifyingKey
        // Signed by Mallory, passed off under Alice's key.
        let forged = RevocationEnvelope(order: try order(world, policy, signer: mallory), publisherVerifyingKey: publisher)
        // Alice's genuine order for the other node.
        let misaddressed = RevocationEnvelope(
            order: try order(world, policy, to: world.nodes[1]), publisherVerifyingKey: publisher)
        // Mallory signs and names herself: accepted, but it binds only requests naming her key.
        let ownKey = RevocationEnvelope(order: try order(world, policy, signer: mallory), publisherVerifyingKey: mallory.verifyingKey)
        let request = try world.request([world.kit("still", policy: policy)], policy: policy, node: world.node)
        try await world.node.makeApplication().test(.router) { client in
            try await client.post(.revoke, forged.bytes).expectRefusal(.forbidden, "invalidRevocationOrderSignature")
            try await client.post(.revoke, misaddressed.bytes).expectRefusal(.misdirectedRequest, "misaddressedRevocation")
            #expect(try await client.post(.revoke, ownKey.bytes).status == .ok)
            let served = try await client.post(.reencrypt, request.bytes)
            #expect(served.status == .ok)
            _ = try world.verify(served.bytes, for: request, policy: policy, node: world.node)
        }
        #expect(try await !world.node.ursula.hasRevoked(policy.encryptedKeyFrag(for: world.node), publisherVerifyingKey: publisher))
    }

    @Test("An order for a kFrag sealed to another node is a 403")
    func foreignKeyFrag() async throws {
        let (world, policy) = try await arranged(seed: 33, nodeCount: 2)
        let order = RevocationOrder(
            signer: world.publisher, stakingProviderAddress: world.nodes[0].address,
            encryptedKeyFrag: try policy.encryptedKeyFrag(for: world.nodes[1]))
        let envelope = RevocationEnvelope(order: order, publisherVerifyingKey: world.publisher.verifyingKey)
        try await world.node.makeApplication().test(.router) { client in
            try await client.post(.revoke, envelope.bytes).expectRefusal(.forbidden, "keyFragNotForThisUrsula")
        }
    }

    @Test("Malformed envelopes, bad keys, altered order headers are 400s; oversize is a 413; nothing is revoked")
    func malformed() async throws {
        let (world, policy) = try await arranged(seed: 34)
        let publisher = world.publisher.verifyingKey
        let orderBytes = try order(world, policy).bytes
        let good = RevocationEnvelope(orderBytes: orderBytes, publisherVerifyingKey: publisher).bytes
        var badKey = good
        badKey[3] = 0x05  // the key's prefix byte: neither 02 nor 03
        let cases: [(String, [UInt8], String)] = [
            ("empty", [], "malformedBody"),
            ("bare order", orderBytes, "malformedBody"),
            ("one element", [0x91] + good.dropFirst(), "malformedBody"),
            ("trailing byte", good + [0xc0], "malformedBody"),
            ("bad key", badKey, "invalidUmbralValue"),
            ("order of another kind", RevocationEnvelope(
                orderBytes: withBrand(orderBytes, "ReRq"), publisherVerifyingKey: publisher).bytes, "wrongBrand"),
            ("older order", RevocationEnvelope(
                orderBytes: withMajorVersion(orderBytes, 2), publisherVerifyingKey: publisher).bytes, "majorVersionMismatch"),
            ("newer minor", RevocationEnvelope(
                orderBytes: withMinorVersion(orderBytes, 1), publisherVerifyingKey: publisher).bytes, "unsupportedMinorVersion"),
            ("truncated order", RevocationEnvelope(
                orderBytes: Array(orderBytes.dropLast()), publisherVerifyingKey: publisher).bytes, "malformedBody"),
        ]
        let request = try world.request([world.kit("kept", policy: policy)], policy: policy, node: world.node)
        try await world.node.makeApplication().test(.router) { client in
            for (label, body, name) in cases {
                let response = try await client.post(.revoke, body)
                #expect(response.status == .badRequest, "\(label)")
                #expect(try response.errorBody().error == name, "\(label)")
            }
            let oversize = RevocationEnvelope(
                orderBytes: orderBytes + [UInt8](repeating: 0, count: 64 << 10), publisherVerifyingKey: publisher)
            try await client.post(.revoke, oversize.bytes).expectRefusal(.contentTooLarge, "bodyTooLarge")
            #expect(try await client.post(.reencrypt, request.bytes).status == .ok)
        }
        #expect(try await !world.node.ursula.hasRevoked(policy.encryptedKeyFrag(for: world.node), publisherVerifyingKey: publisher))
    }
}
