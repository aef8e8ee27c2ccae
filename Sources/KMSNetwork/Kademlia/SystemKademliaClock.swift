import Foundation

/// The process's monotonic clock, for nodes running on a real network.
public struct SystemKademliaClock: KademliaClock {
    /// Creates the clock.
    public init() {}

    /// Seconds of system uptime, which only moves forward.
    public func now() -> Double {
        ProcessInfo.processInfo.systemUptime
    }
}
