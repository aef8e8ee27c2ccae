import KMSPolicy
import Testing
import UmbralCore

@Suite("A tampered treasure map or kFrag is rejected")
struct TamperingTests {
    @Test("Bob rejects a published treasure map whose ciphertext was altered, or whose version is not 3")
    func tamperedTreasureMapBytes() async throws {
        let world = await StoryWorld(seed: 50)
        let policy = try await world.grant()
        var bytes = policy.encryptedTreasureMap.bytes
        bytes[bytes.count - 1] ^= 0x01
        await world.network.replaceTreasureMapBytes(for: policy.hrac, with: bytes)
        let altered = await policyError {
            try await world.bob.findTreasureMap(label: StoryWorld.label, publisherVerifyingKey: world.alice.verifyingKey)
        }
        guard case .decryptionFailed(object: "EncryptedTreasureMap", _) = altered else {
            Issue.record("unexpected \(String(describing: altered))")
            return
        }

        var oldVersion = policy.encryptedTreasureMap.bytes
        oldVersion[5] = 2
        await world.network.replaceTreasureMapBytes(for: policy.hrac, with: oldVersion)
        #expect(await policyError {
            try await world.bob.findTreasureMap(label: StoryWorld.label, publisherVerifyingKey: world.alice.verifyingKey)
        } == .majorVersionMismatch(expected: 3, actual: 2))
    }

    @Test("Bob rejects a map signed by Vladimir, a map for another policy and a map naming another publisher")
    func misSignedTreasureMaps() async throws {
        let world = await StoryWorld(seed: 51)
        let policy = try await world.grant()
        var rng = PREObjectTestRNG(seed: 5151)
        let vladimir = Signer(SecretKey.random(using: &rng))
        let aliceKey = world.alice.verifyingKey

        let resigned = try policy.treasureMap.encrypt(signer: vladimir, recipientKey: world.bob.card.encryptingKey, using: &rng)
        await world.network.replaceTreasureMapBytes(for: policy.hrac, with: resigned.bytes)
        #expect(await policyError { try await world.bob.findTreasureMap(label: StoryWorld.label, publisherVerifyingKey: aliceKey) }
            == .signatureVerificationFailed(object: "AuthorizedTreasureMap"))

        let other = try await world.alice.grant(
            to: world.bob.card, label: Array("another label".utf8), threshold: 1, shares: 2,
            expiration: StoryWorld.start.adding(days: 1))
        await world.network.replaceTreasureMapBytes(for: policy.hrac, with: other.encryptedTreasureMap.bytes)
        #expect(await policyError { try await world.bob.findTreasureMap(label: StoryWorld.label, publisherVerifyingKey: aliceKey) }
            == .treasureMapForAnotherPolicy(expected: policy.hrac, actual: other.hrac))

        // A map naming Vladimir as publisher, which Alice's signer was somehow made to sign for Bob.
        let profile = world.ursulas[0].profile
        let keyFrags = try Umbral.generateKeyFrags(
            delegating: SecretKey.random(using: &rng), receiving: world.bob.card.encryptingKey, signer: vladimir,
            threshold: 1, shares: 1, using: &rng)
        let vladimirsMap = try TreasureMap(
            signer: vladimir, hrac: policy.hrac, policyEncryptingKey: policy.policyEncryptingKey,
            assignedKeyFrags: [profile.stakingProviderAddress: (profile.encryptingKey, keyFrags[0])], threshold: 1,
            using: &rng)
        let signedByAlice = try vladimirsMap.encrypt(
            signer: world.alice.signer, recipientKey: world.bob.card.encryptingKey, using: &rng)
        #expect(await policyError { try world.bob.decryptTreasureMap(signedByAlice, publisherVerifyingKey: aliceKey) }
            == .treasureMapPublisherMismatch)
    }

    @Test("Ursula rejects a kFrag whose bytes were altered, one sealed to another Ursula, and one signed for another policy")
    func tamperedKeyFrags() async throws {
        let world = await StoryWorld(seed: 52)
        let policy = try await world.grant()
        let second = try await world.alice.grant(
            to: world.bob.card, label: Array("second".utf8), threshold: 2, shares: 3,
            expiration: StoryWorld.start.adding(days: 1), ursulas: world.addresses)
        let capsule = try world.enrico("x", for: policy).capsule
        func request(_ encryptedKeyFrag: EncryptedKeyFrag, hrac: HRAC? = nil) -> ReencryptionRequest {
            ReencryptionRequest(
                capsules: [capsule], hrac: hrac ?? policy.hrac, encryptedKeyFrag: encryptedKeyFrag,
                publisherVerifyingKey: world.alice.verifyingKey, bobVerifyingKey: world.bob.card.verifyingKey)
        }
        let kFragOf0 = try #require(policy.treasureMap.destinations[world.addresses[0]])

        var bytes = kFragOf0.bytes
        bytes[bytes.count - 1] ^= 0x80
        let altered = try EncryptedKeyFrag(bytes: bytes)
        // A request must bring the kFrag the Ursula accepted for the policy...
        #expect(await policyError { try await world.ursulas[0].reencrypt(request(altered)) }
            == .keyFragNotArranged(policy.hrac))
        #expect(await policyError { try await world.ursulas[1].reencrypt(request(kFragOf0)) }
            == .keyFragNotArranged(policy.hrac))
        #expect(await policyError { try await world.ursulas[0].reencrypt(request(kFragOf0, hrac: second.hrac)) }
            == .keyFragNotArranged(second.hrac))

        // ...and an arrangement is checked as carefully as a request once was.
        func arrangement(_ encryptedKeyFrag: EncryptedKeyFrag, hrac: HRAC) -> Arrangement {
            Arrangement(hrac: hrac, publisherVerifyingKey: world.alice.verifyingKey, encryptedKeyFrag: encryptedKeyFrag)
        }
        #expect(await policyError { try await world.ursulas[0].acceptArrangement(arrangement(altered, hrac: policy.hrac)) }
            == .keyFragNotForThisUrsula(world.addresses[0]))
        #expect(await policyError { try await world.ursulas[1].acceptArrangement(arrangement(kFragOf0, hrac: policy.hrac)) }
            == .keyFragNotForThisUrsula(world.addresses[1]))
        #expect(await policyError { try await world.ursulas[0].acceptArrangement(arrangement(kFragOf0, hrac: second.hrac)) }
            == .signatureVerificationFailed(object: "AuthorizedKeyFrag"))

        let empty = ReencryptionRequest(
            capsules: [], hrac: policy.hrac, encryptedKeyFrag: kFragOf0,
            publisherVerifyingKey: world.alice.verifyingKey, bobVerifyingKey: world.bob.card.verifyingKey)
        #expect(await policyError { try await world.ursulas[0].reencrypt(empty) } == .nothingToRetrieve)

        // The untouched kFrag still works.
        let response = try await world.ursulas[0].reencrypt(request(kFragOf0))
        #expect(response.capsuleFrags.count == 1)
    }
}
