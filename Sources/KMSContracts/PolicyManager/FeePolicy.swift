public import KMSPolicy

/// A prepaid policy in the ``PolicyManager``: a client pays each of its nodes a rate per period.
///
/// The client pays `(firstPartialReward + rewardRate × periods) × nodes` up front. Each node
/// earns `firstPartialReward` for the creation period and `rewardRate` for each period from
/// ``startPeriod`` to ``lastPeriod``, but only for periods it confirmed and minted; the rest comes
/// back to the client as refunds.
public struct FeePolicy: Hashable, Sendable, Codable {
    /// The policy's id.
    public let id: PolicyID
    /// Who paid and receives refunds.
    public let client: Address
    /// Each node's fee per period.
    public let rewardRate: TokenAmount
    /// Each node's fee for the (partial) creation period.
    public let firstPartialReward: TokenAmount
    /// The first fully paid period: the one after creation.
    public let startPeriod: UInt64
    /// The last paid period.
    public let lastPeriod: UInt64
    /// Set when no arrangement remains; a disabled policy refuses every call.
    public internal(set) var isDisabled: Bool
    /// The nodes' arrangements, in the order the client listed the nodes.
    public internal(set) var arrangements: [FeeArrangement]
}
