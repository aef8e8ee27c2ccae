import KMSContracts
import KMSPolicy
import Testing

/// Each bad call reverts with the error that says what was wrong, and changes nothing.
@Suite("Bad input reverts with a precise error")
struct BadInputTests {
    let u = Accounts.ursula
    let client = Accounts.alice

    func stakedChain() -> Chain {
        var chain = Fixture.chain()
        Fixture.deposit(&chain, u, 1_000, periods: 10)
        chain.advance(periods: 1)
        chain.approve(from: client, spender: chain.policyManagerAddress, amount: 5_000)
        return chain
    }

    @Test("Zero amounts and zero periods")
    func zeroAmounts() {
        var chain = stakedChain()
        chain.approve(from: u, spender: chain.escrowAddress, amount: 100)
        expectRevert(&chain, .zeroAmount(operation: "deposit")) { chain throws(KMSContractsError) in
            try chain.deposit(from: u, value: 0, periods: 5)
        }
        expectRevert(&chain, .zeroAmount(operation: "withdraw")) { chain throws(KMSContractsError) in
            try chain.withdraw(from: u, value: 0)
        }
        expectRevert(&chain, .zeroAmount(operation: "createPolicy")) { chain throws(KMSContractsError) in
            try chain.createPolicy(from: client, id: PolicyID(named: "zero"), periods: 10, nodes: [u], payment: 0)
        }
        expectRevert(&chain, .zeroPeriods(operation: "createPolicy")) { chain throws(KMSContractsError) in
            try chain.createPolicy(from: client, id: PolicyID(named: "zero"), periods: 0, nodes: [u], payment: 100)
        }
        expectRevert(&chain, .noNodes) { chain throws(KMSContractsError) in
            try chain.createPolicy(from: client, id: PolicyID(named: "zero"), periods: 10, nodes: [], payment: 100)
        }
        let escrow = chain.deployUserEscrow(from: Accounts.owner, owner: Accounts.bob)
        expectRevert(&chain, .zeroAmount(operation: "initialDeposit")) { chain throws(KMSContractsError) in
            try chain.userEscrowInitialDeposit(from: Accounts.owner, escrow: escrow, value: 0, duration: 10)
        }
        #expect(throws: KMSContractsError.invalidPolicyID(byteCount: 16)) { _ = try PolicyID(bytes: [UInt8](repeating: 0, count: 16)) }
        #expect(throws: KMSContractsError.invalidPolicyID(byteCount: 3)) { _ = try PolicyID(bytes: [1, 2, 3]) }
    }

    @Test("Unknown policies, arrangements, stakes and escrows")
    func unknownThings() {
        var chain = stakedChain()
        let unknown = PolicyID(named: "unknown")
        expectRevert(&chain, .unknownPolicy(unknown)) { chain throws(KMSContractsError) in _ = try chain.refund(from: client, id: unknown) }
        expectRevert(&chain, .unknownPolicy(unknown)) { chain throws(KMSContractsError) in
            _ = try chain.revokeArrangement(from: client, id: unknown, node: u)
        }
        #expect(throws: KMSContractsError.unknownPolicy(unknown)) { _ = try chain.calculateRefundValue(from: client, id: unknown) }
        let id = PolicyID(named: "known")
        #expect(throws: Never.self) { try chain.createPolicy(from: client, id: id, periods: 10, nodes: [u], payment: 200) }
        expectRevert(&chain, .unknownArrangement(id, node: Accounts.bob)) { chain throws(KMSContractsError) in
            _ = try chain.refund(from: client, id: id, node: Accounts.bob)
        }
        expectRevert(&chain, .unknownStake(miner: u, index: 1)) { chain throws(KMSContractsError) in
            try chain.divideStake(from: u, index: 1, newValue: 100, extraPeriods: 1)
        }
        expectRevert(&chain, .unknownUserEscrow(Accounts.bob)) { chain throws(KMSContractsError) in
            try chain.userEscrowWithdraw(from: Accounts.bob, escrow: Accounts.bob, value: 1)
        }
        expectRevert(&chain, .duplicateNode(u)) { chain throws(KMSContractsError) in
            try chain.createPolicy(from: client, id: PolicyID(named: "dup"), periods: 10, nodes: [u, u], payment: 400)
        }
    }

    @Test("Wrong senders")
    func wrongSenders() {
        var chain = stakedChain()
        let id = PolicyID(named: "mine")
        #expect(throws: Never.self) { try chain.createPolicy(from: client, id: id, periods: 10, nodes: [u], payment: 200) }
        expectRevert(&chain, .notPolicyClient(id, caller: u)) { chain throws(KMSContractsError) in _ = try chain.refund(from: u, id: id) }
        expectRevert(&chain, .notPolicyClient(id, caller: u)) { chain throws(KMSContractsError) in
            _ = try chain.revokeArrangement(from: u, id: id, node: u)
        }
        expectRevert(&chain, .wrongSender(caller: u, expected: Accounts.owner, operation: "initialize")) {
            chain throws(KMSContractsError) in try chain.initializeEscrow(from: u)
        }
        expectRevert(&chain, .wrongSender(caller: client, expected: chain.escrowAddress, operation: "updateReward")) {
            chain throws(KMSContractsError) in try chain.updateReward(from: client, node: u, period: chain.currentPeriod)
        }
        expectRevert(&chain, .notAMiner(client)) { chain throws(KMSContractsError) in try chain.confirmActivity(from: client) }
        expectRevert(&chain, .notAMiner(client)) { chain throws(KMSContractsError) in try chain.mint(from: client) }
        expectRevert(&chain, .nodeNotRegistered(client)) { chain throws(KMSContractsError) in
            try chain.setMinRewardRate(from: client, rate: 1)
        }
        let escrow = chain.deployUserEscrow(from: Accounts.owner, owner: Accounts.bob)
        expectRevert(&chain, .wrongSender(caller: client, expected: Accounts.bob, operation: "minerDeposit")) {
            chain throws(KMSContractsError) in
            try chain.userEscrowMinerDeposit(from: client, escrow: escrow, value: 100, periods: 2)
        }
        expectRevert(&chain, .wrongSender(caller: client, expected: Accounts.bob, operation: "policyRewardWithdraw")) {
            chain throws(KMSContractsError) in _ = try chain.userEscrowPolicyRewardWithdraw(from: client, escrow: escrow)
        }
    }

