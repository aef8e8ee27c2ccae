/// A moment in wall-clock time: whole seconds since the Unix epoch (1970-01-01T00:00:00Z).
///
/// Policies expire at a `UnixTime`: Alice picks it when she grants Bob access, the
/// ``PolicyLedger`` records it, and every Ursula compares it with her ``PolicyClock`` before she
/// re-encrypts anything. Whole seconds are what the NuCypher contracts and node metadata count.
public struct UnixTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since the Unix epoch; negative values are before 1970.
    public let secondsSinceEpoch: Int64

    /// The moment `secondsSinceEpoch` seconds after the Unix epoch.
    ///
    /// - Parameter secondsSinceEpoch: Seconds since 1970-01-01T00:00:00Z.
    public init(secondsSinceEpoch: Int64) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    /// The moment `seconds` later (earlier, if negative) than this one.
    ///
    /// - Parameter seconds: How far to move, in seconds.
    /// - Returns: The shifted moment.
    public func adding(seconds: Int64) -> UnixTime {
        UnixTime(secondsSinceEpoch: secondsSinceEpoch + seconds)
    }

    /// The moment `days` whole days (of 86 400 seconds) later than this one, as Alice writes
    /// "expires in 30 days".
    ///
    /// - Parameter days: How many days to move forward (backward, if negative).
    /// - Returns: The shifted moment.
    public func adding(days: Int64) -> UnixTime {
        adding(seconds: days * 86_400)
    }

    /// Earlier moments order first.
    public static func < (lhs: UnixTime, rhs: UnixTime) -> Bool {
        lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
    }

    /// `@` followed by the seconds since the epoch, as `date +%s` prints them.
    public var description: String {
        "@\(secondsSinceEpoch)"
    }
}
