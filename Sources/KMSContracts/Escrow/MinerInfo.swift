/// Everything the escrow keeps about one miner.
public struct MinerInfo: Hashable, Sendable, Codable {
    /// The miner's tokens in the escrow: deposits plus rewards less withdrawals and penalties.
    public internal(set) var value: TokenAmount
    /// Confirmed periods not yet minted, ascending; at most two (the current and the next),
    /// because confirming and locking mint first.
    public internal(set) var confirmedPeriods: [UInt64]
    /// The latest period the miner confirmed (or the deposit period before any confirmation).
    public internal(set) var lastActivePeriod: UInt64
    /// The gaps in the miner's activity, oldest first.
    public internal(set) var downtime: [Downtime]
    /// The sub-stakes, in the order they were made.
    public internal(set) var stakes: [Stake]
    /// Keys the miner published (the Feb 2018 `publishDHTKey` registry); the adjudicator reads
    /// Umbral verifying keys here.
    public internal(set) var nodeKeys: [[UInt8]]

    /// A miner with nothing yet, last active at `period`.
    init(lastActivePeriod: UInt64) {
        value = .zero
        confirmedPeriods = []
        self.lastActivePeriod = lastActivePeriod
        downtime = []
        stakes = []
        nodeKeys = []
    }

    /// Whether `period` is confirmed and not yet minted.
    public func hasConfirmed(_ period: UInt64) -> Bool {
        confirmedPeriods.contains(period)
    }

    /// The tokens locked in `period`, seen from `currentPeriod`: the sum of the stakes with
    /// `firstPeriod ≤ period ≤ lastPeriod`.
    ///
    /// - Parameters:
    ///   - period: The period asked about.
    ///   - currentPeriod: The chain's period.
    /// - Returns: The locked amount.
    public func lockedTokens(in period: UInt64, currentPeriod: UInt64) -> TokenAmount {
        let nextConfirmed = hasConfirmed(currentPeriod + 1)
        var sum = TokenAmount.zero
        for stake in stakes where stake.firstPeriod <= period {
            guard stake.lastPeriod(currentPeriod: currentPeriod, nextConfirmed: nextConfirmed) >= period else { continue }
            // Bounded by the escrow's own token balance, far below 2^256.
            sum = sum.saturatingAdding(stake.lockedValue)
        }
        return sum
    }
}
