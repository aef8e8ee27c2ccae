import KMSPolicy
import Testing
import UmbralCore

@Suite("Alice grants Bob 2-of-3 and Bob decrypts")
struct AliceGrantsBobDecryptsTests {
    @Test("Alice grants 2-of-3, Enrico encrypts, Bob finds the map and decrypts with two honest Ursulas")
    func grantAndDecrypt() async throws {
        let world = await StoryWorld(seed: 1)
        let policy = try await world.grant()
        #expect(policy.threshold == 2)
        #expect(policy.shares == 3)
        #expect(policy.ursulas == world.addresses)
        #expect(policy.hrac == HRAC(
            publisherVerifyingKey: world.alice.verifyingKey, bobVerifyingKey: world.bob.card.verifyingKey,
            label: StoryWorld.label))

        let kit = try world.enrico("heart rate 61", for: policy)
        let cleartext = try await world.bob.retrieveAndDecrypt(
            kit, label: StoryWorld.label, publisherVerifyingKey: world.alice.verifyingKey)
        #expect(cleartext == Array("heart rate 61".utf8))

        // Exactly the threshold was asked: the first two Ursulas in address order.
        #expect(await world.ursulas[0].reencryptedCapsuleCount == 1)
        #expect(await world.ursulas[1].reencryptedCapsuleCount == 1)
        #expect(await world.ursulas[2].reencryptedCapsuleCount == 0)
    }

    @Test("Bob decrypts several kits with different conditions in one retrieval")
    func severalKits() async throws {
        let world = await StoryWorld(seed: 2)
        let policy = try await world.grant()
        let kits = [
            try world.enrico("one", for: policy),
            try world.enrico("two", for: policy, conditions: #"{"returnValueTest":"ok"}"#),
            try world.enrico("three", for: policy),
        ]
        let map = try world.bob.decryptTreasureMap(
            policy.encryptedTreasureMap, publisherVerifyingKey: world.alice.verifyingKey, expectedHRAC: policy.hrac)
        let retrieval = try await world.bob.retrieveAndDecrypt(kits, from: map)
        #expect(retrieval.cleartexts == [Array("one".utf8), Array("two".utf8), Array("three".utf8)])
        #expect(retrieval.contributors == Array(world.addresses.prefix(2)))
        #expect(retrieval.faults.isEmpty)
    }

    @Test("The policy key is the factory's key for the label bytes, and Alice reads her own data")
    func policyKeyDerivation() async throws {
        var rng = PREObjectTestRNG(seed: 3)
        let factory = SecretKeyFactory.random(using: &rng)
        let world = await StoryWorld(seed: 3)
        let alice = Alice(
            signer: Signer(SecretKey.random(using: &rng)), keyFactory: factory, transport: world.network,
            ledger: world.ledger)
        #expect(alice.policyEncryptingKey(label: StoryWorld.label) == factory.makeKey(label: StoryWorld.label).publicKey)
        #expect(alice.policyEncryptingKey(label: StoryWorld.label) != alice.policyEncryptingKey(label: Array("other".utf8)))

        let policy = try await alice.grant(
            to: world.bob.card, label: StoryWorld.label, threshold: 1, shares: 2,
            expiration: StoryWorld.start.adding(days: 1), using: &rng)
        #expect(policy.policyEncryptingKey == alice.policyEncryptingKey(label: StoryWorld.label))
        #expect(policy.ursulas.count == 2)
        let kit = try world.enrico("for Alice too", for: policy)
        #expect(try alice.decrypt(kit, label: StoryWorld.label) == Array("for Alice too".utf8))
        #expect(throws: KMSPolicyError.self) { try alice.decrypt(kit, label: Array("other".utf8)) }
    }

    @Test("Alice refuses impossible grants: bad threshold, wrong or repeated Ursulas, unstaked Ursulas, a policy granted twice")
    func grantValidation() async throws {
        let world = await StoryWorld(seed: 4)
        let bob = world.bob.card
        let expiry = StoryWorld.start.adding(days: 1)
        let label = StoryWorld.label
        #expect(await policyError { try await world.alice.grant(to: bob, label: label, threshold: 0, shares: 3, expiration: expiry) }
            == .invalidThreshold(threshold: 0, destinations: 3))
        #expect(await policyError { try await world.alice.grant(to: bob, label: label, threshold: 4, shares: 3, expiration: expiry) }
            == .invalidThreshold(threshold: 4, destinations: 3))
        #expect(await policyError { try await world.alice.grant(to: bob, label: label, threshold: 2, shares: 4, expiration: expiry) }
            == .notEnoughUrsulas(needed: 4, available: 3))
        #expect(await policyError {
            try await world.alice.grant(to: bob, label: label, threshold: 1, shares: 2, expiration: expiry, ursulas: world.addresses)
        } == .ursulaCountMismatch(shares: 2, ursulas: 3))
        let first = world.addresses[0]
        #expect(await policyError {
            try await world.alice.grant(to: bob, label: label, threshold: 1, shares: 2, expiration: expiry, ursulas: [first, first])
        } == .duplicateUrsula(first))
        let stranger = try Address(bytes: Array(repeating: 0xee, count: 20))
        #expect(await policyError {
            try await world.alice.grant(to: bob, label: label, threshold: 1, shares: 2, expiration: expiry, ursulas: [first, stranger])
        } == .ursulaNotStaked(stranger))
        await world.ledger.unstake(world.addresses[2])
        #expect(await policyError { try await world.alice.grant(to: bob, label: label, threshold: 2, shares: 3, expiration: expiry) }
            == .notEnoughUrsulas(needed: 3, available: 2))
        await world.ledger.stake(world.addresses[2])

        let policy = try await world.grant()
        #expect(await policyError { try await world.grant() } == .policyAlreadyExists(policy.hrac))
    }
}
