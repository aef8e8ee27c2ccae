import Hummingbird
import HummingbirdTesting
import KMSNetwork
import KMSPolicy
import Testing
import UmbralCore

@Suite("REST POST /consider_arrangement")
struct ConsiderArrangementRouteTests {
    @Test("An arrangement for a paid policy is accepted, answered with its HRAC, and then served")
    func accepted() async throws {
        let world = try await RESTTestWorld(seed: 20)
        let policy = try await world.policy(label: "accepted")
        let arrangement = try policy.arrangement(for: world.node, publisher: world.publisher.verifyingKey)
        let request = try world.request([world.kit("after", policy: policy)], policy: policy, node: world.node)
        try await world.node.makeApplication().test(.router) { client in
            // Before the arrangement the node serves nothing for the policy.
            try await client.post(.reencrypt, request.bytes).expectRefusal(.notFound, "arrangementNotFound")

            let response = try await client.post(.considerArrangement, arrangement.bytes)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/octet-stream")
            #expect(response.bytes == policy.hrac.bytes)
            // Sending the same arrangement again is harmless.
            #expect(try await client.post(.considerArrangement, arrangement.bytes).status == .ok)

            let served = try await client.post(.reencrypt, request.bytes)
            #expect(served.status == .ok)
            #expect(try world.verify(served.bytes, for: request, policy: policy, node: world.node).count == 1)
        }
    }

