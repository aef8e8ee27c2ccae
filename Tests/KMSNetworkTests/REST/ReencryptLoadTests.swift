import Hummingbird
import HummingbirdTesting
import KMSNetwork
import KMSPolicy
import Testing
import UmbralCore

@Suite("REST load")
struct ReencryptLoadTests {
    @Test("200 concurrent re-encryption requests to one Ursula are all answered correctly")
    func concurrentRequests() async throws {
        let world = try await RESTTestWorld(seed: 60)
        let node = world.node
        let policy = try await world.policy(label: "load")
        try await node.ursula.acceptArrangement(policy.arrangement(for: node, publisher: world.publisher.verifyingKey))
        let count = 200
        let kits = try (0..<count).map { try world.kit("message \($0)", policy: policy) }
        let requests = try kits.map { try world.request([$0], policy: policy, node: node) }

        // Over a real loopback socket: the same HTTP stack Bob meets, not the in-memory router.
        let cleartexts = try await node.makeApplication().test(.live) { client in
            try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
                for index in 0..<count {
                    group.addTask {
                        let response = try await client.post(.reencrypt, requests[index].bytes)
                        try #require(response.status == .ok)
                        let capsuleFrags = try world.verify(response.bytes, for: requests[index], policy: policy, node: node)
                        let cleartext = try kits[index].decryptReencrypted(
                            receivingKey: world.bobEncryptingKey, policyEncryptingKey: policy.policyEncryptingKey,
                            capsuleFrags: capsuleFrags)
                        return (index, cleartext)
                    }
                }
                var cleartexts = [[UInt8]](repeating: [], count: count)
                for try await (index, cleartext) in group { cleartexts[index] = cleartext }
                return cleartexts
            }
        }
        #expect(cleartexts == (0..<count).map { Array("message \($0)".utf8) })
        #expect(await node.ursula.reencryptedCapsuleCount == count)
    }
}
