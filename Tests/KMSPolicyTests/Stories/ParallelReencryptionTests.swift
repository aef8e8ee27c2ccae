import KMSPolicy
import Testing
import UmbralCore

@Suite("Ursula re-encrypts a request's capsules in parallel and Bob verifies cFrags concurrently; results are the serial ones, in order")
struct ParallelReencryptionTests {
    /// Alice's keys, a 2-of-3 batch for Bob and `count` capsules, all from one seed.
    struct Material {
        let alice: SecretKey
        let bob: SecretKey
        let signer: Signer
        let keyFrag: VerifiedKeyFrag
        let capsules: [Capsule]

        init(capsuleCount count: Int, seed: UInt64) throws {
            var rng = PREObjectTestRNG(seed: seed)
            alice = SecretKey.random(using: &rng)
            bob = SecretKey.random(using: &rng)
            signer = Signer(SecretKey.random(using: &rng))
            keyFrag = try Umbral.generateKeyFrags(
                delegating: alice, receiving: bob.publicKey, signer: signer, threshold: 2, shares: 3, using: &rng)[0]
            var capsules: [Capsule] = []
            for index in 0..<count {
                capsules.append(try Umbral.encrypt([UInt8(index)], for: alice.publicKey, using: &rng).capsule)
            }
            self.capsules = capsules
        }
    }

    @Test("Parallel re-encryption gives the serial loop's cFrags byte for byte, in capsule order", arguments: [1, 2, 7, 16])
    func sameAsSerial(count: Int) async throws {
        let material = try Material(capsuleCount: count, seed: 700 + UInt64(count))
        var serialRNG = PREObjectTestRNG(seed: 77)
        let serial = material.capsules.map { Umbral.reencrypt($0, with: material.keyFrag, using: &serialRNG) }
        var parallelRNG = PREObjectTestRNG(seed: 77)
        let parallel = await Ursula.reencrypt(material.capsules, with: material.keyFrag, using: &parallelRNG)
        #expect(parallel.map(\.messagePackBytes) == serial.map(\.messagePackBytes))
        // Both consumed the generator alike: the next draws agree.
        #expect(parallelRNG.next() == serialRNG.next())
        // And each cFrag verifies against its own capsule only.
        for (index, capsule) in material.capsules.enumerated() {
            let capsuleFrag = try CapsuleFrag(messagePackBytes: parallel[index].messagePackBytes)
            #expect(throws: Never.self) {
                try capsuleFrag.verify(
                    capsule: capsule, verifyingKey: material.signer.verifyingKey,
                    delegatingKey: material.alice.publicKey, receivingKey: material.bob.publicKey)
            }
            if count > 1 {
                let other = material.capsules[(index + 1) % count]
                #expect(throws: UmbralError.invalidReencryptionProof) {
                    try capsuleFrag.verify(
                        capsule: other, verifyingKey: material.signer.verifyingKey,
                        delegatingKey: material.alice.publicKey, receivingKey: material.bob.publicKey)
                }
            }
        }
    }

    @Test("Ursula answers a 12-capsule request with one cFrag per capsule in the request's order, and Bob decrypts all 12 in order")
    func ursulaRequestInOrder() async throws {
        let world = await StoryWorld(seed: 71)
        let policy = try await world.grant()
        let texts = (0..<12).map { "message \($0)" }
        let kits = try texts.map { try world.enrico($0, for: policy) }
        let retrieval = try await world.bob.retrieveAndDecrypt(kits, from: policy.treasureMap)
        #expect(retrieval.cleartexts == texts.map { Array($0.utf8) })
        #expect(retrieval.faults.isEmpty)

        // Asked directly: cFrag i verifies against capsule i (ReencryptionResponse.verify checks
        // them pairwise, serially), and against no other capsule.
        let address = world.addresses[0]
        let encryptedKeyFrag = try #require(policy.treasureMap.destinations[address])
        let request = ReencryptionRequest(
            capsules: kits.map(\.capsule), hrac: policy.treasureMap.hrac, encryptedKeyFrag: encryptedKeyFrag,
            publisherVerifyingKey: world.alice.verifyingKey, bobVerifyingKey: world.bob.signer.verifyingKey)
        let before = await world.ursulas[0].reencryptedCapsuleCount
        let response = try await world.ursulas[0].reencrypt(request)
        #expect(await world.ursulas[0].reencryptedCapsuleCount == before + 12)
        let verified = try response.verify(
            capsules: request.capsules, aliceVerifyingKey: world.alice.verifyingKey,
            ursulaVerifyingKey: world.ursulas[0].profile.verifyingKey,
            policyEncryptingKey: policy.policyEncryptingKey, bobEncryptingKey: world.bob.card.encryptingKey)
        #expect(verified.map(\.messagePackBytes) == response.capsuleFrags.map(\.messagePackBytes))
        #expect(throws: UmbralError.invalidReencryptionProof) {
            try response.capsuleFrags[0].verify(
                capsule: request.capsules[1], verifyingKey: world.alice.verifyingKey,
                delegatingKey: policy.policyEncryptingKey, receivingKey: world.bob.card.encryptingKey)
        }
    }

    @Test("Bob's concurrent verification names the lowest bad cFrag index, as the serial check does")
    func lowestBadIndexNamed() async throws {
        let world = await StoryWorld(seed: 72)
        let policy = try await world.grant()
        let liar = world.addresses[1]
        let signer = try #require(world.ursulaSigners[liar])
        // Her signature is valid, but cFrags 3 and 5 belong to other capsules.
        await world.network.intercept(responsesFrom: liar) { request, honest in
            var capsuleFrags = honest.capsuleFrags
            capsuleFrags.swapAt(3, 5)
            let pairs = zip(request.capsules, capsuleFrags).map { ($0, $1.skipVerification()) }
            return ReencryptionResponse(signer: signer, capsulesAndVerifiedCapsuleFrags: pairs)
        }
        let kits = try (0..<8).map { try world.enrico("kit \($0)", for: policy) }
        let retrieval = try await world.bob.retrieveAndDecrypt(kits, from: policy.treasureMap)
        #expect(retrieval.cleartexts == (0..<8).map { Array("kit \($0)".utf8) })
        #expect(retrieval.contributors == [world.addresses[0], world.addresses[2]])
        let fault = try #require(retrieval.faults.first)
        #expect(retrieval.faults.count == 1)
        #expect(fault.address == liar)
        guard case .invalidCapsuleFrag(index: 3, .invalidReencryptionProof) = fault.reason else {
            Issue.record("expected cFrag 3's proof to fail, got \(fault.reason)")
            return
        }
    }
}
