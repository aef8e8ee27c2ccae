import KMSContracts
import KMSPolicy
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import UmbralCore

/// A network of five staked Ursulas over the simulated contracts, with Alice and Bob.
struct LedgerWorld {
    // A period boundary (472 222 hours after the epoch), so ten hours are nine whole periods on.
    static let start = UnixTime(secondsSinceEpoch: 1_699_999_200)
    static let stakes: [TokenAmount] = [1_500, 1_000, 500, 300, 200]

    let ledger: ContractPolicyLedger
    let clock: ManualPolicyClock
    let network: InMemoryNetwork
    let ursulas: [Address]
    let signers: [Address: Signer]
    let alice: Alice
    let aliceAddress: Address
    let bob: Bob
    let bobAddress = Accounts.bob

    /// Ursulas deposit one period before `start` and confirm at `start`, so they are active now.
    static func make(seed: UInt64) async throws -> LedgerWorld {
        var rng = SplitMix64(seed: seed)
        let clock = ManualPolicyClock(start: start)
        let period = ChainParameters.test2018.secondsPerPeriod
        var chain = try Chain.deployed(
            parameters: .test2018, deployer: Accounts.owner, reserve: 1_000_000_000,
            startTime: UInt64(start.secondsSinceEpoch) - period)
        var signers: [Address: Signer] = [:]
        var encryptingKeys: [Address: SecretKey] = [:]
        var addresses: [Address] = []
        for stake in stakes {
            let signer = Signer(SecretKey.random(using: &rng))
            let address = Address(publicKey: signer.verifyingKey)
            signers[address] = signer
            encryptingKeys[address] = SecretKey.random(using: &rng)
            addresses.append(address)
            try chain.transfer(from: Accounts.owner, to: address, amount: 10_000)
            try chain.approveAndDeposit(from: address, value: stake, periods: 100)
            try chain.publishNodeKey(from: address, key: signer.verifyingKey.compressedBytes)
        }
        chain.advance(periods: 1)
        for address in addresses { try chain.confirmActivity(from: address) }

        let ledger = ContractPolicyLedger(chain: chain, clock: clock)
        var ursulas: [Ursula] = []
        for address in addresses {
            ursulas.append(
                Ursula(
                    stakingProviderAddress: address, signer: signers[address]!, encryptingKey: encryptingKeys[address]!,
                    ledger: ledger, clock: clock, randomness: SplitMix64(seed: rng.next())))
        }
        let network = InMemoryNetwork(ursulas: ursulas)
        let alice = Alice(transport: network, ledger: ledger, using: &rng)
        let aliceAddress = Address(publicKey: alice.verifyingKey)
        try await ledger.perform { chain throws(KMSContractsError) in
            try chain.transfer(from: Accounts.owner, to: aliceAddress, amount: 10_000)
        }
        let bob = Bob(transport: network, using: &rng)
        return LedgerWorld(
            ledger: ledger, clock: clock, network: network, ursulas: addresses, signers: signers, alice: alice,
            aliceAddress: aliceAddress, bob: bob)
    }

    /// Alice pays for and grants a 2-of-3 policy over `label` to the given Ursulas, for ten hours.
    func payAndGrant(label: String, ursulas: [Address]) async throws -> Policy {
        let labelBytes = Array(label.utf8)
        let hrac = HRAC(publisherVerifyingKey: alice.verifyingKey, bobVerifyingKey: bob.card.verifyingKey, label: labelBytes)
        let expiration = Self.start.adding(seconds: 36_000)
        try await ledger.payForPolicy(
            hrac: hrac, publisher: aliceAddress, ursulas: ursulas, expiration: expiration, ratePerPeriod: 20)
        return try await alice.grant(
            to: bob.card, label: labelBytes, threshold: 2, shares: ursulas.count, expiration: expiration, ursulas: ursulas)
    }

    /// Moves the clock one period on; every Ursula but those in `idle` confirms the next period.
    func nextPeriod(idle: Set<Address> = []) async throws {
        await clock.advance(seconds: Int64(ChainParameters.test2018.secondsPerPeriod))
        for ursula in ursulas where !idle.contains(ursula) {
            try await ledger.perform { chain throws(KMSContractsError) in try chain.confirmActivity(from: ursula) }
        }
    }
}

