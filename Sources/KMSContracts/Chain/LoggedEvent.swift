/// An event with the time and period of the transaction that emitted it.
public struct LoggedEvent: Hashable, Sendable, Codable {
    /// The position in the log, from 0.
    public let index: Int
    /// The chain time, in seconds.
    public let time: UInt64
    /// The period of ``time``.
    public let period: UInt64
    /// What happened.
    public let event: ChainEvent
}
