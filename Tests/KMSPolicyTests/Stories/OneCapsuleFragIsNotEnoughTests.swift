import KMSPolicy
import Testing
import UmbralCore

@Suite("Bob with only one cFrag cannot decrypt a 2-of-3 policy")
struct OneCapsuleFragIsNotEnoughTests {
    @Test("With two Ursulas down, Bob gets one cFrag, names the two that were down, and decrypts nothing")
    func twoUrsulasDown() async throws {
        let world = await StoryWorld(seed: 10)
        let policy = try await world.grant()
        let kit = try world.enrico("not for one Ursula alone", for: policy)
        await world.network.setOffline(world.addresses[1])
        await world.network.setOffline(world.addresses[2])

        let error = await policyError {
            try await world.bob.retrieveAndDecrypt(kit, label: StoryWorld.label, publisherVerifyingKey: world.alice.verifyingKey)
        }
        #expect(error == .notEnoughHonestUrsulas(threshold: 2, honest: 1, faults: [
            UrsulaFault(address: world.addresses[1], reason: .unreachable("offline")),
            UrsulaFault(address: world.addresses[2], reason: .unreachable("offline")),
        ]))
        let text = try #require(error).description
        #expect(text.contains(world.addresses[1].checksummed) && text.contains(world.addresses[2].checksummed))
        #expect(text.contains("down"))

        // Back online, the same Bob decrypts.
        await world.network.setOffline(world.addresses[1], false)
        let cleartext = try await world.bob.retrieveAndDecrypt(
            kit, label: StoryWorld.label, publisherVerifyingKey: world.alice.verifyingKey)
        #expect(cleartext == Array("not for one Ursula alone".utf8))
    }

    @Test("A single verified cFrag does not open the kit; two do")
    func oneVerifiedCapsuleFrag() async throws {
        var rng = PREObjectTestRNG(seed: 11)
        let world = await StoryWorld(seed: 11)
        let bobKey = SecretKey.random(using: &rng)
        let bob = Bob(encryptingKey: bobKey, signer: Signer(SecretKey.random(using: &rng)), transport: world.network)
        let policy = try await world.alice.grant(
            to: bob.card, label: StoryWorld.label, threshold: 2, shares: 3, expiration: StoryWorld.start.adding(days: 1),
            ursulas: world.addresses, using: &rng)
        let kit = try world.enrico("two make a key", for: policy)
        let map = try bob.decryptTreasureMap(policy.encryptedTreasureMap, publisherVerifyingKey: world.alice.verifyingKey)
        let collected = try await bob.collectCapsuleFrags(for: [kit.capsule], from: map)
        #expect(collected.capsuleFrags[0].count == 2)

        #expect(throws: KMSPolicyError.decryptionFailed(object: "MessageKit", .reencryptedValidationFailed)) {
            try kit.decryptReencrypted(
                receivingKey: bobKey, policyEncryptingKey: policy.policyEncryptingKey,
                capsuleFrags: [collected.capsuleFrags[0][0]])
        }
        #expect(try kit.decryptReencrypted(
            receivingKey: bobKey, policyEncryptingKey: policy.policyEncryptingKey,
            capsuleFrags: collected.capsuleFrags[0]) == Array("two make a key".utf8))
    }

    @Test("With every Ursula gone, the error says nobody was left to ask")
    func nobodyLeft() async throws {
        let world = await StoryWorld(seed: 12)
        let policy = try await world.grant()
        let kit = try world.enrico("alone", for: policy)
        for address in world.addresses { await world.network.setOffline(address) }
        let error = await policyError {
            try await world.bob.retrieveAndDecrypt(kit, label: StoryWorld.label, publisherVerifyingKey: world.alice.verifyingKey)
        }
        guard case let .notEnoughHonestUrsulas(threshold, honest, faults) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(threshold == 2 && honest == 0)
        #expect(faults.map(\.address) == world.addresses)
        #expect(await policyError { try await world.bob.retrieveAndDecrypt([], from: policy.treasureMap) } == .nothingToRetrieve)
    }
}
