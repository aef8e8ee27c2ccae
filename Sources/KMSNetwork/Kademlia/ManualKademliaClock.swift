import NIOConcurrencyHelpers

/// A ``KademliaClock`` that only moves when told to, shared by every node in a simulation.
public final class ManualKademliaClock: KademliaClock {
    private let seconds: NIOLockedValueBox<Double>

    /// Creates a clock reading `start` seconds.
    public init(start: Double = 0) {
        seconds = NIOLockedValueBox(start)
    }

    /// The current reading.
    public func now() -> Double {
        seconds.withLockedValue { $0 }
    }

    /// Moves the clock forward by `interval` seconds (negative intervals are ignored).
    public func advance(by interval: Double) {
        seconds.withLockedValue { $0 += max(0, interval) }
    }
}
