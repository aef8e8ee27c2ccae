import KMSPolicy
import Testing
import UmbralCore

@Suite("Alice revokes and Ursulas refuse")
struct RevocationTests {
    @Test("After Alice revokes, every Ursula refuses and Bob gets nothing")
    func aliceRevokes() async throws {
        let world = await StoryWorld(seed: 30)
        let policy = try await world.grant()
        let kit = try world.enrico("soon gone", for: policy)
        #expect(try await world.bob.retrieveAndDecrypt(
            kit, label: StoryWorld.label, publisherVerifyingKey: world.alice.verifyingKey) == Array("soon gone".utf8))

        let unconfirmed = try await world.alice.revoke(policy)
        #expect(unconfirmed.isEmpty)
        for (ursula, (_, encryptedKeyFrag)) in zip(world.ursulas, policy.treasureMap.destinations.sorted { $0.key < $1.key }) {
            #expect(try await ursula.hasRevoked(encryptedKeyFrag, publisherVerifyingKey: world.alice.verifyingKey))
        }
        #expect(await world.ledger.policy(for: policy.hrac)?.isRevoked == true)

        let error = await policyError {
            try await world.bob.retrieveAndDecrypt(kit, label: StoryWorld.label, publisherVerifyingKey: world.alice.verifyingKey)
        }
        #expect(error == .notEnoughHonestUrsulas(threshold: 2, honest: 0, faults: world.addresses.map {
            UrsulaFault(address: $0, reason: .refused(.policyRevoked(policy.hrac)))
        }))
    }

    @Test("Revocation orders alone make Ursulas refuse the kFrag, even while the ledger still shows the policy")
    func ordersAlone() async throws {
        let world = await StoryWorld(seed: 31)
        let policy = try await world.grant()
        let orders = world.alice.revocationOrders(for: policy)
        #expect(orders.map(\.stakingProviderAddress) == world.addresses)
        for order in orders {
            #expect(try order.verify(aliceVerifyingKey: world.alice.verifyingKey).1 == policy.treasureMap.destinations[order.stakingProviderAddress])
            try await world.network.revoke(order, publisherVerifyingKey: world.alice.verifyingKey)
        }
        let kit = try world.enrico("refused", for: policy)
        let error = await policyError { try await world.bob.retrieveAndDecrypt([kit], from: policy.treasureMap) }
        #expect(error == .notEnoughHonestUrsulas(threshold: 2, honest: 0, faults: world.addresses.map {
            UrsulaFault(address: $0, reason: .refused(.keyFragRevoked($0)))
        }))
    }

    @Test("An Ursula offline during the revocation is reported, and refuses through the ledger once back")
    func offlineDuringRevocation() async throws {
        let world = await StoryWorld(seed: 32)
        let policy = try await world.grant()
        await world.network.setOffline(world.addresses[1])
        let unconfirmed = try await world.alice.revoke(policy)
        #expect(unconfirmed == [UrsulaFault(address: world.addresses[1], reason: .unreachable("offline"))])
        await world.network.setOffline(world.addresses[1], false)
        let request = ReencryptionRequest(
            capsules: [try world.enrico("x", for: policy).capsule], hrac: policy.hrac,
            encryptedKeyFrag: try #require(policy.treasureMap.destinations[world.addresses[1]]),
            publisherVerifyingKey: world.alice.verifyingKey, bobVerifyingKey: world.bob.card.verifyingKey)
        #expect(await policyError { try await world.ursulas[1].reencrypt(request) } == .policyRevoked(policy.hrac))
    }

    @Test("Ursulas refuse revocation orders that are mis-addressed, mis-signed or for someone else's kFrag")
    func badOrders() async throws {
        let world = await StoryWorld(seed: 33)
        let policy = try await world.grant()
        var rng = PREObjectTestRNG(seed: 3333)
        let vladimir = Signer(SecretKey.random(using: &rng))
        let aliceKey = world.alice.verifyingKey
        let kFragOf0 = try #require(policy.treasureMap.destinations[world.addresses[0]])
        let kFragOf1 = try #require(policy.treasureMap.destinations[world.addresses[1]])

        let forUrsula0 = RevocationOrder(signer: world.alice.signer, stakingProviderAddress: world.addresses[0], encryptedKeyFrag: kFragOf0)
        #expect(await policyError { try await world.ursulas[1].revoke(forUrsula0, publisherVerifyingKey: aliceKey) }
            == .misaddressedRevocation(addressedTo: world.addresses[0], receivedBy: world.addresses[1]))

        let forged = RevocationOrder(signer: vladimir, stakingProviderAddress: world.addresses[0], encryptedKeyFrag: kFragOf0)
        #expect(await policyError { try await world.network.revoke(forged, publisherVerifyingKey: aliceKey) }
            == .invalidRevocationOrderSignature)

        let wrongKFrag = RevocationOrder(signer: world.alice.signer, stakingProviderAddress: world.addresses[0], encryptedKeyFrag: kFragOf1)
        #expect(await policyError { try await world.network.revoke(wrongKFrag, publisherVerifyingKey: aliceKey) }
            == .keyFragNotForThisUrsula(world.addresses[0]))

        // Vladimir's own valid-looking order binds only requests naming him as publisher.
        try await world.network.revoke(forged, publisherVerifyingKey: vladimir.verifyingKey)
        #expect(try await world.ursulas[0].hasRevoked(kFragOf0, publisherVerifyingKey: vladimir.verifyingKey))
        #expect(!(try await world.ursulas[0].hasRevoked(kFragOf0, publisherVerifyingKey: aliceKey)))
        let kit = try world.enrico("still mine", for: policy)
        let retrieval = try await world.bob.retrieveAndDecrypt([kit], from: policy.treasureMap)
        #expect(retrieval.cleartexts == [Array("still mine".utf8)])
        #expect(retrieval.faults.isEmpty)

        // Nor can Vladimir revoke the policy on the ledger.
        #expect(await policyError { try await world.ledger.revokePolicy(policy.hrac, owner: Address(publicKey: vladimir.verifyingKey)) }
            == .notPolicyOwner(policy.hrac, caller: Address(publicKey: vladimir.verifyingKey)))
    }
}
