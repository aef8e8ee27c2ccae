/// What the ``PolicyManager`` keeps for one node: its withdrawable fees and its fee rate.
///
/// The rate changes only at period boundaries: a policy adds its first partial reward at its
/// creation period, the rest of its rate at its start and takes the whole rate off after its
/// last period. The changes are stored per period and applied when the node mints.
public struct NodeFees: Hashable, Sendable, Codable {
    /// A change of the rate at one period, split into its increase and decrease so amounts stay
    /// unsigned.
    public struct RateChange: Hashable, Sendable, Codable {
        /// Added to the rate at that period.
        public internal(set) var increase: TokenAmount
        /// Taken off the rate at that period.
        public internal(set) var decrease: TokenAmount
    }

    /// Fees earned and not yet withdrawn.
    public internal(set) var reward: TokenAmount
    /// The node's total fee per period, as of ``nextChangePeriod`` − 1.
    public internal(set) var rewardRate: TokenAmount
    /// The first period whose rate change is not yet applied.
    public internal(set) var nextChangePeriod: UInt64
    /// Pending rate changes by period.
    public internal(set) var rateChanges: [UInt64: RateChange]
    /// The lowest rate per period the node accepts for a new policy.
    public internal(set) var minRewardRate: TokenAmount

    init(registeredAt period: UInt64) {
        reward = .zero
        rewardRate = .zero
        nextChangePeriod = period
        rateChanges = [:]
        minRewardRate = .zero
    }

    mutating func change(at period: UInt64, increase: TokenAmount = .zero, decrease: TokenAmount = .zero)
        throws(KMSContractsError)
    {
        var change = rateChanges[period] ?? RateChange(increase: .zero, decrease: .zero)
        change.increase = try change.increase.adding(increase)
        change.decrease = try change.decrease.adding(decrease)
        rateChanges[period] = change
    }

    /// Applies the rate changes up to `period` and credits one period at the resulting rate
    /// (`updateReward`). A period already credited earns nothing again.
    mutating func credit(period: UInt64) throws(KMSContractsError) -> TokenAmount {
        guard period >= nextChangePeriod else { return .zero }
        for changed in rateChanges.keys.sorted() where changed <= period {
            guard let change = rateChanges.removeValue(forKey: changed) else { continue }
            rewardRate = try rewardRate.adding(change.increase).subtracting(change.decrease)
        }
        nextChangePeriod = period + 1
        reward = try reward.adding(rewardRate)
        return rewardRate
    }
}
