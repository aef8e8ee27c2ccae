public import KMSPolicy

/// A simulated chain with the 2018 NuCypher contracts deployed on it: the ``Token``, the
/// ``MinerEscrow`` with its ``Issuer``, the ``PolicyManager``, vesting ``UserEscrow``s and an
/// ``Adjudicator``.
///
/// `Chain` is a value. Every transaction is a `mutating` method that names its sender and runs
/// on a copy of the whole state; the copy replaces the chain only if the transaction succeeds, so
/// a transaction that throws ``KMSContractsError`` (the simulation's revert) changes nothing, not
/// even the event log. Time is part of the state: set it with ``setTime(_:)`` or move it with
/// ``advance(periods:)``, or let a ``ContractPolicyLedger`` follow a clock.
///
/// ```swift
/// var chain = try Chain.deployed(parameters: .test2018, deployer: owner, reserve: 1_000_000_000)
/// try chain.transfer(from: owner, to: ursula, amount: 10_000)
/// try chain.approve(from: ursula, spender: chain.escrowAddress, amount: 1_000)
/// try chain.deposit(from: ursula, value: 1_000, periods: 10)
/// chain.advance(periods: 1)
/// try chain.confirmActivity(from: ursula)
/// ```
public struct Chain: Hashable, Sendable, Codable {
    /// The constants the contracts were deployed with.
    public let parameters: ChainParameters
    /// The account that deployed the contracts and received the token supply.
    public let deployer: Address
    /// The token contract's address.
    public let tokenAddress: Address
    /// The miners' escrow's address, which holds the reserve and every deposit.
    public let escrowAddress: Address
    /// The policy manager's address, which holds prepaid fees.
    public let policyManagerAddress: Address
    /// The adjudicator's address.
    public let adjudicatorAddress: Address

    /// The chain time in seconds (the latest block's timestamp).
    public internal(set) var time: UInt64
    /// The token.
    public internal(set) var token: Token
    /// The miners' escrow.
    public internal(set) var escrow: MinerEscrow
    /// The policy manager.
    public internal(set) var policyManager: PolicyManager
    /// The vesting escrows, by address.
    public internal(set) var userEscrows: [Address: UserEscrow]
    /// The adjudicator.
    public internal(set) var adjudicator: Adjudicator
    /// Every event, oldest first.
    public internal(set) var events: EventLog
    /// Counts deployments, so each vesting escrow gets a fresh address.
    private var deploymentNonce: UInt64

    /// Deploys the contracts at `startTime`, minting the whole supply to `deployer`.
    ///
    /// The escrow is not initialized yet: move the reserve to ``escrowAddress`` and call
    /// ``initializeEscrow(from:)``, or use ``deployed(parameters:deployer:reserve:startTime:)``.
    ///
    /// - Parameters:
    ///   - parameters: The constants.
    ///   - deployer: Who deploys and owns the supply.
    ///   - startTime: The chain time in seconds.
    /// - Throws: ``KMSContractsError/invalidParameters(reason:)``.
    public init(parameters: ChainParameters, deployer: Address, startTime: UInt64 = 0) throws(KMSContractsError) {
        try parameters.validate()
        self.parameters = parameters
        self.deployer = deployer
        tokenAddress = .derived(from: "token")
        escrowAddress = .derived(from: "escrow")
        policyManagerAddress = .derived(from: "policy-manager")
        adjudicatorAddress = .derived(from: "adjudicator")
        time = startTime
        token = Token(supply: parameters.totalSupply, deployer: deployer)
        escrow = MinerEscrow(
            issuer: Issuer(
                miningCoefficient: parameters.miningCoefficient,
                lockedPeriodsCoefficient: parameters.lockedPeriodsCoefficient,
                rewardedPeriods: parameters.rewardedPeriods, supplyCap: parameters.totalSupply,
                period: startTime / parameters.secondsPerPeriod))
        policyManager = PolicyManager()
        userEscrows = [:]
        adjudicator = Adjudicator()
        events = EventLog()
        deploymentNonce = 0
        emit(.transfer(from: .zero, to: deployer, value: parameters.totalSupply))
    }

    /// Deploys the contracts, moves `reserve` tokens to the escrow and initializes it: the usual
    /// starting point.
    ///
    /// - Parameters:
    ///   - parameters: The constants.
    ///   - deployer: Who deploys and owns the supply.
    ///   - reserve: The reward reserve moved to the escrow.
    ///   - startTime: The chain time in seconds.
    /// - Returns: The ready chain.
    /// - Throws: ``KMSContractsError/invalidParameters(reason:)`` or
    ///   ``KMSContractsError/insufficientBalance(account:balance:needed:)`` if the reserve exceeds
    ///   the supply.
    public static func deployed(
        parameters: ChainParameters, deployer: Address, reserve: TokenAmount, startTime: UInt64 = 0
    ) throws(KMSContractsError) -> Chain {
        var chain = try Chain(parameters: parameters, deployer: deployer, startTime: startTime)
        try chain.transfer(from: deployer, to: chain.escrowAddress, amount: reserve)
        try chain.initializeEscrow(from: deployer)
        return chain
    }

    // MARK: Time

    /// The current period: ⌊``time`` / seconds per period⌋.
    public var currentPeriod: UInt64 { time / parameters.secondsPerPeriod }

    /// Sets the chain time.
    ///
    /// - Parameter newTime: Seconds; not before ``time``.
    /// - Throws: ``KMSContractsError/timeWentBackwards(now:requested:)``.
    public mutating func setTime(_ newTime: UInt64) throws(KMSContractsError) {
        guard newTime >= time else { throw .timeWentBackwards(now: time, requested: newTime) }
        time = newTime
    }

    /// Moves the chain time forward by `seconds`.
    ///
    /// - Parameter seconds: How far.
    public mutating func advance(seconds: UInt64) {
        time += seconds
    }

    /// Moves the chain time forward by whole periods, keeping the offset within the period.
    ///
    /// - Parameter periods: How many periods.
    public mutating func advance(periods: UInt64) {
        time += periods * parameters.secondsPerPeriod
    }

    // MARK: Transactions

    /// Runs `body` on a copy of the chain and keeps the copy only if `body` returns.
    mutating func transact<Result>(
        _ body: (inout Chain) throws(KMSContractsError) -> Result
    ) throws(KMSContractsError) -> Result {
        var draft = self
        let result = try body(&draft)
        self = draft
        return result
    }

    /// Appends an event stamped with the current time.
    mutating func emit(_ event: ChainEvent) {
        events.append(LoggedEvent(index: events.count, time: time, period: currentPeriod, event: event))
    }

    /// A fresh contract address for the next deployment.
    mutating func nextDeploymentAddress(_ kind: String) -> Address {
        deploymentNonce += 1
        return .derived(from: "\(kind)#\(deploymentNonce)")
    }
}
