import KMSPolicy
import Testing
import UmbralCore

@Suite("A lying Ursula is caught and named, and Bob still decrypts with honest ones")
struct LyingUrsulaTests {
    /// Makes the Ursula at `address` answer with cFrags of another capsule, signed with her own key
    /// over Bob's capsules: her signature checks out, her cFrag proofs do not.
    static func makeLie(in world: StoryWorld, at address: Address) async throws {
        let ursula = try #require(world.ursulas.first { $0.stakingProviderAddress == address })
        let signer = try #require(world.ursulaSigners[address])
        await world.network.intercept(responsesFrom: address) { request, honest in
            guard let (decoy, _) = try? Umbral.encrypt([0], for: request.publisherVerifyingKey),
                let other = try? await ursula.reencrypt(ReencryptionRequest(
                    capsules: request.capsules.map { _ in decoy }, hrac: request.hrac,
                    encryptedKeyFrag: request.encryptedKeyFrag, publisherVerifyingKey: request.publisherVerifyingKey,
                    bobVerifyingKey: request.bobVerifyingKey))
            else { return honest }
            let lies = zip(request.capsules, other.capsuleFrags).map { ($0, $1.skipVerification()) }
            return ReencryptionResponse(signer: signer, capsulesAndVerifiedCapsuleFrags: lies)
        }
    }

    @Test("Ursula 0 returns a bad cFrag: Bob names her for a bad proof and decrypts with Ursulas 1 and 2")
    func badCapsuleFrag() async throws {
        let world = await StoryWorld(seed: 20)
        let policy = try await world.grant()
        try await Self.makeLie(in: world, at: world.addresses[0])
        let kit = try world.enrico("the truth", for: policy)
        let map = try await world.bob.findTreasureMap(label: StoryWorld.label, publisherVerifyingKey: world.alice.verifyingKey)

        let retrieval = try await world.bob.retrieveAndDecrypt([kit], from: map)
        #expect(retrieval.cleartexts == [Array("the truth".utf8)])
        #expect(retrieval.contributors == [world.addresses[1], world.addresses[2]])
        #expect(retrieval.faults.count == 1)
        let fault = try #require(retrieval.faults.first)
        #expect(fault.address == world.addresses[0])
        guard case .invalidCapsuleFrag(index: 0, _) = fault.reason else {
            Issue.record("expected a bad cFrag proof, got \(fault.reason)")
            return
        }
        #expect(fault.description.contains("bad cFrag proof"))
    }

    @Test("An Ursula whose response is signed by Vladimir is named for a bad signature")
    func forgedSignature() async throws {
        let world = await StoryWorld(seed: 21)
        let policy = try await world.grant()
        var rng = PREObjectTestRNG(seed: 2121)
        let vladimir = Signer(SecretKey.random(using: &rng))
        await world.network.intercept(responsesFrom: world.addresses[1]) { request, honest in
            let pairs = zip(request.capsules, honest.capsuleFrags).map { ($0, $1.skipVerification()) }
            return ReencryptionResponse(signer: vladimir, capsulesAndVerifiedCapsuleFrags: pairs)
        }
        let kit = try world.enrico("signed", for: policy)
        let retrieval = try await world.bob.retrieveAndDecrypt([kit], from: policy.treasureMap)
        #expect(retrieval.cleartexts == [Array("signed".utf8)])
        #expect(retrieval.faults == [UrsulaFault(address: world.addresses[1], reason: .invalidSignature)])
        #expect(retrieval.contributors == [world.addresses[0], world.addresses[2]])
    }

    @Test("An Ursula that drops a cFrag is named for the wrong count")
    func missingCapsuleFrag() async throws {
        let world = await StoryWorld(seed: 22)
        let policy = try await world.grant()
        let signer = try #require(world.ursulaSigners[world.addresses[2]])
        await world.network.intercept(responsesFrom: world.addresses[2]) { request, honest in
            let pairs = zip(request.capsules.dropLast(), honest.capsuleFrags).map { ($0, $1.skipVerification()) }
            return ReencryptionResponse(signer: signer, capsulesAndVerifiedCapsuleFrags: pairs)
        }
        await world.network.setOffline(world.addresses[0])
        let kits = [try world.enrico("a", for: policy), try world.enrico("b", for: policy)]
        let error = await policyError { try await world.bob.retrieveAndDecrypt(kits, from: policy.treasureMap) }
        #expect(error == .notEnoughHonestUrsulas(threshold: 2, honest: 1, faults: [
            UrsulaFault(address: world.addresses[0], reason: .unreachable("offline")),
            UrsulaFault(address: world.addresses[2], reason: .wrongCapsuleFragCount(capsules: 2, capsuleFrags: 1)),
        ]))
    }

    @Test("A liar and an Ursula that is down leave Bob one short: the error names both and why")
    func tooFewHonest() async throws {
        let world = await StoryWorld(seed: 23)
        let policy = try await world.grant()
        try await Self.makeLie(in: world, at: world.addresses[0])
        await world.network.setOffline(world.addresses[2])
        let kit = try world.enrico("out of reach", for: policy)
        let error = await policyError {
            try await world.bob.retrieveAndDecrypt(kit, label: StoryWorld.label, publisherVerifyingKey: world.alice.verifyingKey)
        }
        guard case let .notEnoughHonestUrsulas(threshold, honest, faults) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(threshold == 2 && honest == 1)
        #expect(faults.map(\.address) == [world.addresses[0], world.addresses[2]])
        #expect(faults[1].reason == .unreachable("offline"))
        let text = try #require(error).description
        #expect(text.contains(world.addresses[0].checksummed) && text.contains("bad cFrag proof"))
        #expect(text.contains(world.addresses[2].checksummed) && text.contains("down"))
    }
}