/// Keeps what a lying Ursula sent, for Bob to use as evidence.
actor ResponseLog {
    private(set) var entries: [(ReencryptionRequest, ReencryptionResponse)] = []
    func record(_ request: ReencryptionRequest, _ response: ReencryptionResponse) { entries.append((request, response)) }
}

@Suite("The policy ledger over the contracts")
struct ContractPolicyLedgerTests {
    @Test("Alice pays when she grants; an unpaid grant is refused, and Ursulas serve the paid policy until it expires")
    func alicePaysOnGrant() async throws {
        let world = try await LedgerWorld.make(seed: 1)
        let ursulas = Array(world.ursulas.prefix(3))
        let label = Array("unpaid".utf8)
        await #expect(throws: KMSPolicyError.policyNotFound(
            HRAC(publisherVerifyingKey: world.alice.verifyingKey, bobVerifyingKey: world.bob.card.verifyingKey, label: label))
        ) {
            _ = try await world.alice.grant(
                to: world.bob.card, label: label, threshold: 2, shares: 3,
                expiration: LedgerWorld.start.adding(seconds: 36_000), ursulas: ursulas)
        }

        let policy = try await world.payAndGrant(label: "vitals", ursulas: ursulas)
        // Ten hours from the start of a period is nine periods after it, at 20 per Ursula.
        let chain = await world.ledger.chain
        #expect(chain.token.balance(of: world.aliceAddress) == 9_460)  // 10 000 − 540
        #expect(chain.token.balance(of: chain.policyManagerAddress) == 540)
        let record = try #require(try await world.ledger.policy(for: policy.hrac))
        #expect(record.owner == world.aliceAddress && record.shares == 3 && !record.isRevoked)

        let kit = try Enrico(policyEncryptingKey: policy.policyEncryptingKey).encrypt(Array("61 bpm".utf8))
        let cleartext = try await world.bob.retrieveAndDecrypt(
            kit, label: Array("vitals".utf8), publisherVerifyingKey: world.alice.verifyingKey)
        #expect(cleartext == Array("61 bpm".utf8))

        await world.clock.advance(seconds: 36_000)
        await #expect(throws: KMSPolicyError.self) {
            _ = try await world.bob.retrieveAndDecrypt(
                kit, label: Array("vitals".utf8), publisherVerifyingKey: world.alice.verifyingKey)
        }
    }

    @Test("In one step the ledger samples Ursulas by stake, takes Alice's payment and grants; a failed grant is paid back")
    func grantAndPayInOneStep() async throws {
        let world = try await LedgerWorld.make(seed: 6)
        var rng = SplitMix64(seed: 66)
        let expiration = LedgerWorld.start.adding(seconds: 36_000)
        let policy = try await world.ledger.grant(
            by: world.alice, to: world.bob.card, label: Array("one step".utf8), threshold: 2, shares: 3,
            expiration: expiration, ratePerPeriod: 20, using: &rng)
        var chain = await world.ledger.chain
        #expect(chain.token.balance(of: world.aliceAddress) == 9_460)  // 10 000 − 9 periods × 20 × 3
        let paid = try #require(chain.policyManager.policy(PolicyID(hrac: policy.hrac)))
        #expect(Set(paid.arrangements.map(\.node)) == Set(policy.treasureMap.destinations.keys))
        #expect(try await world.ledger.policy(for: policy.hrac)?.isRevoked == false)

        // Four shares with a threshold of five: Alice refuses after the payment, which comes back.
        await #expect(throws: KMSContractsError.grantFailed(.invalidThreshold(threshold: 5, destinations: 4))) {
            _ = try await world.ledger.grant(
                by: world.alice, to: world.bob.card, label: Array("refused".utf8), threshold: 5, shares: 4,
                expiration: expiration, ratePerPeriod: 20, using: &rng)
        }
        chain = await world.ledger.chain
        #expect(chain.token.balance(of: world.aliceAddress) == 9_460)
        let refused = HRAC(
            publisherVerifyingKey: world.alice.verifyingKey, bobVerifyingKey: world.bob.card.verifyingKey,
            label: Array("refused".utf8))
        #expect(chain.policyManager.policy(PolicyID(hrac: refused))?.isDisabled == true)
        #expect(try await world.ledger.policy(for: refused) == nil)
    }

    @Test("Ursulas are sampled by stake, only among staked miners that confirmed the current period")
    func stakeWeightedSampling() async throws {
        let world = try await LedgerWorld.make(seed: 2)
        var rng = SplitMix64(seed: 22)
        var counts: [Address: Int] = [:]
        for _ in 0..<2_000 {
            for ursula in try await world.ledger.sampleUrsulas(count: 1, using: &rng) { counts[ursula, default: 0] += 1 }
        }
        // Stakes 1500 : 1000 : 500 : 300 : 200 of 3500; the largest should be drawn about 857
        // times in 2000 and the smallest about 114.
        let ordered = world.ursulas.map { counts[$0, default: 0] }
        #expect(ordered == ordered.sorted(by: >))
        #expect((760...950).contains(ordered[0]))
        #expect((70...160).contains(ordered[4]))
        let three = try await world.ledger.sampleUrsulas(count: 3, using: &rng)
        #expect(Set(three).count == 3)
        #expect(try await world.ledger.isStaked(world.ursulas[0]))
        #expect(try await world.ledger.isStaked(Accounts.named("stranger")) == false)

        // An Ursula that misses a confirmation is not sampled in that period.
        try await world.nextPeriod(idle: [world.ursulas[0]])
        try await world.nextPeriod(idle: [world.ursulas[0]])
        for _ in 0..<200 {
            #expect(try await world.ledger.sampleUrsulas(count: 1, using: &rng) != [world.ursulas[0]])
        }
    }

    @Test("Revocation refunds Alice the periods left, and Ursulas then refuse the policy")
    func revokeRefunds() async throws {
        let world = try await LedgerWorld.make(seed: 3)
        let ursulas = Array(world.ursulas.prefix(3))
        let policy = try await world.payAndGrant(label: "revocable", ursulas: ursulas)
        try await world.nextPeriod()
        try await world.nextPeriod()
        let faults = try await world.alice.revoke(policy)
        #expect(faults.isEmpty)
        // Policy periods P+1…P+9; revoked at P+2 with every Ursula active: P+3…P+9 come back,
        // 7 periods × 20 × 3 Ursulas.
        var chain = await world.ledger.chain
        #expect(chain.token.balance(of: world.aliceAddress) == 9_880)  // 10 000 − 540 + 420
        #expect(try await world.ledger.policy(for: policy.hrac)?.isRevoked == true)
        let kit = try Enrico(policyEncryptingKey: policy.policyEncryptingKey).encrypt(Array("x".utf8))
        await #expect(throws: KMSPolicyError.self) {
            _ = try await world.bob.retrieveAndDecrypt(
                kit, label: Array("revocable".utf8), publisherVerifyingKey: world.alice.verifyingKey)
        }
        // The Ursulas keep the fees of the two periods they served once they mint them.
        try await world.nextPeriod()
        chain = await world.ledger.chain
        for ursula in ursulas { #expect(chain.policyManager.fees(of: ursula)?.reward == 40) }
        await #expect(throws: KMSPolicyError.notPolicyOwner(policy.hrac, caller: world.bobAddress)) {
            try await world.ledger.revokePolicy(policy.hrac, owner: world.bobAddress)
        }
    }

    @Test("Bob's evidence of a bad cFrag slashes the Ursula who signed it, once")
    func badCapsuleFragIsSlashedOnce() async throws {
        let world = try await LedgerWorld.make(seed: 4)
        let ursulas = Array(world.ursulas.prefix(3))
        // Bob asks the map's Ursulas in address order, so the first one is always asked.
        let liar = try #require(ursulas.min())
        let liarSigner = try #require(world.signers[liar])
        let log = ResponseLog()
        // Vladimir's trick: answer the second capsule with the (valid) cFrag of the first, signed.
        await world.network.intercept(responsesFrom: liar) { request, honest in
            let frags = honest.capsuleFrags.map { $0.skipVerification() }
            let swapped = zip(request.capsules, [frags[0], frags[0]]).map { (capsule: $0, capsuleFrag: $1) }
            let bad = ReencryptionResponse(signer: liarSigner, capsulesAndVerifiedCapsuleFrags: swapped)
            await log.record(request, bad)
            return bad
        }
        let policy = try await world.payAndGrant(label: "evidence", ursulas: ursulas)
        let enrico = Enrico(policyEncryptingKey: policy.policyEncryptingKey)
        let kits = [try enrico.encrypt(Array("first".utf8)), try enrico.encrypt(Array("second".utf8))]
        let map = try await world.bob.findTreasureMap(
            label: Array("evidence".utf8), publisherVerifyingKey: world.alice.verifyingKey)
        let retrieval = try await world.bob.retrieveAndDecrypt(kits, from: map)
        #expect(retrieval.cleartexts == [Array("first".utf8), Array("second".utf8)])
        #expect(retrieval.faults.map(\.address) == [liar])

        let (request, bad) = try #require(await log.entries.first)
        // Bob's own check names the bad cFrag and the failed proof.
        #expect(throws: KMSPolicyError.invalidCapsuleFrag(index: 1, .invalidReencryptionProof)) {
            _ = try bad.verify(
                capsules: request.capsules, aliceVerifyingKey: world.alice.verifyingKey,
                ursulaVerifyingKey: liarSigner.verifyingKey, policyEncryptingKey: policy.policyEncryptingKey,
                bobEncryptingKey: world.bob.card.encryptingKey)
        }
        func evidence(ursula: Address = liar, index: Int = 1, bobKey: PublicKey? = nil) -> CapsuleFragEvidence {
            CapsuleFragEvidence(
                ursula: ursula, capsules: request.capsules, response: bad, index: index,
                aliceVerifyingKey: world.alice.verifyingKey, policyEncryptingKey: policy.policyEncryptingKey,
                bobEncryptingKey: bobKey ?? world.bob.card.encryptingKey)
        }
        let before = await world.ledger.chain

        // Wrong keys prove nothing, and nobody but the signer can be accused.
        await #expect(throws: KMSContractsError.evidenceKeysDoNotMatch(ursula: liar)) {
            try await world.ledger.reportBadCapsuleFrag(
                evidence(bobKey: SecretKey.random().publicKey), investigator: world.bobAddress)
        }
        let honest = try #require(ursulas.first { $0 != liar })
        await #expect(throws: KMSContractsError.evidenceNotSignedByUrsula(honest)) {
            try await world.ledger.reportBadCapsuleFrag(evidence(ursula: honest), investigator: world.bobAddress)
        }
        #expect(await world.ledger.chain == before)

        let verdict = try await world.ledger.reportBadCapsuleFrag(evidence(), investigator: world.bobAddress)
        #expect(verdict == .slashed(miner: liar, penalty: 100, reward: 50))
        let after = await world.ledger.chain
        #expect(after.escrowValue(of: liar) == (try before.escrowValue(of: liar).subtracting(100)))
        #expect(after.lockedTokens(of: liar) <= after.escrowValue(of: liar))
        #expect(after.lockedTokens(of: liar, periodsAhead: 1) <= after.escrowValue(of: liar))
        #expect(after.token.balance(of: world.bobAddress) == 50)
        #expect(after.rewardReserve == (try before.rewardReserve.adding(50)))

        await #expect(throws: KMSContractsError.evidenceAlreadyEvaluated(hash: evidence().evidenceHash)) {
            try await world.ledger.reportBadCapsuleFrag(evidence(), investigator: world.bobAddress)
        }
        // The first cFrag is correct: judged, nobody slashed, and not accepted again.
        #expect(try await world.ledger.reportBadCapsuleFrag(evidence(index: 0), investigator: world.bobAddress) == .cleared)
        #expect(await world.ledger.chain.escrowValue(of: liar) == after.escrowValue(of: liar))
        await #expect(throws: KMSContractsError.evidenceAlreadyEvaluated(hash: evidence(index: 0).evidenceHash)) {
            try await world.ledger.reportBadCapsuleFrag(evidence(index: 0), investigator: world.bobAddress)
        }
    }

    @Test("A saved chain restores the ledger: the same policies, stakes and balances")
    func ledgerSurvivesSaveAndRestore() async throws {
        let world = try await LedgerWorld.make(seed: 5)
        let policy = try await world.payAndGrant(label: "durable", ursulas: Array(world.ursulas.prefix(2)))
        let path = "/tmp/kmscontracts-ledger-\(UInt64.random(in: 0...UInt64.max)).json"
        defer { _ = remove(path) }
        try await world.ledger.save(to: path)
        let restored = try Chain(contentsOf: path)
        #expect(restored == (await world.ledger.chain))
        let again = ContractPolicyLedger(chain: restored, clock: world.clock)
        #expect(try await again.policy(for: policy.hrac) == (try await world.ledger.policy(for: policy.hrac)))
        #expect(try await again.isStaked(world.ursulas[0]))
        #expect(throws: KMSContractsError.self) { _ = try Chain(contentsOf: path + ".missing") }
    }
}
