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

/// Random sequences of transactions, from every contract, by a handful of accounts, including
/// many that must revert; after each one the ledger's invariants are checked.
@Suite("Invariants under random transaction sequences")
struct InvariantPropertyTests {
    static let accounts = (0..<6).map { Accounts.named("actor\($0)") }

    /// One random transaction (or a step of time), applied to `chain`.
    static func randomStep(_ chain: inout Chain, policies: inout [PolicyID], using rng: inout SplitMix64) throws(KMSContractsError) {
        let actor = accounts[Int(rng.next() % UInt64(accounts.count))]
        let other = accounts[Int(rng.next() % UInt64(accounts.count))]
        let amount = TokenAmount(rng.next() % 2_000)
        let periods = rng.next() % 6
        switch rng.next() % 16 {
        case 0: try chain.transfer(from: actor, to: other, amount: amount)
        case 1:
            // Approvals never revert; make them generous so later pulls often succeed.
            let spender = [chain.escrowAddress, chain.policyManagerAddress, other][Int(rng.next() % 3)]
            chain.approve(from: actor, spender: spender, amount: TokenAmount(rng.next() % 8_000))
        case 2: try chain.transferFrom(sender: actor, owner: other, to: actor, amount: amount)
        case 3: try chain.burn(from: actor, amount: TokenAmount(rng.next() % 20))
        case 4: try chain.approveAndDeposit(from: actor, value: amount, periods: periods)
        case 5: try chain.lock(from: actor, value: amount, periods: periods)
        case 6: try chain.divideStake(from: actor, index: Int(rng.next() % 3), newValue: amount, extraPeriods: periods)
        case 7, 8: try chain.confirmActivity(from: actor)
        case 9: try chain.mint(from: actor)
        case 10: try chain.withdraw(from: actor, value: TokenAmount(rng.next() % 300))
        case 11:
            let id = PolicyID(named: "random-\(rng.next() % 40)")
            // Mostly staked nodes, sometimes anyone (which must revert).
            let staked = accounts.filter { !chain.lockedTokens(of: $0).isZero || !chain.lockedTokens(of: $0, periodsAhead: 1).isZero }
            let pool = staked.isEmpty || rng.next() % 5 == 0 ? accounts : staked
            let nodes = Array(Set((0..<(1 + rng.next() % 3)).map { _ in pool[Int(rng.next() % UInt64(pool.count))] }))
            let rate = 1 + rng.next() % 30
            let firstPartial = rng.next() % 2 == 0 ? 0 : rng.next() % rate
            let count = 1 + periods
            // Usually the exact payment; sometimes one off, which must revert.
            var payment = (firstPartial + rate * count) * UInt64(nodes.count)
            if rng.next() % 5 == 0 { payment += 1 }
            try chain.createPolicy(
                from: actor, id: id, periods: count, firstPartialReward: TokenAmount(firstPartial), nodes: nodes,
                payment: TokenAmount(payment))
            policies.append(id)
        case 12:
            guard let id = policies.randomElement(using: &rng) else { return }
            let client = chain.policyManager.policy(id)?.client ?? actor
            try chain.refund(from: rng.next() % 4 == 0 ? actor : client, id: id)
        case 13:
            guard let id = policies.randomElement(using: &rng) else { return }
            let policy = chain.policyManager.policy(id)
            let client = policy?.client ?? actor
            if rng.next() % 2 == 0, let node = policy?.arrangements.randomElement(using: &rng)?.node {
                try chain.revokeArrangement(from: client, id: id, node: node)
            } else {
                try chain.revokePolicy(from: client, id: id)
            }
        case 14: try chain.withdrawFees(from: actor)
        default: chain.advance(periods: 1 + rng.next() % 2)
        }
    }

