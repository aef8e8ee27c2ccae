import Foundation
import KMSNetwork
import KMSPolicy
import Testing
import UmbralCore

/// Bob over HTTP against Ursulas that lie, stall, talk nonsense or are gone: he finishes within
/// his timeouts, decrypts while enough are honest, and otherwise fails naming each one at fault.
@Suite("Bob against faulty Ursulas over the network", .serialized)
struct FaultyUrsulaTests {
    @Test("a liar, a babbler and a staller come first in Bob's order: he names all three and decrypts with the other two")
    func liarsAndStallers() async throws {
        try await LocalUrsulaNetwork.withNetwork(ursulas: 5) { network in
            let bobTimeout = 2.0
            let alice = Alice(
                transport: NetworkPolicyTransport(dht: network.aliceDHT, ursulas: network.addresses, timeout: 30),
                ledger: network.ledger)
            let bob = Bob(transport: NetworkPolicyTransport(dht: network.bobDHT, ursulas: network.addresses, timeout: bobTimeout))
            let label = Array("faults".utf8)
            let policy = try await alice.grant(
                to: bob.card, label: label, threshold: 2, shares: 5,
                expiration: UnixTime(secondsSinceEpoch: Int64(Date().timeIntervalSince1970) + 3600))
            let kit = try Enrico(policyEncryptingKey: policy.policyEncryptingKey).encrypt(Array("the truth".utf8))

            let ordered = network.ursulasInAskingOrder
            let (liar, babbler, staller) = (ordered[0], ordered[1], ordered[2])
            let liarKeys = try network.keys(of: liar)
            for node in [liar, babbler, staller] { node.shutdown() }

            // The liar holds her real keys and kFrag, and signs her answer properly, but
            // re-encrypts a capsule of her own making instead of Bob's.
            let lying = try await ImpostorUrsula.start(port: Int(liar.configuration.restPort)) { request in
                let keyFrag = try request.encryptedKeyFrag.decrypt(
                    secretKey: liarKeys.decryptingKey, hrac: request.hrac, publisherVerifyingKey: request.publisherVerifyingKey)
                let (decoy, _) = try Umbral.encrypt([0], for: network.ursulas[0].metadata.payload.encryptingKey)
                let lies = request.capsules.map { ($0, Umbral.reencrypt(decoy, with: keyFrag)) }
                return ImpostorUrsula.ok(
                    ReencryptionResponse(signer: liarKeys.signer, capsulesAndVerifiedCapsuleFrags: lies).bytes)
            }
            let babbling = try await ImpostorUrsula.start(port: Int(babbler.configuration.restPort)) { _ in
                ImpostorUrsula.ok(Array("not a ReencryptionResponse".utf8))
            }
            // The staller holds each request until the test is over (a minute at most).
            let stallerRelease = Latch()
            let stalling = try await ImpostorUrsula.start(port: Int(staller.configuration.restPort)) { _ in
                await stallerRelease.wait(atMost: .seconds(60))
                return ImpostorUrsula.ok([])
            }

            // The impostors stop whatever the checks find, so that no stalled request outlives the test.
            var failure: (any Error)?
            do {
                try await Self.retrieveThroughFaults(
                    bob: bob, alice: alice, label: label, kit: kit, ordered: ordered, bobTimeout: bobTimeout)
            } catch {
                failure = error
            }
            stallerRelease.open()
            for impostor in [lying, babbling, stalling] { await impostor.stop() }
            if let failure { throw failure }
        }
    }

    /// Bob retrieves with the liar, the babbler and the staller first in his order, then again
    /// with one honest Ursula fewer.
    static func retrieveThroughFaults(
        bob: Bob, alice: Alice, label: [UInt8], kit: MessageKit, ordered: [UrsulaNode], bobTimeout: Double
    ) async throws {
        let (liar, babbler, staller) = (ordered[0], ordered[1], ordered[2])
        let started = ContinuousClock.now
        let map = try await bob.findTreasureMap(label: label, publisherVerifyingKey: alice.verifyingKey)
        let retrieval = try await bob.retrieveAndDecrypt([kit], from: map)
        let elapsed = ContinuousClock.now - started
        #expect(retrieval.cleartexts == [Array("the truth".utf8)])
        #expect(retrieval.contributors == [ordered[3].stakingProviderAddress, ordered[4].stakingProviderAddress])
        #expect(retrieval.faults.map(\.address) == [liar, babbler, staller].map(\.stakingProviderAddress))
        expectReasons(retrieval.faults)
        #expect(elapsed < .seconds(bobTimeout * 5), "Bob waits out his timeout, not the staller: \(elapsed)")

        // One honest Ursula fewer: the error names all four and why.
        ordered[4].shutdown()
        let failedAt = ContinuousClock.now
        let error = await #expect(throws: KMSPolicyError.self) { try await bob.retrieveAndDecrypt([kit], from: map) }
        #expect(ContinuousClock.now - failedAt < .seconds(bobTimeout * 5))
        guard case let .notEnoughHonestUrsulas(threshold: 2, honest: 1, faults: faults)? = error else {
            Issue.record("expected too few honest Ursulas, got \(String(describing: error))")
            return
        }
        #expect(faults.map(\.address) == [liar, babbler, staller, ordered[4]].map(\.stakingProviderAddress))
        expectReasons(Array(faults.prefix(3)))
        if case .unreachable = faults.last?.reason {} else {
            Issue.record("the stopped Ursula should be unreachable, got \(String(describing: faults.last))")
        }
    }

    /// The liar fails her cFrag proof, the babbler's answer does not parse, the staller times out.
    static func expectReasons(_ faults: [UrsulaFault]) {
        guard faults.count == 3 else {
            Issue.record("expected three faults, got \(faults)")
            return
        }
        if case .invalidCapsuleFrag(index: 0, _) = faults[0].reason {} else {
            Issue.record("the liar: expected a bad cFrag proof, got \(faults[0].reason)")
        }
        if case .refused(.wrongBrand) = faults[1].reason {} else {
            Issue.record("the babbler: expected an unparseable answer, got \(faults[1].reason)")
        }
        if case .unreachable(let reason) = faults[2].reason {
            #expect(reason.contains("timed out") || reason.contains("timeout"), "the staller: \(reason)")
        } else {
            Issue.record("the staller: expected a timeout, got \(faults[2].reason)")
        }
    }
}
