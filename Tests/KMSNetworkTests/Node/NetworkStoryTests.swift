import Foundation
import KMSNetwork
import KMSPolicy
import Testing
import UmbralCore

/// Alice, Bob and five Ursulas over real UDP and HTTP on loopback, with SQLite stores in a
/// temporary folder: the whole story of issue 5 inside one process.
@Suite("Alice and Bob over the network: DHT, REST and SQLite", .serialized)
struct NetworkStoryTests {
    @Test("grant 3-of-5, retrieve; two Ursulas stop and Bob still decrypts; Alice revokes and Bob is refused")
    func grantRetrieveSurviveRevoke() async throws {
        try await LocalUrsulaNetwork.withNetwork(ursulas: 5) { network in
            let ursulas = network.ursulas
            for node in ursulas {
                #expect(DHTDirectory.ursulaValuePolicy.accepts(
                    .bytes(node.metadata.bytes), DHTDirectory.nodeMetadataKey(for: node.stakingProviderAddress)))
                #expect(throws: Never.self) { try NodeMetadata(bytes: node.metadata.bytes) }
            }
            let addresses = network.addresses
            let alice = Alice(
                transport: NetworkPolicyTransport(dht: network.aliceDHT, ursulas: addresses, timeout: 30), ledger: network.ledger)
            let bob = Bob(transport: NetworkPolicyTransport(dht: network.bobDHT, ursulas: addresses, timeout: 30))
            let label = Array("heart-rate/2026".utf8)

            let policy = try await alice.grant(
                to: bob.card, label: label, threshold: 3, shares: 5,
                expiration: UnixTime(secondsSinceEpoch: Int64(Date().timeIntervalSince1970) + 3600))
            let first = try Enrico(policyEncryptingKey: policy.policyEncryptingKey).encrypt(Array("72 bpm".utf8))
            #expect(try await bob.retrieveAndDecrypt(first, label: label, publisherVerifyingKey: alice.verifyingKey)
                == Array("72 bpm".utf8))
            for node in ursulas {
                #expect(try await node.database.storedArrangement(for: policy.hrac) != nil, "every Ursula keeps her arrangement")
            }

            ursulas[3].shutdown()
            ursulas[4].shutdown()
            let second = try Enrico(policyEncryptingKey: policy.policyEncryptingKey).encrypt(Array("75 bpm".utf8))
            #expect(try await bob.retrieveAndDecrypt(second, label: label, publisherVerifyingKey: alice.verifyingKey)
                == Array("75 bpm".utf8))

            let faults = try await alice.revoke(policy)
            #expect(Set(faults.map(\.address)) == [addresses[3], addresses[4]], "the stopped Ursulas could not be told")
            let refusal = await #expect(throws: KMSPolicyError.self) {
                try await bob.retrieveAndDecrypt(second, label: label, publisherVerifyingKey: alice.verifyingKey)
            }
            guard case .notEnoughHonestUrsulas(threshold: 3, honest: 0, faults: _)? = refusal else {
                Issue.record("expected a refusal by every Ursula, got \(String(describing: refusal))")
                return
            }
        }
    }
}
