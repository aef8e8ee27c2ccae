public import KMSPolicy

/// Something a contract announced: the simulation's equivalent of a Solidity event.
public enum ChainEvent: Hashable, Sendable, Codable {
    /// Tokens moved (`Transfer`); minting at deployment comes from the zero address.
    case transfer(from: Address, to: Address, value: TokenAmount)
    /// An allowance was set (`Approval`).
    case approval(owner: Address, spender: Address, value: TokenAmount)
    /// A holder burned tokens (`Burn`).
    case burn(holder: Address, value: TokenAmount)
    /// The escrow's issuance started with this reserve (`Initialized`).
    case initialized(reservedReward: TokenAmount)
    /// A miner deposited (`Deposited`).
    case deposited(miner: Address, value: TokenAmount, periods: UInt64)
    /// A miner locked a new sub-stake (`Locked`).
    case locked(miner: Address, value: TokenAmount, firstPeriod: UInt64, periods: UInt64)
    /// A sub-stake was split (`Divided`).
    case divided(miner: Address, stakeIndex: Int, oldValue: TokenAmount, newValue: TokenAmount, extraPeriods: UInt64)
    /// A miner withdrew from the escrow (`Withdrawn`).
    case withdrawn(miner: Address, value: TokenAmount)
    /// A miner confirmed activity for a period (`ActivityConfirmed`).
    case activityConfirmed(miner: Address, period: UInt64, value: TokenAmount)
    /// A miner minted its rewards (`Mined`), `period` being the snapshot period.
    case mined(miner: Address, period: UInt64, value: TokenAmount)
    /// A miner published a node key.
    case nodeKeyPublished(miner: Address, index: Int)
    /// A policy was paid for (`PolicyCreated`).
    case policyCreated(id: PolicyID, client: Address, nodes: [Address], payment: TokenAmount)
    /// One node's arrangement was revoked with this refund (`ArrangementRevoked`).
    case arrangementRevoked(id: PolicyID, client: Address, node: Address, value: TokenAmount)
    /// A whole policy was revoked with this refund (`PolicyRevoked`).
    case policyRevoked(id: PolicyID, client: Address, value: TokenAmount)
    /// A downtime refund for one arrangement (`RefundForArrangement`).
    case refundForArrangement(id: PolicyID, client: Address, node: Address, value: TokenAmount)
    /// A downtime refund for a whole policy (`RefundForPolicy`).
    case refundForPolicy(id: PolicyID, client: Address, value: TokenAmount)
    /// A node withdrew its fees (PolicyManager `Withdrawn`).
    case feesWithdrawn(node: Address, value: TokenAmount)
    /// A node set the lowest rate it accepts.
    case minRewardRateSet(node: Address, value: TokenAmount)
    /// A vesting escrow was deployed for a user.
    case userEscrowDeployed(escrow: Address, owner: Address)
    /// A vesting escrow was funded (`Deposited` of UserEscrow).
    case vestingDeposited(escrow: Address, sender: Address, value: TokenAmount, duration: UInt64)
    /// A user withdrew from a vesting escrow.
    case vestingWithdrawn(escrow: Address, owner: Address, value: TokenAmount)
    /// A grant was recorded through the policy ledger.
    case grantRecorded(id: PolicyID, owner: Address, shares: Int)
    /// A miner was slashed (`Slashed`).
    case slashed(miner: Address, penalty: TokenAmount, investigator: Address, reward: TokenAmount)
    /// The adjudicator judged evidence about a cFrag that turned out correct.
    case evidenceCleared(miner: Address, evidenceHash: String)
}
