/// Whole-value MessagePack encoding and strict decoding.
///
/// The encoder always produces the canonical form (every integer and length in its
/// shortest encoding, floats at their declared width), and the decoder accepts only
/// that form, so a message has exactly one encoding and re-encoding a decoded value
/// reproduces the input byte for byte. This is what umbral-pre's rmp-serde,
/// nucypher-core and u-msgpack-python produce.
public enum MessagePack {
    /// Limits that keep hostile input from exhausting the stack or memory.
    public struct DecodingOptions: Hashable, Sendable {
        /// The largest accepted ``maxDepth``; larger requests are lowered to it.
        ///
        /// Decoding, encoding, comparing and destroying value trees all recurse once per
        /// nesting level, so an unbounded depth could overflow a thread's stack.
        public static let maxDepthCeiling = 512

        /// The most arrays and maps that may enclose one another; a scalar at the top
        /// level has depth 0 and `[[1]]` has depth 2.
        public var maxDepth: Int

        /// The most elements one array (or entries one map) may declare.
        public var maxContainerCount: Int

        /// Creates options; `maxDepth` is clamped to `0...maxDepthCeiling` and
        /// `maxContainerCount` to at least 0.
        public init(maxDepth: Int = 64, maxContainerCount: Int = 1 << 20) {
            self.maxDepth = min(max(maxDepth, 0), Self.maxDepthCeiling)
            self.maxContainerCount = max(maxContainerCount, 0)
        }

        /// The limit actually enforced, even if ``maxDepth`` was later set out of range.
        var effectiveMaxDepth: Int { min(max(maxDepth, 0), Self.maxDepthCeiling) }
    }

    /// Decodes `bytes`, which must hold exactly one canonical value and nothing after it.
    public static func decode(
        _ bytes: [UInt8],
        options: DecodingOptions = DecodingOptions()
    ) throws(MessagePackError) -> MessagePackValue {
        var reader = MessagePackReader(bytes, options: options)
        let value = try reader.readValue()
        try reader.finish()
        return value
    }

    /// Decodes the canonical value at the start of `bytes` and reports how many bytes it
    /// used; whatever follows is left alone (for framed or concatenated messages).
    public static func decodePrefix(
        _ bytes: [UInt8],
        options: DecodingOptions = DecodingOptions()
    ) throws(MessagePackError) -> (value: MessagePackValue, consumed: Int) {
        var reader = MessagePackReader(bytes, options: options)
        let value = try reader.readValue()
        return (value, reader.offset)
    }

    /// The canonical encoding of `value`.
    ///
    /// Map entries are written in the order given; a map with two equal keys is
    /// written as is, and the strict decoder will reject it.
    public static func encode(_ value: MessagePackValue) -> [UInt8] {
        var writer = MessagePackWriter(reservingCapacity: encodedCount(of: value))
        writer.write(value)
        return writer.bytes
    }

    /// The exact size of `value`'s canonical encoding, so ``encode(_:)`` allocates once.
    static func encodedCount(of value: MessagePackValue) -> Int {
        switch value {
        case .nil, .bool:
            return 1
        case let .uint(u):
            return 1 + unsignedPayloadSize(u)
        case let .int(i):
            if i >= 0 { return 1 + unsignedPayloadSize(UInt64(i)) }
            if i >= -32 { return 1 }
            if i >= Int64(Int8.min) { return 2 }
            if i >= Int64(Int16.min) { return 3 }
            if i >= Int64(Int32.min) { return 5 }
            return 9
        case .float32:
            return 5
        case .float64:
            return 9
        case let .string(s):
            let n = s.utf8.count
            return lengthHeaderSize(n, fixedMax: 31, hasEightBit: true) + n
        case let .binary(b):
            return lengthHeaderSize(b.count, fixedMax: -1, hasEightBit: true) + b.count
        case let .array(elements):
            var total = lengthHeaderSize(elements.count, fixedMax: 15, hasEightBit: false)
            for element in elements { total += encodedCount(of: element) }
            return total
        case let .map(entries):
            var total = lengthHeaderSize(entries.count, fixedMax: 15, hasEightBit: false)
            for entry in entries {
                total += encodedCount(of: entry.key) + encodedCount(of: entry.value)
            }
            return total
        case let .extension(_, data):
            switch data.count {
            case 1, 2, 4, 8, 16: return 2 + data.count
            default: return lengthHeaderSize(data.count, fixedMax: -1, hasEightBit: true) + 1 + data.count
            }
        }
    }

    private static func unsignedPayloadSize(_ u: UInt64) -> Int {
        if u < 0x80 { return 0 }
        if u <= UInt64(UInt8.max) { return 1 }
        if u <= UInt64(UInt16.max) { return 2 }
        if u <= UInt64(UInt32.max) { return 4 }
        return 8
    }

    private static func lengthHeaderSize(_ n: Int, fixedMax: Int, hasEightBit: Bool) -> Int {
        if n <= fixedMax { return 1 }
        if hasEightBit && n <= Int(UInt8.max) { return 2 }
        if n <= Int(UInt16.max) { return 3 }
        return 5
    }
}
