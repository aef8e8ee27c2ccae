/// A monotonic clock in seconds, injected so tests can move time instead of waiting.
///
/// Bucket staleness (3600 s), republishing (3600 s) and expiry (7 days) are all measured on it.
public protocol KademliaClock: Sendable {
    /// Seconds since an arbitrary fixed origin; never decreases.
    func now() -> Double
}
