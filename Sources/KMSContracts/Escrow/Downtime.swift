/// Periods in which a miner did not confirm activity, `startPeriod...endPeriod`.
///
/// The escrow records one when a miner confirms again after a gap; the policy manager refunds
/// clients for the periods it covers.
public struct Downtime: Hashable, Sendable, Codable {
    /// The first inactive period.
    public let startPeriod: UInt64
    /// The last inactive period.
    public let endPeriod: UInt64

    /// A downtime record.
    ///
    /// - Parameters:
    ///   - startPeriod: The first inactive period.
    ///   - endPeriod: The last inactive period.
    public init(startPeriod: UInt64, endPeriod: UInt64) {
        self.startPeriod = startPeriod
        self.endPeriod = endPeriod
    }
}
