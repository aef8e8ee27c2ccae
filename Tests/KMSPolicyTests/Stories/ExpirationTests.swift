import KMSPolicy
import Testing
import UmbralCore

@Suite("An expired policy is refused")
struct ExpirationTests {
    @Test("Ursulas serve until the expiration and refuse from that second on")
    func expires() async throws {
        let world = await StoryWorld(seed: 40)
        let policy = try await world.grant(days: 1)
        let kit = try world.enrico("for one day", for: policy)
        #expect(policy.expiration == StoryWorld.start.adding(seconds: 86_400))

        await world.clock.set(to: policy.expiration.adding(seconds: -1))
        let retrieval = try await world.bob.retrieveAndDecrypt([kit], from: policy.treasureMap)
        #expect(retrieval.cleartexts == [Array("for one day".utf8)])

        await world.clock.advance(seconds: 1)
        let now = await world.clock.now()
        #expect(now == policy.expiration)
        let error = await policyError {
            try await world.bob.retrieveAndDecrypt(kit, label: StoryWorld.label, publisherVerifyingKey: world.alice.verifyingKey)
        }
        #expect(error == .notEnoughHonestUrsulas(threshold: 2, honest: 0, faults: world.addresses.map {
            UrsulaFault(address: $0, reason: .refused(.policyExpired(policy.hrac, expiration: policy.expiration, now: now)))
        }))
        #expect(try #require(error).description.contains("expired at @\(policy.expiration.secondsSinceEpoch)"))
    }

    @Test("The ledger refuses a policy that would expire before it starts, and Alice publishes nothing")
    func expiredAtBirth() async throws {
        let world = await StoryWorld(seed: 42)
        let error = await policyError {
            try await world.alice.grant(
                to: world.bob.card, label: StoryWorld.label, threshold: 2, shares: 3, expiration: StoryWorld.start)
        }
        #expect(error == .expirationNotInFuture(expiration: StoryWorld.start, now: StoryWorld.start))
        let hrac = world.bob.hrac(label: StoryWorld.label, publisherVerifyingKey: world.alice.verifyingKey)
        #expect(await policyError { try await world.network.treasureMap(for: hrac) } == .treasureMapNotFound(hrac))
        #expect(await world.ledger.policy(for: hrac) == nil)
    }

    @Test("A policy never recorded on the ledger, or paid for by someone else, is refused")
    func unpaid() async throws {
        let world = await StoryWorld(seed: 41)
        let policy = try await world.grant()
        var rng = PREObjectTestRNG(seed: 4141)
        let vladimir = Signer(SecretKey.random(using: &rng))
        let capsule = try world.enrico("x", for: policy).capsule
        let encryptedKeyFrag = try #require(policy.treasureMap.destinations[world.addresses[0]])
        let unknownHRAC = try HRAC(bytes: Array(repeating: 7, count: 16))
        let unknown = ReencryptionRequest(
            capsules: [capsule], hrac: unknownHRAC, encryptedKeyFrag: encryptedKeyFrag,
            publisherVerifyingKey: world.alice.verifyingKey, bobVerifyingKey: world.bob.card.verifyingKey)
        #expect(await policyError { try await world.ursulas[0].reencrypt(unknown) } == .policyNotFound(unknownHRAC))
        let otherPublisher = ReencryptionRequest(
            capsules: [capsule], hrac: policy.hrac, encryptedKeyFrag: encryptedKeyFrag,
            publisherVerifyingKey: vladimir.verifyingKey, bobVerifyingKey: world.bob.card.verifyingKey)
        #expect(await policyError { try await world.ursulas[0].reencrypt(otherPublisher) } == .publisherMismatch(policy.hrac))
    }
}
