import KMSPolicy
import Testing
import UmbralCore

@Suite("MockNet: grant, re-encrypt, expire and revoke in a few lines")
struct MockNetTests {
    @Test("The prototype from the MockNet article runs as written")
    func articleStory() async throws {
        let net = await MockNet(ursulaCount: 3)
        let alice = net.makeAlice()
        let bob = net.makeBob()
        let label = Array("vitals".utf8)
        let policy = try await alice.grant(
            to: bob.card, label: label, threshold: 2, shares: 3,
            expiration: await net.clock.now().adding(days: 1))
        let kit = try Enrico(policyEncryptingKey: policy.policyEncryptingKey).encrypt(Array("61 bpm".utf8))
        let cleartext = try await bob.retrieveAndDecrypt(kit, label: label, publisherVerifyingKey: alice.verifyingKey)
        #expect(cleartext == Array("61 bpm".utf8))

        await net.network.setOffline(net.ursulas[0].stakingProviderAddress)
        let map = try await bob.findTreasureMap(label: label, publisherVerifyingKey: alice.verifyingKey)
        let retrieval = try await bob.retrieveAndDecrypt([kit], from: map)
        #expect(retrieval.cleartexts == [Array("61 bpm".utf8)])
        #expect(retrieval.faults == [UrsulaFault(address: net.ursulas[0].stakingProviderAddress, reason: .unreachable("offline"))])
        await net.network.setOffline(net.ursulas[0].stakingProviderAddress, false)

        let unconfirmed = try await alice.revoke(policy)
        #expect(unconfirmed.isEmpty)
        #expect(await policyError { try await bob.retrieveAndDecrypt([kit], from: map) } != nil)
    }

    @Test("Ursulas are staked, sorted, named by their verifying key's address, and refuse once the clock passes the expiration")
    func seededNetwork() async throws {
        var rng = PREObjectTestRNG(seed: 80)
        let net = await MockNet(ursulaCount: 4, start: UnixTime(secondsSinceEpoch: 0), using: &rng)
        #expect(net.ursulas.count == 4)
        let addresses = net.ursulas.map(\.stakingProviderAddress)
        #expect(addresses == addresses.sorted())
        for ursula in net.ursulas {
            #expect(ursula.stakingProviderAddress == Address(publicKey: ursula.profile.verifyingKey))
            #expect(await net.ledger.isStaked(ursula.stakingProviderAddress))
            #expect(net.ursula(at: ursula.stakingProviderAddress) === ursula)
        }
        #expect(await net.network.knownUrsulas().map(\.stakingProviderAddress) == addresses)

        let alice = net.makeAlice(using: &rng)
        let bob = net.makeBob(using: &rng)
        let label = Array("seeded".utf8)
        let policy = try await alice.grant(
            to: bob.card, label: label, threshold: 3, shares: 4, expiration: UnixTime(secondsSinceEpoch: 3_600),
            using: &rng)
        let kit = try Enrico(policyEncryptingKey: policy.policyEncryptingKey).encrypt(Array("hourly".utf8), using: &rng)
        #expect(try await bob.retrieveAndDecrypt(kit, label: label, publisherVerifyingKey: alice.verifyingKey)
            == Array("hourly".utf8))
        await net.clock.advance(seconds: 3_600)
        let error = await policyError {
            try await bob.retrieveAndDecrypt(kit, label: label, publisherVerifyingKey: alice.verifyingKey)
        }
        guard case let .notEnoughHonestUrsulas(3, 0, faults) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(faults.count == 4)
    }
}
