import Hummingbird
import HummingbirdTesting
import KMSNetwork
import KMSPolicy
import Testing
import UmbralCore

@Suite("REST story: a 2-of-3 policy served by three routers")
struct ThresholdStoryTests {
    @Test("Arranged over REST with three Ursulas, Bob opens the message with cFrags from any two, not one")
    func twoOfThree() async throws {
        let world = try await RESTTestWorld(nodeCount: 3, seed: 80)
        let policy = try await world.policy(label: "shared", threshold: 2)
        let kit = try world.kit("two of three", policy: policy)
        var capsuleFrags: [Address: VerifiedCapsuleFrag] = [:]
        for node in world.nodes {
            let arrangement = try policy.arrangement(for: node, publisher: world.publisher.verifyingKey)
            let request = try world.request([kit], policy: policy, node: node)
            capsuleFrags[node.address] = try await node.makeApplication().test(.router) { client in
                #expect(try await client.post(.considerArrangement, arrangement.bytes).status == .ok)
                let response = try await client.post(.reencrypt, request.bytes)
                try #require(response.status == .ok)
                let verified = try world.verify(response.bytes, for: request, policy: policy, node: node)
                try #require(verified.count == 1)
                return verified[0]
            }
        }
        let addresses = world.nodes.map(\.address)
        for pair in [[0, 1], [0, 2], [1, 2]] {
            let cleartext = try kit.decryptReencrypted(
                receivingKey: world.bobEncryptingKey, policyEncryptingKey: policy.policyEncryptingKey,
                capsuleFrags: pair.map { capsuleFrags[addresses[$0]]! })
            #expect(cleartext == Array("two of three".utf8))
        }
        #expect(throws: KMSPolicyError.self) {
            try kit.decryptReencrypted(
                receivingKey: world.bobEncryptingKey, policyEncryptingKey: policy.policyEncryptingKey,
                capsuleFrags: [capsuleFrags[addresses[0]]!])
        }
        // A cFrag from one Ursula does not verify as another's answer.
        let request = try world.request([kit], policy: policy, node: world.nodes[0])
        try await world.nodes[0].makeApplication().test(.router) { client in
            let response = try await client.post(.reencrypt, request.bytes)
            #expect(throws: KMSPolicyError.invalidReencryptionResponseSignature) {
                try world.verify(response.bytes, for: request, policy: policy, node: world.nodes[1])
            }
        }
    }
}
