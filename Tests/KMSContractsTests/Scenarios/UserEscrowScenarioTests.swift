import KMSContracts
import KMSPolicy
import Testing

// February's UserEscrow vested linearly by the second; June's locks everything until a cliff.
// Scenarios 37 and 38 are adapted to the cliff: where February had "about 950 locked", June has
// all 1000 locked until the end, then none.
@Suite("Scenarios 37 and 38: the vesting escrow")
struct UserEscrowScenarioTests {
    let creator = Accounts.owner
    let user = Accounts.bob

    func fundedEscrow(duration: UInt64 = 1_000) throws -> (Chain, Address) {
        var chain = Fixture.chain()
        let escrow = chain.deployUserEscrow(from: creator, owner: user)
        chain.approve(from: creator, spender: escrow, amount: 1_000)
        try chain.userEscrowInitialDeposit(from: creator, escrow: escrow, value: 1_000, duration: duration)
        return (chain, escrow)
    }

    @Test("Scenario 37 (adapted to June's cliff): vested tokens stay locked until the end; extra tokens are free")
    func vestingCliff() throws {
        var (chain, escrow) = try fundedEscrow()
        #expect(chain.userEscrowLockedTokens(escrow) == 1_000)
        chain.approve(from: creator, spender: escrow, amount: 1_000)
        expectRevert(&chain, .userEscrowAlreadyFunded(escrow)) { chain throws(KMSContractsError) in
            try chain.userEscrowInitialDeposit(from: creator, escrow: escrow, value: 1_000, duration: 1_000)
        }
        expectRevert(&chain, .vestingLocked(escrow: escrow, requested: 100, available: 0)) { chain throws(KMSContractsError) in
            try chain.userEscrowWithdraw(from: user, escrow: escrow, value: 100)
        }
        try chain.transfer(from: creator, to: escrow, amount: 1_000)
        expectRevert(&chain, .wrongSender(caller: creator, expected: user, operation: "withdraw")) {
            chain throws(KMSContractsError) in try chain.userEscrowWithdraw(from: creator, escrow: escrow, value: 1_000)
        }
        try chain.userEscrowWithdraw(from: user, escrow: escrow, value: 1_000)
        #expect(chain.token.balance(of: user) == 1_000)
        chain.advance(seconds: 500)
        #expect(chain.userEscrowLockedTokens(escrow) == 1_000)
        expectRevert(&chain, .vestingLocked(escrow: escrow, requested: 1, available: 0)) { chain throws(KMSContractsError) in
            try chain.userEscrowWithdraw(from: user, escrow: escrow, value: 1)
        }
        chain.advance(seconds: 500)
        #expect(chain.userEscrowLockedTokens(escrow) == 0)
        try chain.userEscrowWithdraw(from: user, escrow: escrow, value: 1_000)
        #expect(chain.token.balance(of: user) == 2_000)
        #expect(chain.token.balance(of: escrow) == 0)
    }

    // February's test drove a mock escrow that added 1000 per mint; here the real escrow pays
    // the Issuer's reward, worked out below.
    @Test("Scenario 38 (adapted): the vesting escrow stakes as a miner, and what comes back stays under the lock")
    func vestingEscrowAsMiner() throws {
        // Ten hours of vesting: the lock outlasts the staking below.
        var (chain, escrow) = try fundedEscrow(duration: 36_000)
        try chain.transfer(from: creator, to: escrow, amount: 1_000)
        #expect(chain.token.balance(of: escrow) == 2_000)
        expectRevert(&chain, .wrongSender(caller: creator, expected: user, operation: "minerDeposit")) {
            chain throws(KMSContractsError) in
            try chain.userEscrowMinerDeposit(from: creator, escrow: escrow, value: 1_500, periods: 5)
        }
        expectRevert(&chain, .insufficientBalance(account: escrow, balance: 2_000, needed: 10_000)) {
            chain throws(KMSContractsError) in
            try chain.userEscrowMinerDeposit(from: user, escrow: escrow, value: 10_000, periods: 5)
        }
        try chain.userEscrowMinerDeposit(from: user, escrow: escrow, value: 1_500, periods: 5)
        #expect(chain.token.balance(of: chain.escrowAddress) == 1_000_001_500)
        #expect(chain.token.balance(of: escrow) == 500)
        #expect(chain.escrow.miners == [escrow])
        expectRevert(&chain, .notAMiner(user)) { chain throws(KMSContractsError) in try chain.confirmActivity(from: user) }

        chain.advance(periods: 1)
        try chain.userEscrowConfirmActivity(from: user, escrow: escrow)
        chain.advance(periods: 1)
        try chain.userEscrowMint(from: user, escrow: escrow)
        // The only stake, 1500 of 1500 confirmed, locked 4 more periods: eff = min(4, 4) + 4 = 8,
        // ⌊2e9·1500·8/(1500·8e7)⌋ − ⌊1e9·1500·8/(1500·8e7)⌋ = 200 − 100.
        #expect(chain.escrowValue(of: escrow) == 1_600)
        try chain.userEscrowSetMinRewardRate(from: user, escrow: escrow, rate: 30)
        #expect(chain.policyManager.fees(of: escrow)?.minRewardRate == 30)
        try chain.userEscrowMinerWithdraw(from: user, escrow: escrow, value: 100)
        #expect(chain.token.balance(of: escrow) == 600)
        expectRevert(&chain, .vestingLocked(escrow: escrow, requested: 600, available: 0)) { chain throws(KMSContractsError) in
            try chain.userEscrowWithdraw(from: user, escrow: escrow, value: 600)
        }
        chain.advance(seconds: 36_000)
        try chain.userEscrowWithdraw(from: user, escrow: escrow, value: 600)
        #expect(chain.token.balance(of: user) == 600)
    }
}
