import KMSContracts
import KMSPolicy
import Testing

// February's PolicyManager took one node, a token fee per period and 10-minute periods from a
// mock escrow. These scenarios run June's token-paid, many-node manager against the real escrow
// with 1-hour periods; a single node with no first partial reward reproduces February's numbers.
@Suite("Scenarios 34–36 and 40(c–e): the policy manager")
struct PolicyManagerScenarioTests {
    let client = Accounts.alice
    let node = Accounts.ursula

    /// A chain where `node` deposited in the previous period (so it confirmed the current one),
    /// and the client approved the policy manager for 1000.
    func chainWithActiveNode() -> Chain {
        var chain = Fixture.chain()
        Fixture.deposit(&chain, node, 1_000, periods: 100)
        chain.advance(periods: 1)
        chain.approve(from: client, spender: chain.policyManagerAddress, amount: 1_000)
        return chain
    }

    @Test("Scenario 34 (adapted): create charges the client, ids are not reused, only the client revokes")
    func createAndRevoke() throws {
        var chain = chainWithActiveNode()
        let p = chain.currentPeriod
        let id = PolicyID(named: "34")
        expectRevert(&chain, .nodeNotRegistered(Accounts.bob)) { chain throws(KMSContractsError) in
            try chain.createPolicy(from: client, id: id, periods: 10, nodes: [Accounts.bob], payment: 200)
        }
        try chain.createPolicy(from: client, id: id, periods: 10, nodes: [node], payment: 200)
        #expect(chain.token.balance(of: chain.policyManagerAddress) == 200)
        #expect(chain.token.balance(of: client) == 9_800)
        let policy = try #require(chain.policyManager.policy(id))
        #expect(policy.client == client && policy.rewardRate == 20)
        #expect(policy.startPeriod == p + 1 && policy.lastPeriod == p + 10)
        #expect(policy.arrangements.map(\.node) == [node])
        expectRevert(&chain, .policyAlreadyExists(id)) { chain throws(KMSContractsError) in
            try chain.createPolicy(from: client, id: id, periods: 10, nodes: [node], payment: 200)
        }
        expectRevert(&chain, .notPolicyClient(id, caller: node)) { chain throws(KMSContractsError) in
            _ = try chain.revokePolicy(from: node, id: id)
        }
        #expect(try chain.revokePolicy(from: client, id: id) == 200)
        #expect(chain.policyManager.policy(id)?.isDisabled == true)
        #expect(chain.token.balance(of: client) == 10_000)
        let second = PolicyID(named: "34b")
        try chain.createPolicy(from: client, id: second, periods: 10, nodes: [node], payment: 200)
        #expect(chain.token.balance(of: chain.policyManagerAddress) == 200)
        #expect(chain.token.balance(of: client) == 9_800)
    }

    @Test("Scenario 35 (adapted): a node earns a period's fee only for periods it confirmed and minted (80, then 200)")
    func feesAccrueOnlyOnMintedPeriods() throws {
        var chain = chainWithActiveNode()
        let id = PolicyID(named: "35")
        try chain.createPolicy(from: client, id: id, periods: 10, nodes: [node], payment: 200)
        // The node confirms every period; each confirmation mints the one before.
        for _ in 0..<5 {
            try chain.confirmActivity(from: node)
            chain.advance(periods: 1)
        }
        try chain.mint(from: node)  // minted the creation period p (no partial fee) and p+1...p+4
        #expect(chain.policyManager.fees(of: node)?.reward == 80)
        let before = chain.token.balance(of: node)
        #expect(try chain.withdrawFees(from: node) == 80)
        #expect(chain.token.balance(of: node) == (try before.adding(80)))
        #expect(chain.token.balance(of: chain.policyManagerAddress) == 120)
        for _ in 0..<20 {
            try chain.confirmActivity(from: node)
            chain.advance(periods: 1)
        }
        try chain.mint(from: node)
        #expect(chain.policyManager.fees(of: node)?.reward == 120)
        try chain.withdrawFees(from: node)
        #expect(chain.token.balance(of: node) == (try before.adding(200)))
        #expect(chain.token.balance(of: chain.policyManagerAddress) == 0)
        expectRevert(&chain, .wrongSender(caller: node, expected: chain.escrowAddress, operation: "updateReward")) {
            chain throws(KMSContractsError) in try chain.updateReward(from: node, node: node, period: chain.currentPeriod)
        }
        expectRevert(&chain, .nothingToWithdraw(node)) { chain throws(KMSContractsError) in _ = try chain.withdrawFees(from: node) }
    }

