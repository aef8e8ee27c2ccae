import Synchronization

/// A ``KademliaClock`` that only moves when told to, shared by every node in a simulation.
public final class ManualKademliaClock: KademliaClock {
    private let seconds: Mutex<Double>

    /// Creates a clock reading `start` seconds.
    public init(start: Double = 0) {
        seconds = Mutex(start)
    }

    /// The current reading.
    public func now() -> Double {
        seconds.withLock { $0 }
    }

    /// Moves the clock forward by `interval` seconds (negative intervals are ignored).
    public func advance(by interval: Double) {
        seconds.withLock { $0 += max(0, interval) }
    }
}
