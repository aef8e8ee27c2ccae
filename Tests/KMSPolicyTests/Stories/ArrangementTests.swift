import KMSPolicy
import Testing
import UmbralCore

@Suite("Arrangements: Alice places each kFrag with its Ursula before Bob asks")
struct ArrangementTests {
    @Test("a granted policy is arranged at exactly its Ursulas; the others refuse it with arrangementNotFound")
    func onlyArrangedUrsulasServe() async throws {
        let world = await StoryWorld(ursulaCount: 5, seed: 71)
        let policy = try await world.grant(threshold: 2, shares: 3)
        let holders = Set(policy.treasureMap.destinations.keys)
        #expect(holders.count == 3)
        let capsule = try world.enrico("for Bob", for: policy).capsule
        let someKeyFrag = try #require(policy.treasureMap.destinations.values.first)
        for ursula in world.ursulas where !holders.contains(ursula.stakingProviderAddress) {
            let request = ReencryptionRequest(
                capsules: [capsule], hrac: policy.hrac, encryptedKeyFrag: someKeyFrag,
                publisherVerifyingKey: world.alice.verifyingKey, bobVerifyingKey: world.bob.card.verifyingKey)
            #expect(await policyError { try await ursula.reencrypt(request) }
                == .arrangementNotFound(policy.hrac, ursula: ursula.stakingProviderAddress))
        }
        let plaintext = try await world.bob.retrieveAndDecrypt(
            try world.enrico("hello", for: policy), label: StoryWorld.label,
            publisherVerifyingKey: world.alice.verifyingKey)
        #expect(plaintext == Array("hello".utf8))
    }

    @Test("accepting the same arrangement twice changes nothing; a different kFrag for the HRAC conflicts")
    func idempotentAndConflicting() async throws {
        let world = await StoryWorld(seed: 72)
        let policy = try await world.grant()
        let ursula = world.ursulas[0]
        let kFrag = try #require(policy.treasureMap.destinations[ursula.stakingProviderAddress])
        let same = Arrangement(hrac: policy.hrac, publisherVerifyingKey: world.alice.verifyingKey, encryptedKeyFrag: kFrag)
        try await ursula.acceptArrangement(same)
        #expect(try await ursula.acceptArrangement(bytes: same.bytes) == policy.hrac)

        // Alice's own signer seals a fresh kFrag of the same policy to the same Ursula.
        var rng = PREObjectTestRNG(seed: 720)
        let fresh = try Umbral.generateKeyFrags(
            delegating: SecretKey.random(using: &rng), receiving: world.bob.card.encryptingKey,
            signer: world.alice.signer, threshold: 1, shares: 1, signDelegatingKey: false, signReceivingKey: false,
            using: &rng)[0]
        let other = try EncryptedKeyFrag(
            signer: world.alice.signer, recipientKey: ursula.profile.encryptingKey, hrac: policy.hrac, keyFrag: fresh,
            using: &rng)
        let conflicting = Arrangement(hrac: policy.hrac, publisherVerifyingKey: world.alice.verifyingKey, encryptedKeyFrag: other)
        #expect(await policyError { try await ursula.acceptArrangement(conflicting) } == .conflictingArrangement(policy.hrac))
    }

    @Test("an arrangement for a policy the ledger lacks, or paid by someone else, is refused")
    func ledgerChecks() async throws {
        let world = await StoryWorld(seed: 73)
        let policy = try await world.grant()
        let ursula = world.ursulas[1]
        let kFrag = try #require(policy.treasureMap.destinations[ursula.stakingProviderAddress])
        var rng = PREObjectTestRNG(seed: 730)
        let unknown = HRAC(publisherVerifyingKey: world.alice.verifyingKey, bobVerifyingKey: world.bob.card.verifyingKey,
                           label: Array("never granted".utf8))
        #expect(await policyError {
            try await ursula.acceptArrangement(
                Arrangement(hrac: unknown, publisherVerifyingKey: world.alice.verifyingKey, encryptedKeyFrag: kFrag))
        } == .policyNotFound(unknown))
        let mallory = SecretKey.random(using: &rng).publicKey
        #expect(await policyError {
            try await ursula.acceptArrangement(
                Arrangement(hrac: policy.hrac, publisherVerifyingKey: mallory, encryptedKeyFrag: kFrag))
        } == .publisherMismatch(policy.hrac))
    }

    @Test("an Ursula that cannot be reached fails the grant, and no treasure map is published")
    func unreachableUrsulaFailsTheGrant() async throws {
        let world = await StoryWorld(seed: 74)
        await world.network.setOffline(world.addresses[2])
        let error = await policyError {
            try await world.alice.grant(
                to: world.bob.card, label: StoryWorld.label, threshold: 2, shares: 3,
                expiration: StoryWorld.start.adding(days: 1), ursulas: world.addresses)
        }
        #expect(error == .ursulaUnreachable(world.addresses[2], reason: "offline"))
        let hrac = HRAC(publisherVerifyingKey: world.alice.verifyingKey, bobVerifyingKey: world.bob.card.verifyingKey,
                        label: StoryWorld.label)
        #expect(await policyError { try await world.network.treasureMap(for: hrac) } == .treasureMapNotFound(hrac))
    }

    @Test("the Arng bytes round-trip; a wrong brand, version, extra byte or truncation is refused")
    func wireForm() async throws {
        let world = await StoryWorld(seed: 75)
        let policy = try await world.grant()
        let kFrag = try #require(policy.treasureMap.destinations[world.addresses[0]])
        let arrangement = Arrangement(hrac: policy.hrac, publisherVerifyingKey: world.alice.verifyingKey, encryptedKeyFrag: kFrag)
        let bytes = arrangement.bytes
        #expect(Array(bytes.prefix(8)) == [0x41, 0x72, 0x6e, 0x67, 0x00, 0x01, 0x00, 0x00])
        #expect(try Arrangement(bytes: bytes) == arrangement)
        var wrongMajor = bytes
        wrongMajor[5] = 0x03
        #expect(await policyError { try Arrangement(bytes: wrongMajor) } == .majorVersionMismatch(expected: 1, actual: 3))
        #expect(await policyError { try Arrangement(bytes: kFrag.bytes) }
            == .wrongBrand(expected: Array("Arng".utf8), actual: Array("EKFr".utf8)))
        for cut in [9, bytes.count / 2, bytes.count - 1] {
            #expect(throws: KMSPolicyError.self) { try Arrangement(bytes: bytes.prefix(cut)) }
        }
        #expect(throws: KMSPolicyError.self) { try Arrangement(bytes: bytes + [0]) }
    }
}
