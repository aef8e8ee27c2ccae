import Hummingbird
import HummingbirdTesting
import KMSNetwork
import KMSPolicy
import Testing
import UmbralCore

@Suite("REST POST /reencrypt")
struct ReencryptRouteTests {
    /// A world with one policy whose arrangement the node accepted in-process.
    private func arranged(seed: UInt64) async throws -> (RESTTestWorld, RESTPolicy) {
        let world = try await RESTTestWorld(seed: seed)
        let policy = try await world.policy(label: "records/\(seed)")
        try await world.node.ursula.acceptArrangement(
            policy.arrangement(for: world.node, publisher: world.publisher.verifyingKey))
        return (world, policy)
    }

    @Test("Bob's request is answered with cFrags that verify and open his message")
    func success() async throws {
        let (world, policy) = try await arranged(seed: 1)
        let texts = ["first", "second"]
        let kits = try texts.map { try world.kit($0, policy: policy) }
        let request = try world.request(kits, policy: policy, node: world.node)
        try await world.node.makeApplication().test(.router) { client in
            let response = try await client.post(.reencrypt, request.bytes)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/octet-stream")
            let capsuleFrags = try world.verify(response.bytes, for: request, policy: policy, node: world.node)
            #expect(capsuleFrags.count == 2)
            for (text, (kit, capsuleFrag)) in zip(texts, zip(kits, capsuleFrags)) {
                let cleartext = try kit.decryptReencrypted(
                    receivingKey: world.bobEncryptingKey, policyEncryptingKey: policy.policyEncryptingKey,
                    capsuleFrags: [capsuleFrag])
                #expect(cleartext == Array(text.utf8))
            }
        }
        #expect(await world.node.ursula.reencryptedCapsuleCount == 2)
    }

    @Test("Malformed bodies and altered headers are 400s and re-encrypt nothing")
    func malformed() async throws {
        let (world, policy) = try await arranged(seed: 2)
        let good = try world.request([world.kit("x", policy: policy)], policy: policy, node: world.node).bytes
        let cases: [(String, [UInt8], String)] = [
            ("empty", [], "headerTooShort"),
            ("short header", Array(good.prefix(5)), "headerTooShort"),
            ("header only", Array(good.prefix(8)), "malformedBody"),
            ("truncated body", Array(good.dropLast(3)), "malformedBody"),
            ("trailing byte", good + [0], "malformedBody"),
            ("another object", withBrand(good, "ReRs"), "wrongBrand"),
            ("older major", withMajorVersion(good, 2), "majorVersionMismatch"),
            ("newer major", withMajorVersion(good, 4), "majorVersionMismatch"),
            ("newer minor", withMinorVersion(good, 1), "unsupportedMinorVersion"),
            ("garbage", [UInt8](repeating: 0xc1, count: 64), "wrongBrand"),
        ]
        try await world.node.makeApplication().test(.router) { client in
            for (label, body, name) in cases {
                let response = try await client.post(.reencrypt, body)
                #expect(response.status == .badRequest, "\(label)")
                #expect(try response.errorBody().error == name, "\(label)")
            }
        }
        #expect(await world.node.ursula.reencryptedCapsuleCount == 0)
    }

    @Test("A request without capsules is a 400")
    func noCapsules() async throws {
        let (world, policy) = try await arranged(seed: 3)
        let request = try world.request([], policy: policy, node: world.node)
        try await world.node.makeApplication().test(.router) { client in
            try await client.post(.reencrypt, request.bytes).expectRefusal(.badRequest, "nothingToRetrieve")
        }
    }