    @Test("Scenario 36 (adapted): downtime comes back to the client (180 + 20, 120), and revocation returns the rest (140)")
    func refundsForDowntimeAndRevocation() throws {
        var chain = chainWithActiveNode()
        // The node confirmed the creation period p and then stays idle.
        let p = chain.currentPeriod
        #expect(chain.escrow.info(for: node)?.lastActivePeriod == p)
        let first = PolicyID(named: "36-1")
        try chain.createPolicy(from: client, id: first, periods: 10, nodes: [node], payment: 200)
        chain.advance(periods: 9)
        #expect(try chain.refund(from: client, id: first) == 180)
        #expect(chain.token.balance(of: chain.policyManagerAddress) == 20)
        #expect(chain.policyManager.policy(first)?.isDisabled == false)
        chain.advance(periods: 1)
        #expect(try chain.refund(from: client, id: first) == 20)
        #expect(chain.token.balance(of: chain.policyManagerAddress) == 0)
        #expect(chain.token.balance(of: client) == 10_000)
        #expect(chain.policyManager.policy(first)?.isDisabled == true)

        // Second policy, created at P: an immediate refund is 0. The node is active in P+1,
        // P+2, P+5 and P+9, and misses P+3…P+4 and P+6…P+8.
        chain.approve(from: client, spender: chain.policyManagerAddress, amount: 1_000)
        let second = PolicyID(named: "36-2")
        try chain.createPolicy(from: client, id: second, periods: 10, nodes: [node], payment: 200)
        #expect(try chain.refund(from: client, id: second) == 0)
        expectRevert(&chain, .unknownPolicy(PolicyID(named: "nobody"))) { chain throws(KMSContractsError) in
            _ = try chain.refund(from: client, id: PolicyID(named: "nobody"))
        }
        expectRevert(&chain, .notPolicyClient(second, caller: node)) { chain throws(KMSContractsError) in
            _ = try chain.refund(from: node, id: second)
        }
        let start = chain.currentPeriod
        let confirmAt: Set<UInt64> = [start, start + 1, start + 4, start + 8]
        for offset in 0..<10 as Range<UInt64> {
            if confirmAt.contains(start + offset) { try chain.confirmActivity(from: node) }
            chain.advance(periods: 1)
        }
        try chain.mint(from: node)
        #expect(chain.escrow.info(for: node)?.lastActivePeriod == start + 9)
        #expect(chain.policyManager.fees(of: node)?.reward == 80)
        #expect(try chain.refund(from: client, id: second) == 120)
        #expect(chain.token.balance(of: client) == 9_920)
        #expect(chain.token.balance(of: chain.policyManagerAddress) == 80)
        #expect(chain.policyManager.policy(second)?.isDisabled == true)

        // Third policy, created at q (the node confirmed q beforehand): it misses q+1, is active
        // q+2…q+4, and the client revokes at q+4: 20 for q+1 and 6 × 20 for q+5…q+10.
        try chain.confirmActivity(from: node)
        chain.advance(periods: 1)
        let third = PolicyID(named: "36-3")
        try chain.createPolicy(from: client, id: third, periods: 10, nodes: [node], payment: 200)
        chain.advance(periods: 1)  // q+1: not confirmed
        try chain.confirmActivity(from: node)  // confirms q+2
        chain.advance(periods: 1)
        try chain.confirmActivity(from: node)  // q+3
        chain.advance(periods: 1)
        try chain.confirmActivity(from: node)  // q+4
        chain.advance(periods: 1)  // q+4
        #expect(try chain.revokePolicy(from: client, id: third) == 140)
        #expect(chain.token.balance(of: client) == 9_860)
        #expect(chain.token.balance(of: chain.policyManagerAddress) == 140)
        chain.advance(periods: 1)
        try chain.mint(from: node)
        #expect(chain.policyManager.fees(of: node)?.reward == 140)
        for _ in 0..<3 {
            try chain.confirmActivity(from: node)
            chain.advance(periods: 1)
        }
        try chain.mint(from: node)
        #expect(chain.policyManager.fees(of: node)?.reward == 140)
        #expect(chain.policyManager.totalEarned == 140)
        #expect(chain.policyManager.totalRefunded == 460)
        #expect(chain.policyManager.totalPaidIn == 600)
    }

    /// Three nodes staked in the previous period through a pre-deposit, so none confirmed the
    /// current period.
    func chainWithThreeIdleNodes() throws -> (Chain, [Address]) {
        var chain = Fixture.chain(funded: [Accounts.alice])
        let nodes = [Accounts.node1, Accounts.node2, Accounts.node3]
        chain.approve(from: Accounts.owner, spender: chain.escrowAddress, amount: 3_000)
        try chain.preDeposit(from: Accounts.owner, owners: nodes, values: [1_000, 1_000, 1_000], periods: [50, 50, 50])
        chain.advance(periods: 1)
        chain.approve(from: client, spender: chain.policyManagerAddress, amount: 10_000)
        return (chain, nodes)
    }

