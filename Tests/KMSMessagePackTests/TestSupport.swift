import KMSMessagePack

/// SplitMix64: a tiny, seedable generator so every fuzz run sees the same inputs.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Parses "93 c4 21" style hex (spaces optional) into bytes.
func hex(_ text: String) -> [UInt8] {
    let digits = text.filter { !$0.isWhitespace }
    precondition(digits.count % 2 == 0, "odd number of hex digits in \(text)")
    var bytes: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        guard let byte = UInt8(digits[index..<next], radix: 16) else {
            preconditionFailure("bad hex in \(text)")
        }
        bytes.append(byte)
        index = next
    }
    return bytes
}

/// Lower-case hex with a space between bytes, for readable failure messages.
func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: " ")
}

/// The error `body` throws, or nil if it returns normally.
func decodingError(_ body: () throws(MessagePackError) -> Void) -> MessagePackError? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}

/// Builds random valid value trees for round-trip and mutation fuzzing.
struct RandomValueGenerator {
    var rng: SplitMix64

    mutating func value(depth: Int = 0) -> MessagePackValue {
        let choice = Int.random(in: 0..<(depth >= 4 ? 9 : 11), using: &rng)
        switch choice {
        case 0: return .nil
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .uint(interestingUInt())
        case 3: return .integer(-Int64(clamping: interestingUInt()) - 1)
        case 4: return .float32(Float(bitPattern: UInt32.random(in: .min ... .max, using: &rng)))
        case 5: return .float64(Double(bitPattern: UInt64.random(in: .min ... .max, using: &rng)))
        case 6: return .string(randomString())
        case 7: return .binary(randomBytes(maxCount: 300))
        case 8: return .extension(type: Int8.random(in: .min ... .max, using: &rng), data: randomBytes(maxCount: 40))
        case 9:
            let count = Int.random(in: 0...20, using: &rng)
            return .array((0..<count).map { _ in value(depth: depth + 1) })
        default:
            let count = Int.random(in: 0...20, using: &rng)
            var entries: [MessagePackMapEntry] = []
            var keys: Set<MessagePackValue> = []
            for _ in 0..<count {
                let key = value(depth: depth + 1)
                guard keys.insert(key).inserted else { continue }
                entries.append(MessagePackMapEntry(key: key, value: value(depth: depth + 1)))
            }
            return .map(entries)
        }
    }

    /// Integers clustered around the format boundaries, where encoders go wrong.
    mutating func interestingUInt() -> UInt64 {
        let bits = [0, 5, 7, 8, 15, 16, 31, 32, 63, 64][Int.random(in: 0..<10, using: &rng)]
        let base: UInt64 = bits >= 64 ? .max : (1 << UInt64(bits))
        let jitter = UInt64.random(in: 0...2, using: &rng)
        return Bool.random(using: &rng) ? base &- jitter : base &+ jitter
    }

    mutating func randomBytes(maxCount: Int) -> [UInt8] {
        let count = Int.random(in: 0...maxCount, using: &rng)
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
    }

    mutating func randomString() -> String {
        let pool: [Character] = ["a", "Z", "0", " ", "é", "ß", "€", "日", "🙂", "\u{0}", "e\u{301}"]
        let count = Int.random(in: 0...40, using: &rng)
        return String((0..<count).map { _ in pool[Int.random(in: 0..<pool.count, using: &rng)] })
    }
}
