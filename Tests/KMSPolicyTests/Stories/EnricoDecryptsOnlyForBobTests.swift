import KMSPolicy
import Testing
import UmbralCore

@Suite("Enrico's data decrypts only for Bob")
struct EnricoDecryptsOnlyForBobTests {
    @Test("Carol, another Bob, finds no map, cannot open Bob's, and gets no usable cFrags with it")
    func carolCannot() async throws {
        let world = await StoryWorld(seed: 60)
        let policy = try await world.grant()
        let kit = try world.enrico("for Bob's eyes", for: policy)
        let carol = Bob(transport: world.network)
        let aliceKey = world.alice.verifyingKey

        let carolsHRAC = carol.hrac(label: StoryWorld.label, publisherVerifyingKey: aliceKey)
        #expect(carolsHRAC != policy.hrac)
        #expect(await policyError { try await carol.retrieveAndDecrypt(kit, label: StoryWorld.label, publisherVerifyingKey: aliceKey) }
            == .treasureMapNotFound(carolsHRAC))

        let opened = await policyError { try carol.decryptTreasureMap(policy.encryptedTreasureMap, publisherVerifyingKey: aliceKey) }
        guard case .decryptionFailed(object: "EncryptedTreasureMap", _) = opened else {
            Issue.record("unexpected \(String(describing: opened))")
            return
        }

        // Even holding Bob's map, Carol's checks fail: every cFrag was made for Bob's key.
        let error = await policyError { try await carol.retrieveAndDecrypt([kit], from: policy.treasureMap) }
        guard case let .notEnoughHonestUrsulas(_, honest, faults) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(honest == 0)
        for fault in faults {
            guard case .invalidCapsuleFrag = fault.reason else {
                Issue.record("unexpected \(fault)")
                continue
            }
        }

        #expect(try await world.bob.retrieveAndDecrypt(kit, label: StoryWorld.label, publisherVerifyingKey: aliceKey)
            == Array("for Bob's eyes".utf8))
    }

    @Test("A kit for another label's key does not decrypt with this policy's cFrags, and no stranger's key opens a kit")
    func wrongPolicyKey() async throws {
        let world = await StoryWorld(seed: 61)
        let policy = try await world.grant()
        let otherKey = world.alice.policyEncryptingKey(label: Array("elsewhere".utf8))
        let stray = try Enrico(policyEncryptingKey: otherKey).encrypt(Array("stray".utf8))
        let error = await policyError { try await world.bob.retrieveAndDecrypt([stray], from: policy.treasureMap) }
        guard case .decryptionFailed(object: "MessageKit", _) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        var rng = PREObjectTestRNG(seed: 6161)
        let kit = try Enrico(policyEncryptingKey: policy.policyEncryptingKey).encrypt(Array("sealed".utf8), using: &rng)
        #expect(throws: KMSPolicyError.self) { try kit.decrypt(secretKey: SecretKey.random(using: &rng)) }
        #expect(try world.alice.decrypt(kit, label: StoryWorld.label) == Array("sealed".utf8))
    }
}
