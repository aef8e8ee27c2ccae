/// A clock that only moves when told to: the clock of tests and prototypes.
///
/// Give it to Ursulas (``MockNet`` does), grant a policy that expires in a day, then
/// ``advance(seconds:)`` past the expiration and watch every Ursula refuse it.
public actor ManualPolicyClock: PolicyClock {
    private var current: UnixTime

    /// A clock showing `start` until moved.
    ///
    /// - Parameter start: The time it shows first.
    public init(start: UnixTime) {
        self.current = start
    }

    /// The time the clock shows.
    public func now() -> UnixTime {
        current
    }

    /// Moves the clock forward (or back, if negative) by `seconds`.
    ///
    /// - Parameter seconds: How far to move it.
    public func advance(seconds: Int64) {
        current = current.adding(seconds: seconds)
    }

    /// Sets the clock to `time`.
    ///
    /// - Parameter time: The time it shows from now on.
    public func set(to time: UnixTime) {
        current = time
    }
}
