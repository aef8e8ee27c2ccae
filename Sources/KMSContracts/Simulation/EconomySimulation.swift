import KMSPolicy
import UmbralCore

/// A many-period run of the token economy on a ``Chain``: stakers confirming (or not), clients
/// buying and revoking policies, refunds, fee withdrawals and cheating Ursulas being slashed.
///
/// Everything random comes from one seed, so a run repeats exactly. Each call of
/// ``runPeriod()`` advances one period and returns what happened in it.
///
/// ```swift
/// var simulation = try EconomySimulation(configuration: .init(stakers: 50, clients: 20, seed: 7))
/// for _ in 0..<30 { print(try simulation.runPeriod()) }
/// print(simulation.totals)
/// ```
public struct EconomySimulation: Sendable {
    /// What to simulate.
    public struct Configuration: Hashable, Sendable {
        /// The chain's constants.
        public var parameters: ChainParameters
        /// How many stakers; each stakes a random amount between the stake limits.
        public var stakers: Int
        /// How long each stake is locked, in confirmed periods.
        public var lockPeriods: UInt64
        /// How many clients (Alices); each starts with ``clientFunds``.
        public var clients: Int
        /// Each client's starting tokens.
        public var clientFunds: TokenAmount
        /// New policies per period.
        public var policiesPerPeriod: Int
        /// Ursulas per policy, sampled by stake.
        public var nodesPerPolicy: Int
        /// Paid periods per policy.
        public var policyPeriods: UInt64
        /// Each node's fee per period.
        public var ratePerPeriod: TokenAmount
        /// The chance that a staker skips confirming in a period.
        public var downtimeProbability: Double
        /// The chance per period that a client revokes one of its running policies.
        public var revocationProbability: Double
        /// How many stakers cheat: each is caught once, in its own period, and slashed.
        public var misbehavingStakers: Int
        /// The seed of every random choice.
        public var seed: UInt64

        /// A configuration; the defaults are a small economy on the 2018 test coefficients.
        ///
        /// - Parameters:
        ///   - parameters: The chain's constants.
        ///   - stakers: How many stakers.
        ///   - lockPeriods: Each stake's length.
        ///   - clients: How many clients.
        ///   - clientFunds: Each client's tokens.
        ///   - policiesPerPeriod: New policies per period.
        ///   - nodesPerPolicy: Ursulas per policy.
        ///   - policyPeriods: Paid periods per policy.
        ///   - ratePerPeriod: Each node's fee per period.
        ///   - downtimeProbability: The chance a staker skips a period.
        ///   - revocationProbability: The chance a client revokes a policy in a period.
        ///   - misbehavingStakers: How many stakers cheat once.
        ///   - seed: The seed.
        public init(
            parameters: ChainParameters = .test2018, stakers: Int = 20, lockPeriods: UInt64 = 1_000, clients: Int = 10,
            clientFunds: TokenAmount = 100_000, policiesPerPeriod: Int = 2, nodesPerPolicy: Int = 3,
            policyPeriods: UInt64 = 10, ratePerPeriod: TokenAmount = 20, downtimeProbability: Double = 0.1,
            revocationProbability: Double = 0.05, misbehavingStakers: Int = 1, seed: UInt64 = 1
        ) {
            self.parameters = parameters
            self.stakers = stakers
            self.lockPeriods = lockPeriods
            self.clients = clients
            self.clientFunds = clientFunds
            self.policiesPerPeriod = policiesPerPeriod
            self.nodesPerPolicy = nodesPerPolicy
            self.policyPeriods = policyPeriods
            self.ratePerPeriod = ratePerPeriod
            self.downtimeProbability = downtimeProbability
            self.revocationProbability = revocationProbability
            self.misbehavingStakers = misbehavingStakers
            self.seed = seed
        }
    }

    /// What happened in one period.
    public struct PeriodSummary: Hashable, Sendable, CustomStringConvertible {
        /// The period.
        public var period: UInt64
        /// Stakers that confirmed the next period.
        public var activeStakers: Int
        /// Policies created.
        public var newPolicies: Int
        /// Policies revoked.
        public var revokedPolicies: Int
        /// Tokens issued to miners.
        public var minted: TokenAmount
        /// Fees credited to nodes.
        public var feesEarned: TokenAmount
        /// Fees refunded to clients (downtime, expiry and revocation).
        public var refunded: TokenAmount
        /// Tokens slashed.
        public var slashed: TokenAmount
        /// Transactions sent.
        public var transactions: Int
        /// Of those, how many reverted.
        public var reverted: Int