    @Test("Unknown, unarranged, revoked and expired policies are refused with 404 and 410")
    func policyState() async throws {
        let (world, policy) = try await arranged(seed: 4)
        let app = world.node.makeApplication()
        let kit = try world.kit("state", policy: policy)

        // Never on the ledger.
        let unknown = try await world.policy(label: "never paid", onLedger: false)
        let unknownRequest = try world.request([world.kit("u", policy: unknown)], policy: unknown, node: world.node)
        // On the ledger, but no arrangement was sent to this Ursula.
        let unarranged = try await world.policy(label: "not arranged")
        let unarrangedRequest = try world.request(
            [world.kit("n", policy: unarranged)], policy: unarranged, node: world.node)
        try await app.test(.router) { client in
            try await client.post(.reencrypt, unknownRequest.bytes).expectRefusal(.notFound, "policyNotFound")
            try await client.post(.reencrypt, unarrangedRequest.bytes).expectRefusal(.notFound, "arrangementNotFound")
        }

        // Expired: the node's clock passes the expiration.
        await world.clock.set(to: policy.expiration)
        let request = try world.request([kit], policy: policy, node: world.node)
        try await app.test(.router) { client in
            try await client.post(.reencrypt, request.bytes).expectRefusal(.gone, "policyExpired")
        }
        await world.clock.set(to: RESTTestWorld.start)

        // Revoked on the ledger by its owner.
        try await world.ledger.revokePolicy(policy.hrac, owner: Address(publicKey: world.publisher.verifyingKey))
        try await app.test(.router) { client in
            try await client.post(.reencrypt, request.bytes).expectRefusal(.gone, "policyRevoked")
        }
        #expect(await world.node.ursula.reencryptedCapsuleCount == 0)
    }

    @Test("A forged publisher, or a kFrag other than the arranged one, is a 403")
    func forged() async throws {
        let (world, policy) = try await arranged(seed: 5)
        let kit = try world.kit("forged", policy: policy)
        var rng = RESTTestRNG(seed: 555)
        let mallory = Signer(SecretKey.random(using: &rng))

        // Mallory names herself as the publisher of Alice's policy.
        let wrongPublisher = ReencryptionRequest(
            capsules: [kit.capsule], hrac: policy.hrac, encryptedKeyFrag: try policy.encryptedKeyFrag(for: world.node),
            publisherVerifyingKey: mallory.verifyingKey, bobVerifyingKey: world.bobSigner.verifyingKey)
        // Another kFrag Alice signed for the same policy, but not the one she arranged with this node.
        let otherMap = try world.treasureMap(label: "records/5", salt: 9)
        let foreignKeyFrag = ReencryptionRequest(
            capsules: [kit.capsule], hrac: policy.hrac, encryptedKeyFrag: try #require(otherMap.destinations[world.node.address]),
            publisherVerifyingKey: world.publisher.verifyingKey, bobVerifyingKey: world.bobSigner.verifyingKey)
        try await world.node.makeApplication().test(.router) { client in
            try await client.post(.reencrypt, wrongPublisher.bytes).expectRefusal(.forbidden, "publisherMismatch")
            try await client.post(.reencrypt, foreignKeyFrag.bytes).expectRefusal(.forbidden, "keyFragNotArranged")
        }
        #expect(await world.node.ursula.reencryptedCapsuleCount == 0)
    }

    @Test("A body over the limit is a 413 before it is parsed")
    func oversize() async throws {
        let (world, policy) = try await arranged(seed: 6)
        let kit = try world.kit("big", policy: policy)
        // 1 MiB + 1 of a valid-looking request: its own header, then padding.
        let request = try world.request([kit], policy: policy, node: world.node).bytes
        let huge = request + [UInt8](repeating: 0, count: (1 << 20) + 1 - request.count)
        try await world.node.makeApplication().test(.router) { client in
            try await client.post(.reencrypt, huge).expectRefusal(.contentTooLarge, "bodyTooLarge")
            // Exactly at the limit the body is read, and refused only for its content.
            try await client.post(.reencrypt, Array(huge.dropLast())).expectRefusal(.badRequest, "malformedBody")
        }
        #expect(await world.node.ursula.reencryptedCapsuleCount == 0)
    }

    @Test("Configured limits apply: a 200-byte limit refuses a normal request")
    func configuredLimit() async throws {
        let world = try await RESTTestWorld(seed: 7, limits: RESTBodyLimits(reencrypt: 200, other: 100))
        let policy = try await world.policy(label: "small")
        try await world.node.ursula.acceptArrangement(
            policy.arrangement(for: world.node, publisher: world.publisher.verifyingKey))
        let request = try world.request([world.kit("s", policy: policy)], policy: policy, node: world.node)
        #expect(request.bytes.count > 200)
        try await world.node.makeApplication().test(.router) { client in
            try await client.post(.reencrypt, request.bytes).expectRefusal(.contentTooLarge, "bodyTooLarge")
        }
        #expect(await world.node.ursula.reencryptedCapsuleCount == 0)
    }
}
