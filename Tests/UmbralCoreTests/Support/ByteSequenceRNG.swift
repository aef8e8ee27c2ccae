/// Replays fixed bytes as a `RandomNumberGenerator`, to reproduce known-answer vectors.
///
/// Each `next()` packs the next 8 bytes little-endian, the inverse of `umbralRandomBytes`, which
/// unpacks words little-endian. A call `umbralRandomBytes(n)` therefore consumes ⌈n/8⌉·8 bytes and
/// returns the first n of them; ``init(values:)`` pads each value to a multiple of 8 so a list
/// of expected draws replays exactly. Running out of bytes traps with a message: a test that
/// draws more randomness than its vector provides is wrong.
struct ByteSequenceRNG: RandomNumberGenerator {
    private let bytes: [UInt8]
    private(set) var offset = 0

    /// Replays `values` in order, one `umbralRandomBytes(value.count)` call each.
    init(values: [[UInt8]]) {
        var bytes: [UInt8] = []
        for value in values {
            bytes += value
            bytes += [UInt8](repeating: 0, count: (8 - value.count % 8) % 8)
        }
        self.bytes = bytes
    }

    /// Replays `bytes` as one draw (zero-padded to a whole word).
    init(bytes: [UInt8]) {
        self.init(values: [bytes])
    }

    /// The number of bytes not yet replayed.
    var remainingByteCount: Int { bytes.count - offset }

    mutating func next() -> UInt64 {
        precondition(
            offset + 8 <= bytes.count,
            "ByteSequenceRNG exhausted: \(bytes.count) bytes given, \(offset) already replayed, 8 more requested")
        var word: UInt64 = 0
        for index in (0..<8).reversed() {
            word = word << 8 | UInt64(bytes[offset + index])
        }
        offset += 8
        return word
    }
}