        /// One line: the period and each figure.
        public var description: String {
            "period \(period): active \(activeStakers), policies +\(newPolicies) −\(revokedPolicies), "
                + "minted \(minted), fees \(feesEarned), refunded \(refunded), slashed \(slashed), "
                + "transactions \(transactions) (\(reverted) reverted)"
        }
    }

    /// Sums over every period run.
    public struct Totals: Hashable, Sendable, CustomStringConvertible {
        /// Periods run.
        public var periods: Int = 0
        /// Policies created.
        public var policies: Int = 0
        /// Policies revoked.
        public var revocations: Int = 0
        /// Tokens issued.
        public var minted: TokenAmount = .zero
        /// Fees credited to nodes.
        public var feesEarned: TokenAmount = .zero
        /// Fees refunded.
        public var refunded: TokenAmount = .zero
        /// Tokens slashed.
        public var slashed: TokenAmount = .zero
        /// Transactions sent.
        public var transactions: Int = 0
        /// Transactions reverted.
        public var reverted: Int = 0

        /// One line with every total.
        public var description: String {
            "\(periods) periods: \(policies) policies, \(revocations) revoked, minted \(minted), fees \(feesEarned), "
                + "refunded \(refunded), slashed \(slashed), \(transactions) transactions (\(reverted) reverted)"
        }
    }

    /// The chain as it stands.
    public private(set) var chain: Chain
    /// The totals so far.
    public private(set) var totals = Totals()
    /// The configuration.
    public let configuration: Configuration

    private var rng: SimulationRandom
    private let stakers: [Address]
    private let clients: [Address]
    private var cheaters: [(address: Address, signer: Signer)]
    private var running: [PolicyID] = []
    private var policyCounter = 0

    /// Deploys the contracts, funds the clients and stakes every staker.
    ///
    /// - Parameter configuration: What to simulate.
    /// - Throws: What the setup transactions throw, such as
    ///   ``KMSContractsError/insufficientBalance(account:balance:needed:)`` when the supply cannot
    ///   fund everyone.
    public init(configuration: Configuration) throws(KMSContractsError) {
        self.configuration = configuration
        var rng = SimulationRandom(seed: configuration.seed)
        let parameters = configuration.parameters
        let deployer = Address.derived(from: "simulation-deployer")
        let reserve = try parameters.totalSupply.divided(by: 2)
        var chain = try Chain.deployed(
            parameters: parameters, deployer: deployer, reserve: reserve, startTime: parameters.secondsPerPeriod)
        let clients = (0..<configuration.clients).map { Address.derived(from: "client-\($0)") }
        for client in clients { try chain.transfer(from: deployer, to: client, amount: configuration.clientFunds) }
        var stakers: [Address] = []
        var cheaters: [(Address, Signer)] = []
        let span = try parameters.maxAllowableLockedTokens.subtracting(parameters.minAllowableLockedTokens)
        for index in 0..<configuration.stakers {
            let staker = Address.derived(from: "staker-\(index)")
            let stake = try parameters.minAllowableLockedTokens.adding(
                try TokenAmount(rng.next()).remainder(dividingBy: span.adding(1)))
            try chain.transfer(from: deployer, to: staker, amount: stake)
            try chain.approveAndDeposit(from: staker, value: stake, periods: configuration.lockPeriods)
            if index < configuration.misbehavingStakers {
                let signer = Signer(SecretKey.random(using: &rng))
                try chain.publishNodeKey(from: staker, key: signer.verifyingKey.compressedBytes)
                cheaters.append((staker, signer))
            }
            stakers.append(staker)
        }
        self.chain = chain
        self.rng = rng
        self.stakers = stakers
        self.clients = clients
        self.cheaters = cheaters
    }