    /// Every invariant the issue names, checked on one state.
    static func checkInvariants(_ chain: Chain, initialSupply: TokenAmount, sourceLocation: SourceLocation = #_sourceLocation) throws {
        // Total supply is conserved: the balances add up to it, and only burns lower it.
        var sum = TokenAmount.zero
        for (_, balance) in chain.token.holders { sum = try sum.adding(balance) }
        #expect(sum == chain.token.totalSupply, sourceLocation: sourceLocation)
        var burned = TokenAmount.zero
        for logged in chain.events { if case let .burn(_, value) = logged.event { burned = try burned.adding(value) } }
        #expect(chain.token.totalSupply == (try initialSupply.subtracting(burned)), sourceLocation: sourceLocation)
        // No balance goes negative: the escrow holds at least what miners own, and the policy
        // manager holds exactly what it was paid less what it paid out and refunded.
        var values = TokenAmount.zero
        for (miner, info) in chain.escrow.minerInfo {
            values = try values.adding(info.value)
            // Locked ≤ deposited, now and next period.
            #expect(chain.lockedTokens(of: miner) <= info.value, sourceLocation: sourceLocation)
            #expect(chain.lockedTokens(of: miner, periodsAhead: 1) <= info.value, sourceLocation: sourceLocation)
        }
        #expect(values == chain.escrow.totalValue, sourceLocation: sourceLocation)
        #expect(chain.escrow.totalValue <= chain.token.balance(of: chain.escrowAddress), sourceLocation: sourceLocation)
        let manager = chain.policyManager
        var withdrawn = TokenAmount.zero
        for logged in chain.events { if case let .feesWithdrawn(_, value) = logged.event { withdrawn = try withdrawn.adding(value) } }
        let paidOut = try withdrawn.adding(manager.totalRefunded)
        #expect(chain.token.balance(of: chain.policyManagerAddress) == (try manager.totalPaidIn.subtracting(paidOut)), sourceLocation: sourceLocation)
        // Fees earned plus refunded never exceed fees paid in.
        #expect((try manager.totalEarned.adding(manager.totalRefunded)) <= manager.totalPaidIn, sourceLocation: sourceLocation)
    }

    @Test("Supply, balances, locks and fees stay consistent, and every reverted transaction changes nothing", arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func invariantsHold(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var parameters = ChainParameters.test2018
        parameters.maxAllowableLockedTokens = 3_000
        var chain = try Chain.deployed(parameters: parameters, deployer: Accounts.owner, reserve: 1_000_000_000, startTime: Fixture.startTime)
        for account in Self.accounts { try chain.transfer(from: Accounts.owner, to: account, amount: 20_000) }
        let initialSupply = chain.token.totalSupply
        var policies: [PolicyID] = []
        var applied = 0
        var reverted = 0
        for _ in 0..<600 {
            let before = chain
            let policiesBefore = policies
            do {
                try Self.randomStep(&chain, policies: &policies, using: &rng)
                applied += 1
            } catch {
                reverted += 1
                let unchanged = chain == before
                #expect(unchanged, "reverted with \(error) but changed the chain")
                policies = policiesBefore
            }
            try Self.checkInvariants(chain, initialSupply: initialSupply)
        }
        // The sequence must exercise both outcomes, and the economy must actually run.
        #expect(applied > 100 && reverted > 50)
        #expect(!chain.policyManager.policies.isEmpty)
        #expect(!chain.policyManager.totalRefunded.isZero || !chain.policyManager.totalEarned.isZero)
        #expect(chain.escrow.issuer.currentSupply > 1_000_000_000)
    }

    @Test("A saved and restored chain equals the original, after a random history", arguments: [11, 12] as [UInt64])
    func saveAndRestoreRoundTrips(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var chain = try Chain.deployed(parameters: .test2018, deployer: Accounts.owner, reserve: 1_000_000_000, startTime: Fixture.startTime)
        for account in Self.accounts { try chain.transfer(from: Accounts.owner, to: account, amount: 20_000) }
        var policies: [PolicyID] = []
        for _ in 0..<200 { try? Self.randomStep(&chain, policies: &policies, using: &rng) }
        let bytes = try chain.snapshotBytes()
        #expect(try Chain(snapshotBytes: bytes) == chain)
        let path = "/tmp/kmscontracts-chain-\(seed)-\(UInt64.random(in: 0...UInt64.max)).json"
        defer { _ = remove(path) }
        try chain.save(to: path)
        let restored = try Chain(contentsOf: path)
        #expect(restored == chain)
        // The restored chain keeps working: the same next transaction gives the same result.
        var original = chain
        var copy = restored
        original.advance(periods: 1)
        copy.advance(periods: 1)
        for account in Self.accounts {
            try? original.confirmActivity(from: account)
            try? copy.confirmActivity(from: account)
        }
        #expect(original == copy)
        #expect(throws: KMSContractsError.self) { _ = try Chain(snapshotBytes: Array("{\"format\":\"other\"}".utf8)) }
    }
}