    @Test("A different arrangement for an accepted HRAC is a 409 and the first one stays")
    func conflicting() async throws {
        let world = try await RESTTestWorld(seed: 21)
        let policy = try await world.policy(label: "conflict")
        let first = try policy.arrangement(for: world.node, publisher: world.publisher.verifyingKey)
        let otherMap = try world.treasureMap(label: "conflict", salt: 1)
        let second = Arrangement(
            hrac: policy.hrac, publisherVerifyingKey: world.publisher.verifyingKey,
            encryptedKeyFrag: try #require(otherMap.destinations[world.node.address]))
        #expect(second != first)
        let request = try world.request([world.kit("kept", policy: policy)], policy: policy, node: world.node)
        try await world.node.makeApplication().test(.router) { client in
            #expect(try await client.post(.considerArrangement, first.bytes).status == .ok)
            try await client.post(.considerArrangement, second.bytes).expectRefusal(.conflict, "conflictingArrangement")
            let served = try await client.post(.reencrypt, request.bytes)
            #expect(served.status == .ok)
            _ = try world.verify(served.bytes, for: request, policy: policy, node: world.node)
        }
    }

    @Test("Unknown, revoked and expired policies are refused with 404 and 410, and nothing is kept")
    func policyState() async throws {
        let world = try await RESTTestWorld(seed: 22)
        let unknown = try await world.policy(label: "unknown", onLedger: false)
        let revoked = try await world.policy(label: "revoked")
        try await world.ledger.revokePolicy(revoked.hrac, owner: Address(publicKey: world.publisher.verifyingKey))
        let expired = try await world.policy(label: "expired", days: 1)
        let publisher = world.publisher.verifyingKey
        let app = world.node.makeApplication()
        try await app.test(.router) { client in
            try await client.post(.considerArrangement, unknown.arrangement(for: world.node, publisher: publisher).bytes)
                .expectRefusal(.notFound, "policyNotFound")
            try await client.post(.considerArrangement, revoked.arrangement(for: world.node, publisher: publisher).bytes)
                .expectRefusal(.gone, "policyRevoked")
        }
        await world.clock.advance(seconds: 86_400)
        try await app.test(.router) { client in
            try await client.post(.considerArrangement, expired.arrangement(for: world.node, publisher: publisher).bytes)
                .expectRefusal(.gone, "policyExpired")
        }
        // Once the ledger has the unknown policy, the refused arrangement left nothing behind.
        try await world.ledger.createPolicy(PolicyRecord(
            hrac: unknown.hrac, owner: Address(publicKey: publisher), shares: 1, expiration: unknown.expiration))
        let request = try world.request([world.kit("u", policy: unknown)], policy: unknown, node: world.node)
        try await app.test(.router) { client in
            try await client.post(.reencrypt, request.bytes).expectRefusal(.notFound, "arrangementNotFound")
        }
    }

    @Test("A forged publisher, a kFrag sealed to another node or not signed for the HRAC is a 403")
    func forged() async throws {
        let world = try await RESTTestWorld(nodeCount: 2, seed: 23)
        let policy = try await world.policy(label: "forged")
        var rng = RESTTestRNG(seed: 2323)
        let mallory = Signer(SecretKey.random(using: &rng))
        let mine = try policy.encryptedKeyFrag(for: world.nodes[0])
        let theirs = try policy.encryptedKeyFrag(for: world.nodes[1])
        // Mallory claims Alice's policy as hers.
        let wrongPublisher = Arrangement(hrac: policy.hrac, publisherVerifyingKey: mallory.verifyingKey, encryptedKeyFrag: mine)
        // The kFrag sealed to the other node.
        let notMine = Arrangement(hrac: policy.hrac, publisherVerifyingKey: world.publisher.verifyingKey, encryptedKeyFrag: theirs)
        // Mallory's own kFrag, sealed to this node but signed by her, passed off under Alice's key.
        let malloryMap = try world.treasureMap(label: "forged", publisher: mallory, salt: 3)
        let notSigned = Arrangement(
            hrac: policy.hrac, publisherVerifyingKey: world.publisher.verifyingKey,
            encryptedKeyFrag: try #require(malloryMap.destinations[world.nodes[0].address]))
        try await world.nodes[0].makeApplication().test(.router) { client in
            try await client.post(.considerArrangement, wrongPublisher.bytes).expectRefusal(.forbidden, "publisherMismatch")
            try await client.post(.considerArrangement, notMine.bytes).expectRefusal(.forbidden, "keyFragNotForThisUrsula")
            try await client.post(.considerArrangement, notSigned.bytes)
                .expectRefusal(.forbidden, "signatureVerificationFailed")
            // None of them was kept: the genuine arrangement is still accepted.
            let genuine = try policy.arrangement(for: world.nodes[0], publisher: world.publisher.verifyingKey)
            #expect(try await client.post(.considerArrangement, genuine.bytes).status == .ok)
        }
    }

    @Test("Malformed bodies, other objects and versions are 400s; an oversize body is a 413")
    func malformed() async throws {
        let world = try await RESTTestWorld(seed: 24)
        let policy = try await world.policy(label: "malformed")
        let good = try policy.arrangement(for: world.node, publisher: world.publisher.verifyingKey).bytes
        let cases: [(String, [UInt8], String)] = [
            ("empty", [], "headerTooShort"),
            ("header only", Array(good.prefix(8)), "malformedBody"),
            ("truncated", Array(good.dropLast(1)), "malformedBody"),
            ("trailing byte", good + [0x00], "malformedBody"),
            ("another object", withBrand(good, "ReRq"), "wrongBrand"),
            ("newer major", withMajorVersion(good, 2), "majorVersionMismatch"),
            ("older major", withMajorVersion(good, 0), "majorVersionMismatch"),
            ("newer minor", withMinorVersion(good, 1), "unsupportedMinorVersion"),
        ]
        try await world.node.makeApplication().test(.router) { client in
            for (label, body, name) in cases {
                let response = try await client.post(.considerArrangement, body)
                #expect(response.status == .badRequest, "\(label)")
                #expect(try response.errorBody().error == name, "\(label)")
            }
            let oversize = good + [UInt8](repeating: 0, count: 64 << 10)
            try await client.post(.considerArrangement, oversize).expectRefusal(.contentTooLarge, "bodyTooLarge")
            // After all that, the genuine arrangement is accepted: nothing was kept from the bad ones.
            #expect(try await client.post(.considerArrangement, good).status == .ok)
        }
    }
}
