/// The values a node holds, as the reference's `ForgetfulStorage`: newest write wins, entries
/// older than the time-to-live vanish on read, and republishing picks the ones not written lately.
///
/// Unlike the reference it is bounded: past `capacity` keys the least recently written is dropped.
public struct KademliaStore: Sendable {
    private struct Entry: Sendable {
        var written: Double
        var sequence: UInt64
        var value: DHTValue
    }

    /// How long a value lives without being written again (7 days in the reference).
    public let timeToLive: Double
    /// The most keys held at once.
    public let capacity: Int
    private var entries: [[UInt8]: Entry] = [:]
    // Breaks ties between writes at the same clock reading, keeping write order exact.
    private var nextSequence: UInt64 = 0

    /// Creates an empty store.
    public init(timeToLive: Double = 604_800, capacity: Int = 65_536) {
        self.timeToLive = timeToLive
        self.capacity = capacity
    }

    /// The number of keys held, expired or not.
    public var count: Int { entries.count }

    /// Stores `value` under `key`, resetting its write time.
    public mutating func set(_ value: DHTValue, for key: [UInt8], now: Double) {
        entries[key] = Entry(written: now, sequence: nextSequence, value: value)
        nextSequence += 1
        if entries.count > capacity, let oldest = entries.min(by: { Self.earlier($0.value, $1.value) }) {
            entries[oldest.key] = nil
        }
    }

    /// The value under `key`, after dropping expired entries.
    public mutating func value(for key: [UInt8], now: Double) -> DHTValue? {
        cull(now: now)
        return entries[key]?.value
    }

    /// Every live entry, least recently written first.
    public mutating func items(now: Double) -> [(key: [UInt8], value: DHTValue)] {
        cull(now: now)
        return entries.sorted { Self.earlier($0.value, $1.value) }.map { ($0.key, $0.value.value) }
    }

    /// Live entries last written more than `age` seconds ago, least recently written first.
    public mutating func items(olderThan age: Double, now: Double) -> [(key: [UInt8], value: DHTValue)] {
        cull(now: now)
        return entries.filter { $0.value.written < now - age }
            .sorted { Self.earlier($0.value, $1.value) }.map { ($0.key, $0.value.value) }
    }

    private mutating func cull(now: Double) {
        entries = entries.filter { $0.value.written >= now - timeToLive }
    }

    private static func earlier(_ a: Entry, _ b: Entry) -> Bool {
        (a.written, a.sequence) < (b.written, b.sequence)
    }
}
