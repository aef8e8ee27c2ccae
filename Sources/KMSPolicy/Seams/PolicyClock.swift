#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a character reads the current time: the seam that decides whether a policy has expired.
///
/// Ursula asks her clock before every re-encryption and refuses a policy whose expiration has
/// passed. Production code uses ``SystemPolicyClock``; tests and prototypes use
/// ``ManualPolicyClock`` and move time forward themselves, so "the policy expired" is a step in the
/// story rather than a wait.
public protocol PolicyClock: Sendable {
    /// The current wall-clock time.
    func now() async -> UnixTime
}

/// The operating system's wall clock (`CLOCK_REALTIME`), in whole seconds.
public struct SystemPolicyClock: PolicyClock {
    /// The system clock; it has no state.
    public init() {}

    /// The current wall-clock time, rounded down to the second.
    public func now() async -> UnixTime {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return UnixTime(secondsSinceEpoch: Int64(spec.tv_sec))
    }
}
