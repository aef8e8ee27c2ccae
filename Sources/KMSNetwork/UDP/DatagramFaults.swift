/// Fault injection for tests: what a bad network does to the datagrams arriving at one node,
/// applied before they are read. ``none`` on a real node.
///
/// Delays are drawn independently for each datagram, uniformly up to ``maxDelay``, so a later
/// datagram often overtakes an earlier one: delay is also reordering.
public struct DatagramFaults: Hashable, Sendable {
    /// The probability that an arriving datagram is discarded unread.
    public var lossRate: Double
    /// The probability that a datagram that was not lost is read twice.
    public var duplicationRate: Double
    /// The longest a datagram is held before it is read.
    public var maxDelay: Duration

    /// A perfect network.
    public static let none = DatagramFaults()

    /// Faults with the given rates (clamped to 0...1) and delay bound.
    public init(lossRate: Double = 0, duplicationRate: Double = 0, maxDelay: Duration = .zero) {
        self.lossRate = min(max(lossRate, 0), 1)
        self.duplicationRate = min(max(duplicationRate, 0), 1)
        self.maxDelay = max(maxDelay, .zero)
    }

    var isNone: Bool { lossRate == 0 && duplicationRate == 0 && maxDelay == .zero }

    /// How one arriving datagram fares: the delay of each copy that is read, none when it is lost.
    ///
    /// - Parameter rng: The source of the draws.
    /// - Returns: No delay (lost), one, or two (duplicated).
    public func fate(using rng: inout some RandomNumberGenerator) -> [Duration] {
        if lossRate > 0, Double.random(in: 0..<1, using: &rng) < lossRate { return [] }
        let copies = duplicationRate > 0 && Double.random(in: 0..<1, using: &rng) < duplicationRate ? 2 : 1
        let bound = maxDelay.components.seconds * 1_000_000_000 + maxDelay.components.attoseconds / 1_000_000_000
        return (0..<copies).map { _ in bound > 0 ? .nanoseconds(Int64.random(in: 0...bound, using: &rng)) : .zero }
    }
}
