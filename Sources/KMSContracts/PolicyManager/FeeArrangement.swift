public import KMSPolicy

/// One node's share of a ``FeePolicy``: which node, how far its downtime has been read, and up
/// to which period the client has been refunded.
public struct FeeArrangement: Hashable, Sendable, Codable {
    /// The node (miner) paid by this arrangement.
    public let node: Address
    /// The index of the node's first downtime record not yet fully counted for refunds.
    public internal(set) var indexOfDowntimePeriods: Int
    /// The first period not yet refunded or settled; 0 before the first refund.
    public internal(set) var lastRefundedPeriod: UInt64
    /// Whether the arrangement still runs: `false` once fully refunded or revoked (the
    /// contract zeroes the node address).
    public internal(set) var isActive: Bool

    init(node: Address, indexOfDowntimePeriods: Int) {
        self.node = node
        self.indexOfDowntimePeriods = indexOfDowntimePeriods
        lastRefundedPeriod = 0
        isActive = true
    }
}
