/// The largest request bodies Ursula's REST API reads, per route, checked before anything is
/// parsed: a larger `Content-Length` is refused at once, and a body that streams past the limit is
/// cut off as soon as it does.
public struct RESTBodyLimits: Hashable, Sendable {
    /// The limit for ``UrsulaRoute/reencrypt``: requests carry many capsules (105 bytes each).
    public var reencrypt: Int

    /// The limit for every other route that takes a body: one arrangement, revocation or
    /// metadata exchange is a few kilobytes.
    public var other: Int

    /// 1 MiB for re-encryption and 64 KiB for the rest.
    public static let standard = RESTBodyLimits(reencrypt: 1 << 20, other: 64 << 10)

    /// Limits of `reencrypt` bytes for ``UrsulaRoute/reencrypt`` and `other` bytes elsewhere;
    /// negative values count as 0.
    public init(reencrypt: Int, other: Int) {
        self.reencrypt = max(reencrypt, 0)
        self.other = max(other, 0)
    }

    /// The limit for `route`; routes without a body get 0.
    public func limit(for route: UrsulaRoute) -> Int {
        switch route {
        case .reencrypt: reencrypt
        case .nodeMetadata, .considerArrangement, .revoke: other
        case .publicInformation, .health, .status: 0
        }
    }
}