    @Test("Double spends: the same tokens, fees, refunds and ids cannot be used twice")
    func doubleSpends() {
        var chain = stakedChain()
        // Spending a balance twice.
        #expect(throws: Never.self) { try chain.transfer(from: client, to: Accounts.bob, amount: 10_000) }
        expectRevert(&chain, .insufficientBalance(account: client, balance: 0, needed: 1)) { chain throws(KMSContractsError) in
            try chain.transfer(from: client, to: Accounts.bob, amount: 1)
        }
        // Spending an allowance twice.
        chain.approve(from: Accounts.bob, spender: client, amount: 100)
        #expect(throws: Never.self) { try chain.transferFrom(sender: client, owner: Accounts.bob, to: client, amount: 100) }
        expectRevert(&chain, .insufficientAllowance(owner: Accounts.bob, spender: client, allowance: 0, needed: 100)) {
            chain throws(KMSContractsError) in try chain.transferFrom(sender: client, owner: Accounts.bob, to: client, amount: 100)
        }
        // Withdrawing the same unlocked tokens twice.
        let miner = Accounts.ursula2
        Fixture.deposit(&chain, miner, 500, periods: 2)
        chain.advance(periods: 1)
        #expect(throws: Never.self) { try chain.confirmActivity(from: miner) }
        chain.advance(periods: 2)
        #expect(throws: Never.self) { try chain.mint(from: miner) }
        let value = chain.escrowValue(of: miner)
        #expect(throws: Never.self) { try chain.withdraw(from: miner, value: value) }
        expectRevert(&chain, .notAMiner(miner)) { chain throws(KMSContractsError) in try chain.withdraw(from: miner, value: value) }
        // Reusing a policy id, and revoking twice.
        chain.approve(from: client, spender: chain.policyManagerAddress, amount: 1_000)
        #expect(throws: Never.self) { try chain.transfer(from: Accounts.bob, to: client, amount: 1_000) }
        let id = PolicyID(named: "once")
        #expect(throws: Never.self) { try chain.createPolicy(from: client, id: id, periods: 10, nodes: [u], payment: 200) }
        expectRevert(&chain, .policyAlreadyExists(id)) { chain throws(KMSContractsError) in
            try chain.createPolicy(from: client, id: id, periods: 10, nodes: [u], payment: 200)
        }
        #expect(throws: Never.self) { try chain.revokePolicy(from: client, id: id) }
        expectRevert(&chain, .policyDisabled(id)) { chain throws(KMSContractsError) in _ = try chain.revokePolicy(from: client, id: id) }
        // Withdrawing fees twice.
        expectRevert(&chain, .nothingToWithdraw(u)) { chain throws(KMSContractsError) in _ = try chain.withdrawFees(from: u) }
    }

    @Test("Expired periods: ended stakes cannot be divided, confirmed twice, or confirmed with nothing locked")
    func expiredPeriods() {
        var chain = Fixture.chain()
        Fixture.deposit(&chain, u, 1_000, periods: 2)
        chain.advance(periods: 1)
        #expect(throws: Never.self) { try chain.confirmActivity(from: u) }
        // Confirming the same next period again is a no-op (scenario 28).
        let once = chain
        #expect(throws: Never.self) { try chain.confirmActivity(from: u) }
        #expect(chain.escrow == once.escrow)
        chain.advance(periods: 1)
        // The stake's last period is this one; it cannot be divided or confirmed further.
        let current = chain.currentPeriod
        expectRevert(&chain, .stakeEnded(miner: u, index: 0, lastPeriod: current, currentPeriod: current)) {
            chain throws(KMSContractsError) in try chain.divideStake(from: u, index: 0, newValue: 100, extraPeriods: 2)
        }
        expectRevert(&chain, .nothingLocked(miner: u, period: current + 1)) { chain throws(KMSContractsError) in
            try chain.confirmActivity(from: u)
        }
        expectRevert(&chain, .timeWentBackwards(now: chain.time, requested: 0)) { chain throws(KMSContractsError) in
            try chain.setTime(0)
        }
        #expect(throws: KMSContractsError.invalidParameters(reason: "minLockedPeriods must be above 1")) {
            var parameters = ChainParameters.test2018
            parameters.minLockedPeriods = 1
            _ = try Chain(parameters: parameters, deployer: Accounts.owner)
        }
    }
}
