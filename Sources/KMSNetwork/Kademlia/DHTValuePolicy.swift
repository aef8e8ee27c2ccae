/// Which values a node agrees to keep: the hook that lets an Ursula's DHT hold only signed node
/// metadata and treasure maps.
///
/// A `store` whose value the policy refuses is answered `false` and changes nothing, which is
/// how the 2018 nkms nodes refused unsigned values; Python kademlia callers treat `false` as
/// "not stored here" and carry on. The same check guards a node's own copy when it publishes.
public struct DHTValuePolicy: Sendable {
    private let check: @Sendable (DHTValue, DHTKey) -> Bool

    /// A policy that keeps `value` under `key` only when `check` returns true.
    ///
    /// The check runs inside the node's actor for every incoming `store`, so it should be quick
    /// and must not block (a signature check is fine; network I/O is not).
    public init(_ check: @escaping @Sendable (_ value: DHTValue, _ key: DHTKey) -> Bool) {
        self.check = check
    }

    /// Keeps every value, as stock kademlia 2.2.3 does.
    public static let acceptAll = DHTValuePolicy { _, _ in true }

    /// Whether the policy keeps `value` under `key`.
    public func accepts(_ value: DHTValue, _ key: DHTKey) -> Bool {
        check(value, key)
    }
}