    @Test("Scenario 40(c): 1200 over 3 nodes for 10 periods is 40 each; revoking one node returns 400, the rest 800")
    func revokeArrangementThenPolicy() throws {
        var (chain, nodes) = try chainWithThreeIdleNodes()
        let id = PolicyID(named: "40c")
        try chain.createPolicy(from: client, id: id, periods: 10, nodes: nodes, payment: 1_200)
        #expect(chain.policyManager.policy(id)?.rewardRate == 40)
        #expect(try chain.revokeArrangement(from: client, id: id, node: nodes[0]) == 400)
        expectRevert(&chain, .unknownArrangement(id, node: nodes[0])) { chain throws(KMSContractsError) in
            _ = try chain.revokeArrangement(from: client, id: id, node: nodes[0])
        }
        #expect(try chain.revokePolicy(from: client, id: id) == 800)
        expectRevert(&chain, .policyDisabled(id)) { chain throws(KMSContractsError) in
            _ = try chain.revokePolicy(from: client, id: id)
        }
        #expect(chain.token.balance(of: client) == 10_000)
    }

    @Test("Scenario 40(d): a first partial reward needs an exact payment (630), comes back when unearned (210), and nodes may refuse low rates")
    func firstPartialRewardAndMinimumRates() throws {
        var (chain, nodes) = try chainWithThreeIdleNodes()
        let id = PolicyID(named: "40d")
        for payment: TokenAmount in [11, 22, 629, 631] {
            expectRevert(
                &chain, .invalidPolicyPayment(payment: payment, nodes: 3, periods: 10, firstPartialReward: 10)
            ) { chain throws(KMSContractsError) in
                try chain.createPolicy(from: client, id: id, periods: 10, firstPartialReward: 10, nodes: nodes, payment: payment)
            }
        }
        try chain.createPolicy(from: client, id: id, periods: 10, firstPartialReward: 10, nodes: nodes, payment: 630)
        #expect(chain.policyManager.policy(id)?.rewardRate == 20)
        // The nodes never confirmed the creation period, so its partial fee comes back too.
        #expect(try chain.revokeArrangement(from: client, id: id, node: nodes[1]) == 210)

        try chain.setMinRewardRate(from: nodes[0], rate: 10)
        let low = PolicyID(named: "40d-low")
        expectRevert(&chain, .rewardRateTooLow(node: nodes[0], rate: 5, minimum: 10)) { chain throws(KMSContractsError) in
            try chain.createPolicy(from: client, id: low, periods: 10, nodes: [nodes[0]], payment: 50)
        }
        try chain.setMinRewardRate(from: nodes[0], rate: 20)
        expectRevert(&chain, .rewardRateTooLow(node: nodes[0], rate: 15, minimum: 20)) { chain throws(KMSContractsError) in
            try chain.createPolicy(from: client, id: low, periods: 10, nodes: [nodes[0]], payment: 150)
        }
        try chain.createPolicy(from: client, id: low, periods: 10, nodes: [nodes[0]], payment: 200)
    }

    @Test("Scenario 40(e): an idle node's client gets 190 after 9 periods (as calculated beforehand), then 20, and the policy is disabled")
    func refundWithFirstPartialReward() throws {
        var (chain, nodes) = try chainWithThreeIdleNodes()
        let id = PolicyID(named: "40e")
        #expect(chain.escrow.info(for: nodes[0])?.lastActivePeriod == chain.currentPeriod - 1)
        try chain.createPolicy(from: client, id: id, periods: 10, firstPartialReward: 10, nodes: [nodes[0]], payment: 210)
        chain.advance(periods: 9)
        #expect(try chain.calculateRefundValue(from: client, id: id) == 190)
        #expect(try chain.calculateRefundValue(from: client, id: id, node: nodes[0]) == 190)
        #expect(try chain.refund(from: client, id: id) == 190)
        chain.advance(periods: 1)
        #expect(try chain.refund(from: client, id: id, node: nodes[0]) == 20)
        #expect(chain.policyManager.policy(id)?.isDisabled == true)
        expectRevert(&chain, .policyDisabled(id)) { chain throws(KMSContractsError) in _ = try chain.refund(from: client, id: id) }
        #expect(chain.token.balance(of: client) == 10_000)
    }
}
