/// The Issuer, base of the miners' escrow: how many new tokens one stake earns for one period.
///
/// The reward for a stake of `locked` tokens out of `totalLocked` confirmed for the period, still
/// locked for `lockedPeriods` more periods, is
///
///     eff    = min(lockedPeriods, rewardedPeriods) + k1
///     reward = ⌊S_cap · locked · eff / (totalLocked · k2)⌋ − ⌊S_snap · locked · eff / (totalLocked · k2)⌋
///
/// where `S_cap` is the token supply (the cap) and `S_snap` a snapshot of the circulating supply.
/// The snapshot is taken from the running circulating supply the first time a mint arrives with a
/// higher `period` argument, so every mint carrying the same argument sees the same snapshot; each
/// mint then adds its reward to the running supply. The two floors are taken separately, as the
/// contract does, so results match it to the unit. June 2018 rules: nothing once the snapshot
/// reaches the cap, and a computed 0 becomes 1.
public struct Issuer: Hashable, Sendable, Codable {
    /// k2.
    public let miningCoefficient: TokenAmount
    /// k1.
    public let lockedPeriodsCoefficient: TokenAmount
    /// The lock-duration bonus cap.
    public let rewardedPeriods: UInt64
    /// S_cap: the token supply, which issuance never passes.
    public let supplyCap: TokenAmount
    /// Whether ``initialize(circulatingSupply:)`` has run; the escrow refuses deposits before.
    public private(set) var isInitialized: Bool
    /// The `period` argument of the latest mint (the contract's `lastMintedPeriod`).
    public private(set) var lastMintedPeriod: UInt64
    /// S_snap: the circulating supply that rewards for ``lastMintedPeriod`` are computed from.
    public private(set) var supplySnapshot: TokenAmount
    /// The running circulating supply: the snapshot plus everything minted since.
    public private(set) var currentSupply: TokenAmount

    /// An issuer deployed at `period`, not yet initialized.
    ///
    /// - Parameters:
    ///   - miningCoefficient: k2, non-zero.
    ///   - lockedPeriodsCoefficient: k1, non-zero.
    ///   - rewardedPeriods: The bonus cap, non-zero.
    ///   - supplyCap: The token supply.
    ///   - period: The deployment period, the first ``lastMintedPeriod``.
    public init(
        miningCoefficient: TokenAmount, lockedPeriodsCoefficient: TokenAmount, rewardedPeriods: UInt64,
        supplyCap: TokenAmount, period: UInt64
    ) {
        self.miningCoefficient = miningCoefficient
        self.lockedPeriodsCoefficient = lockedPeriodsCoefficient
        self.rewardedPeriods = rewardedPeriods
        self.supplyCap = supplyCap
        self.isInitialized = false
        self.lastMintedPeriod = period
        self.supplySnapshot = .zero
        self.currentSupply = .zero
    }

    /// Starts issuance: both supply figures become the circulating supply, the cap less the
    /// reserve already moved to the escrow.
    ///
    /// - Parameter circulatingSupply: `S_cap − reserve`.
    /// - Throws: ``KMSContractsError/escrowAlreadyInitialized`` on a second call.
    public mutating func initialize(circulatingSupply: TokenAmount) throws(KMSContractsError) {
        guard !isInitialized else { throw .escrowAlreadyInitialized }
        isInitialized = true
        supplySnapshot = circulatingSupply
        currentSupply = circulatingSupply
    }

    /// The reward for one stake and one period, recorded as issued.
    ///
    /// - Parameters:
    ///   - period: The snapshot key: the escrow passes the period before the current one.
    ///   - lockedValue: The stake's locked tokens.
    ///   - totalLocked: All tokens confirmed for the rewarded period.
    ///   - lockedPeriods: How many periods the stake stays locked after the rewarded one.
    /// - Returns: The reward in units.
    /// - Throws: An arithmetic error if the product exceeds 256 bits.
    public mutating func mint(
        period: UInt64, lockedValue: TokenAmount, totalLocked: TokenAmount, lockedPeriods: UInt64
    ) throws(KMSContractsError) -> TokenAmount {
        if period > lastMintedPeriod {
            supplySnapshot = currentSupply
            lastMintedPeriod = period
        }
        guard supplySnapshot < supplyCap, !totalLocked.isZero, !lockedValue.isZero else { return .zero }
        let bonus = TokenAmount(min(lockedPeriods, rewardedPeriods))
        let effective = try bonus.adding(lockedPeriodsCoefficient)
        let denominator = try totalLocked.multiplied(by: miningCoefficient)
        let capped = try supplyCap.multiplied(by: lockedValue).multiplied(by: effective).divided(by: denominator)
        let issued = try supplySnapshot.multiplied(by: lockedValue).multiplied(by: effective).divided(by: denominator)
        var reward = try capped.subtracting(issued)
        // June 2018: "rounding the last reward" — a stake never earns nothing while supply remains.
        if reward.isZero { reward = 1 }
        currentSupply = try currentSupply.adding(reward)
        return reward
    }

    /// Returns slashed tokens to the unissued pool: both supply figures fall by `amount`
    /// (SOL‑DEC's `unMint`).
    mutating func unmint(_ amount: TokenAmount) {
        currentSupply = currentSupply.saturatingSubtracting(amount)
        supplySnapshot = supplySnapshot.saturatingSubtracting(amount)
    }
}
