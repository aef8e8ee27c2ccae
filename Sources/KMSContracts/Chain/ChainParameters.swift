/// The constants a simulated chain is deployed with: period length, the issuance coefficients,
/// stake limits, the token supply and the adjudicator's penalty.
///
/// ``test2018`` holds the coefficients of the 2018 contract unit tests, which the scenario tests
/// use; ``june2018`` the constants the June 2018 contracts were to be deployed with.
public struct ChainParameters: Hashable, Sendable, Codable {
    /// The length of a period in seconds: period = ⌊time / secondsPerPeriod⌋.
    public var secondsPerPeriod: UInt64
    /// k2, the Issuer's `miningCoefficient`: the larger, the slower the issuance.
    public var miningCoefficient: TokenAmount
    /// k1, the Issuer's `lockedPeriodsCoefficient`, added to the rewarded lock duration.
    public var lockedPeriodsCoefficient: TokenAmount
    /// The cap on the lock duration that earns a bonus (`awardedPeriods`, `rewardedPeriods`).
    public var rewardedPeriods: UInt64
    /// The shortest lock, in periods (`minLockedPeriods`).
    public var minLockedPeriods: UInt64
    /// The smallest amount a stake may lock.
    public var minAllowableLockedTokens: TokenAmount
    /// The most a miner may have locked in one period.
    public var maxAllowableLockedTokens: TokenAmount
    /// The token supply minted to the deployer, which is also the cap of issuance.
    public var totalSupply: TokenAmount
    /// What the adjudicator takes from a miner whose cFrag fails verification.
    public var slashingPenalty: TokenAmount
    /// The investigator receives `penalty / investigatorRewardCoefficient`; the rest returns to
    /// the reward reserve.
    public var investigatorRewardCoefficient: TokenAmount

    /// Parameters from their values.
    ///
    /// - Parameters:
    ///   - secondsPerPeriod: Period length in seconds.
    ///   - miningCoefficient: k2.
    ///   - lockedPeriodsCoefficient: k1.
    ///   - rewardedPeriods: The lock-duration bonus cap.
    ///   - minLockedPeriods: The shortest lock.
    ///   - minAllowableLockedTokens: The smallest stake.
    ///   - maxAllowableLockedTokens: The largest locked amount per miner.
    ///   - totalSupply: The token supply and issuance cap.
    ///   - slashingPenalty: The adjudicator's penalty.
    ///   - investigatorRewardCoefficient: The divisor of the penalty paid to the investigator.
    public init(
        secondsPerPeriod: UInt64, miningCoefficient: TokenAmount, lockedPeriodsCoefficient: TokenAmount,
        rewardedPeriods: UInt64, minLockedPeriods: UInt64, minAllowableLockedTokens: TokenAmount,
        maxAllowableLockedTokens: TokenAmount, totalSupply: TokenAmount, slashingPenalty: TokenAmount,
        investigatorRewardCoefficient: TokenAmount
    ) {
        self.secondsPerPeriod = secondsPerPeriod
        self.miningCoefficient = miningCoefficient
        self.lockedPeriodsCoefficient = lockedPeriodsCoefficient
        self.rewardedPeriods = rewardedPeriods
        self.minLockedPeriods = minLockedPeriods
        self.minAllowableLockedTokens = minAllowableLockedTokens
        self.maxAllowableLockedTokens = maxAllowableLockedTokens
        self.totalSupply = totalSupply
        self.slashingPenalty = slashingPenalty
        self.investigatorRewardCoefficient = investigatorRewardCoefficient
    }

    /// The 2018 unit-test coefficients: 1-hour periods, k2 = 8·10⁷, k1 = 4, 4 rewarded periods,
    /// at least 2 periods, stakes of 100 to 1500, a supply of 2·10⁹; a penalty of 100 (SOL‑DEC's
    /// placeholder), half of it to the investigator.
    public static let test2018 = ChainParameters(
        secondsPerPeriod: 3_600, miningCoefficient: 80_000_000, lockedPeriodsCoefficient: 4, rewardedPeriods: 4,
        minLockedPeriods: 2, minAllowableLockedTokens: 100, maxAllowableLockedTokens: 1_500,
        totalSupply: 2_000_000_000, slashingPenalty: 100, investigatorRewardCoefficient: 2)

    /// The June 2018 deployment constants: 24-hour periods, k2 = 2·10⁷, k1 = 365, 365 rewarded
    /// periods, at least 30 periods, stakes of 15 000 NU to 4·10⁶ NU, a supply of 3.89·10⁹ NU
    /// (amounts in units of 10⁻¹⁸ NU); a penalty of 100 NU, half to the investigator.
    public static let june2018 = ChainParameters(
        secondsPerPeriod: 86_400, miningCoefficient: 20_000_000, lockedPeriodsCoefficient: 365, rewardedPeriods: 365,
        minLockedPeriods: 30, minAllowableLockedTokens: 15_000_000_000_000_000_000_000,
        maxAllowableLockedTokens: 4_000_000_000_000_000_000_000_000,
        totalSupply: 3_890_000_000_000_000_000_000_000_000, slashingPenalty: 100_000_000_000_000_000_000,
        investigatorRewardCoefficient: 2)

    /// Checks what the contracts' constructors require.
    func validate() throws(KMSContractsError) {
        guard secondsPerPeriod > 0 else { throw .invalidParameters(reason: "secondsPerPeriod is 0") }
        guard !miningCoefficient.isZero, !lockedPeriodsCoefficient.isZero, rewardedPeriods > 0 else {
            throw .invalidParameters(reason: "the Issuer coefficients must be non-zero")
        }
        guard minLockedPeriods > 1 else { throw .invalidParameters(reason: "minLockedPeriods must be above 1") }
        guard !maxAllowableLockedTokens.isZero, minAllowableLockedTokens <= maxAllowableLockedTokens else {
            throw .invalidParameters(reason: "the stake limits must satisfy 0 ≤ min ≤ max, max ≠ 0")
        }
        guard !investigatorRewardCoefficient.isZero else {
            throw .invalidParameters(reason: "investigatorRewardCoefficient is 0")
        }
    }
}
