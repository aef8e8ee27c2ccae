/// One sub-stake: tokens locked from ``firstPeriod`` for a number of *confirmed* periods.
///
/// June 2018 semantics: a stake runs down only while its miner confirms activity. Each
/// confirmation of a period the stake covers uses up one of ``remainingPeriods``; the confirmation
/// that uses the last one fixes ``lastPeriod``. Until then the stake ends
/// ``remainingPeriods`` after the miner's latest confirmed period (the next period if it is
/// confirmed, otherwise the current one), so an idle miner's tokens stay locked.
public struct Stake: Hashable, Sendable, Codable {
    /// The first period the tokens are locked in (the period after the lock).
    public let firstPeriod: UInt64
    /// The last locked period, once every period has been confirmed; `nil` while running.
    public internal(set) var lastPeriod: UInt64?
    /// How many more confirmations the stake needs before it ends.
    public internal(set) var remainingPeriods: UInt64
    /// The locked amount.
    public internal(set) var lockedValue: TokenAmount

    /// A stake from its parts.
    ///
    /// - Parameters:
    ///   - firstPeriod: The first locked period.
    ///   - lastPeriod: The fixed last period, or `nil` while it runs.
    ///   - remainingPeriods: Confirmations still needed.
    ///   - lockedValue: The locked amount.
    public init(firstPeriod: UInt64, lastPeriod: UInt64?, remainingPeriods: UInt64, lockedValue: TokenAmount) {
        self.firstPeriod = firstPeriod
        self.lastPeriod = lastPeriod
        self.remainingPeriods = remainingPeriods
        self.lockedValue = lockedValue
    }

    /// The last locked period as seen at `currentPeriod`.
    ///
    /// - Parameters:
    ///   - currentPeriod: The chain's period.
    ///   - nextConfirmed: Whether the miner has confirmed the next period.
    /// - Returns: ``lastPeriod`` if fixed; otherwise the latest confirmed period plus
    ///   ``remainingPeriods``.
    public func lastPeriod(currentPeriod: UInt64, nextConfirmed: Bool) -> UInt64 {
        if let lastPeriod { return lastPeriod }
        return (nextConfirmed ? currentPeriod + 1 : currentPeriod) + remainingPeriods
    }
}