    /// Runs one period: time moves on, stakers confirm (each may be down), cheaters are caught,
    /// ended policies are settled, clients revoke and buy policies, and nodes withdraw fees.
    ///
    /// - Returns: What happened.
    /// - Throws: Only for failures outside the simulated transactions (which may revert and are
    ///   counted); none are expected.
    public mutating func runPeriod() throws(KMSContractsError) -> PeriodSummary {
        chain.advance(periods: 1)
        let before = (
            minted: chain.escrow.issuer.currentSupply, earned: chain.policyManager.totalEarned,
            refunded: chain.policyManager.totalRefunded, slashed: chain.adjudicator.totalSlashed
        )
        var summary = PeriodSummary(
            period: chain.currentPeriod, activeStakers: 0, newPolicies: 0, revokedPolicies: 0, minted: .zero,
            feesEarned: .zero, refunded: .zero, slashed: .zero, transactions: 0, reverted: 0)
        func send(_ body: (inout Chain) throws(KMSContractsError) -> Void) -> Bool {
            summary.transactions += 1
            do {
                try body(&chain)
                return true
            } catch {
                summary.reverted += 1
                return false
            }
        }

        for staker in stakers where rng.chance(1 - configuration.downtimeProbability) {
            if send({ chain throws(KMSContractsError) in try chain.confirmActivity(from: staker) }) {
                summary.activeStakers += 1
            }
        }
        // One cheater is caught per period, by the client it lied to.
        if let cheater = cheaters.first {
            cheaters.removeFirst()
            let evidence = try CapsuleFragEvidence.swappedCapsuleFrag(by: cheater.address, signer: cheater.signer, using: &rng)
            let investigator = clients.isEmpty ? chain.deployer : clients[rng.index(clients.count)]
            _ = send { chain throws(KMSContractsError) in _ = try chain.evaluateCapsuleFrag(from: investigator, evidence: evidence) }
        }
        // Settle policies whose last period has passed; revoke some running ones.
        var stillRunning: [PolicyID] = []
        for id in running {
            guard let policy = chain.policyManager.policy(id), !policy.isDisabled else { continue }
            if policy.lastPeriod < chain.currentPeriod {
                _ = send { chain throws(KMSContractsError) in _ = try chain.refund(from: policy.client, id: id) }
            } else if rng.chance(configuration.revocationProbability) {
                if send({ chain throws(KMSContractsError) in _ = try chain.revokePolicy(from: policy.client, id: id) }) {
                    summary.revokedPolicies += 1
                }
            } else {
                stillRunning.append(id)
            }
        }
        running = stillRunning
        // New policies, each over Ursulas sampled by stake (all of this period's in one walk).
        let groups = clients.isEmpty ? [] : (try? chain.sampleMinerGroups(
            configuration.policiesPerPeriod, count: configuration.nodesPerPolicy, using: &rng)) ?? []
        if groups.isEmpty && !clients.isEmpty {
            summary.transactions += configuration.policiesPerPeriod
            summary.reverted += configuration.policiesPerPeriod
        }
        for nodes in groups {
            let client = clients[rng.index(clients.count)]
            policyCounter += 1
            let id = PolicyID(named: "simulation-\(configuration.seed)-\(policyCounter)")
            let payment = try configuration.ratePerPeriod.multiplied(by: TokenAmount(configuration.policyPeriods))
                .multiplied(by: TokenAmount(UInt64(nodes.count)))
            let periods = configuration.policyPeriods
            let created = send { chain throws(KMSContractsError) in
                chain.approve(from: client, spender: chain.policyManagerAddress, amount: payment)
                try chain.createPolicy(from: client, id: id, periods: periods, nodes: nodes, payment: payment)
            }
            if created {
                summary.newPolicies += 1
                running.append(id)
            }
        }
        // Nodes withdraw their fees now and then.
        for staker in stakers where rng.chance(0.1) && !(chain.policyManager.fees(of: staker)?.reward.isZero ?? true) {
            _ = send { chain throws(KMSContractsError) in _ = try chain.withdrawFees(from: staker) }
        }

        summary.minted = chain.escrow.issuer.currentSupply.saturatingSubtracting(before.minted)
        summary.feesEarned = chain.policyManager.totalEarned.saturatingSubtracting(before.earned)
        summary.refunded = chain.policyManager.totalRefunded.saturatingSubtracting(before.refunded)
        summary.slashed = chain.adjudicator.totalSlashed.saturatingSubtracting(before.slashed)
        totals.periods += 1
        totals.policies += summary.newPolicies
        totals.revocations += summary.revokedPolicies
        totals.minted = totals.minted.saturatingAdding(summary.minted)
        totals.feesEarned = totals.feesEarned.saturatingAdding(summary.feesEarned)
        totals.refunded = totals.refunded.saturatingAdding(summary.refunded)
        totals.slashed = totals.slashed.saturatingAdding(summary.slashed)
        totals.transactions += summary.transactions
        totals.reverted += summary.reverted
        return summary
    }
}
