/// Reads canonical MessagePack from a byte array, one item at a time.
///
/// Objects deserialize themselves field by field through this reader
/// (`try reader.readArrayHeader(count: 3, field: "Capsule")`, then each field), so no
/// intermediate value tree is built. Every read enforces the same rules as
/// ``MessagePack/decode(_:options:)``: shortest forms only, no reserved byte, valid
/// UTF-8, and declared lengths checked against the remaining input before anything is
/// allocated.
///
/// A read either succeeds and advances ``offset`` past the item, or throws and leaves
/// ``offset`` where it was. The `field` arguments only label errors.
public struct MessagePackReader: Sendable {
    /// The complete input; ``offset`` and error offsets index into it.
    public let input: [UInt8]

    /// The position of the next unread byte.
    public private(set) var offset: Int

    /// The limits applied by ``readValue()`` and to container headers.
    public var options: MessagePack.DecodingOptions

    /// Creates a reader positioned at the start of `input`.
    public init(_ input: [UInt8], options: MessagePack.DecodingOptions = MessagePack.DecodingOptions()) {
        self.input = input
        self.offset = 0
        self.options = options
    }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { offset == input.count }

    /// How many bytes are left to read.
    public var remainingCount: Int { input.count - offset }

    /// Throws ``MessagePackError/trailingBytes(offset:count:)`` unless the whole input has been read.
    public func finish() throws(MessagePackError) {
        guard isAtEnd else { throw .trailingBytes(offset: offset, count: remainingCount) }
    }

    /// The kind of the next value, judged from its first byte alone; nothing is consumed.
    public func peekType() throws(MessagePackError) -> MessagePackType {
        let b = try byte(at: offset, reading: "type byte")
        switch b {
        case 0x00...0x7f, 0xcc...0xd3, 0xe0...0xff: return .integer
        case 0x80...0x8f, 0xde, 0xdf: return .map
        case 0x90...0x9f, 0xdc, 0xdd: return .array
        case 0xa0...0xbf, 0xd9...0xdb: return .string
        case 0xc0: return .nil
        case 0xc2, 0xc3: return .bool
        case 0xc4...0xc6: return .binary
        case 0xc7...0xc9, 0xd4...0xd8: return .extension
        case 0xca: return .float32
        case 0xcb: return .float64
        default: throw .reservedByte(offset: offset)  // only 0xc1 is left
        }
    }

    // MARK: Scalars

    /// Reads nil.
    public mutating func readNil(field: String = "value") throws(MessagePackError) {
        let (head, end) = try head(at: offset)
        guard case .nil = head else { throw mismatch(field, .nil, head) }
        offset = end
    }

    /// Consumes a nil if one is next and reports whether it did (rmp-serde writes `None` as nil).
    public mutating func readNilIfPresent() -> Bool {
        guard offset < input.count, input[offset] == 0xc0 else { return false }
        offset += 1
        return true
    }

    /// Reads a boolean.
    public mutating func readBool(field: String = "value") throws(MessagePackError) -> Bool {
        let (head, end) = try head(at: offset)
        guard case let .bool(b) = head else { throw mismatch(field, .bool, head) }
        offset = end
        return b
    }

    /// Reads a non-negative integer.
    public mutating func readUInt(field: String = "value") throws(MessagePackError) -> UInt64 {
        try readInteger(as: UInt64.self, field: field)
    }

    /// Reads an integer that fits in `Int64`.
    public mutating func readInt(field: String = "value") throws(MessagePackError) -> Int64 {
        try readInteger(as: Int64.self, field: field)
    }

    /// Reads an integer and converts it exactly to `T`, throwing
    /// ``MessagePackError/integerOutOfRange(field:type:value:)`` if it does not fit.
    public mutating func readInteger<T: FixedWidthInteger>(
        as _: T.Type = T.self,
        field: String = "value"
    ) throws(MessagePackError) -> T {
        let (head, end) = try head(at: offset)
        let result: T
        switch head {
        case let .uint(u):
            guard let v = T(exactly: u) else {
                throw .integerOutOfRange(field: field, type: "\(T.self)", value: String(u))
            }
            result = v
        case let .int(i):
            guard let v = T(exactly: i) else {
                throw .integerOutOfRange(field: field, type: "\(T.self)", value: String(i))
            }
            result = v
        default:
            throw mismatch(field, .integer, head)
        }
        offset = end
        return result
    }

    /// Reads a single-precision float (a float64 is a type mismatch).
    public mutating func readFloat32(field: String = "value") throws(MessagePackError) -> Float {
        let (head, end) = try head(at: offset)
        guard case let .float32(f) = head else { throw mismatch(field, .float32, head) }
        offset = end
        return f
    }

    /// Reads a double-precision float (a float32 is a type mismatch).
    public mutating func readFloat64(field: String = "value") throws(MessagePackError) -> Double {
        let (head, end) = try head(at: offset)
        guard case let .float64(d) = head else { throw mismatch(field, .float64, head) }
        offset = end
        return d
    }

    // MARK: Byte strings and text

    /// Reads a UTF-8 string.
    public mutating func readString(field: String = "value") throws(MessagePackError) -> String {
        let start = offset
        let (head, end) = try head(at: start)
        guard case let .string(count) = head else { throw mismatch(field, .string, head) }
        let string = try decodeUTF8(input[end..<end + count], headerOffset: start)
        offset = end + count
        return string
    }

    /// Reads a byte string.
    public mutating func readBinary(field: String = "value") throws(MessagePackError) -> [UInt8] {
        let (head, end) = try head(at: offset)
        guard case let .binary(count) = head else { throw mismatch(field, .binary, head) }
        offset = end + count
        return Array(input[end..<end + count])
    }

    /// Reads a byte string that must be exactly `count` bytes long.
    public mutating func readBinary(count expected: Int, field: String = "value") throws(MessagePackError) -> [UInt8] {
        let (head, end) = try head(at: offset)
        guard case let .binary(count) = head else { throw mismatch(field, .binary, head) }
        guard count == expected else {
            throw .wrongByteCount(field: field, expected: expected, found: count)
        }
        offset = end + count
        return Array(input[end..<end + count])
    }

    /// Reads an extension value.
    public mutating func readExtension(field: String = "value") throws(MessagePackError) -> (type: Int8, data: [UInt8]) {
        let (head, end) = try head(at: offset)
        guard case let .extension(type, count) = head else { throw mismatch(field, .extension, head) }
        offset = end + count
        return (type, Array(input[end..<end + count]))
    }

    // MARK: Containers

    /// Reads an array header and returns its element count; the caller reads the elements.
    ///
    /// The count is already checked against the remaining input and
    /// ``MessagePack/DecodingOptions/maxContainerCount``, so it is safe to reserve.
    public mutating func readArrayHeader(field: String = "value") throws(MessagePackError) -> Int {
        let (head, end) = try head(at: offset)
        guard case let .array(count) = head else { throw mismatch(field, .array, head) }
        offset = end
        return count
    }

    /// Reads an array header that must announce exactly `count` elements (a struct's fields).
    public mutating func readArrayHeader(count expected: Int, field: String = "value") throws(MessagePackError) {
        let (head, end) = try head(at: offset)
        guard case let .array(count) = head else { throw mismatch(field, .array, head) }
        guard count == expected else { throw .wrongArity(field: field, expected: expected, found: count) }
        offset = end
    }

    /// Reads a map header and returns its entry count; the caller reads the keys and
    /// values and is responsible for rejecting duplicate keys.
    public mutating func readMapHeader(field: String = "value") throws(MessagePackError) -> Int {
        let (head, end) = try head(at: offset)
        guard case let .map(count) = head else { throw mismatch(field, .map, head) }
        offset = end
        return count
    }

    // MARK: Whole values

    /// Reads the next complete value, with nesting limited by
    /// ``MessagePack/DecodingOptions/maxDepth`` counted from this value, and duplicate map keys rejected.
    public mutating func readValue() throws(MessagePackError) -> MessagePackValue {
        var position = offset
        let value = try value(at: &position, depth: 0, maxDepth: options.effectiveMaxDepth)
        offset = position
        return value
    }

    /// Validates the next complete value exactly as ``readValue()`` does and returns its
    /// encoded bytes unchanged (for signing or forwarding an embedded object verbatim).
    public mutating func readEncodedValue() throws(MessagePackError) -> [UInt8] {
        let start = offset
        _ = try readValue()
        return Array(input[start..<offset])
    }

    // MARK: - Decoding core

    /// A value's header: everything but the payload or elements that follow it.
    /// Lengths and counts have already been checked against the remaining input.
    private enum Head {
        case `nil`
        case bool(Bool)
        case uint(UInt64)
        case int(Int64)
        case float32(Float)
        case float64(Double)
        case string(Int)
        case binary(Int)
        case array(Int)
        case map(Int)
        case `extension`(Int8, Int)

        var type: MessagePackType {
            switch self {
            case .nil: .nil
            case .bool: .bool
            case .uint, .int: .integer
            case .float32: .float32
            case .float64: .float64
            case .string: .string
            case .binary: .binary
            case .array: .array
            case .map: .map
            case .extension: .extension
            }
        }
    }

    private func mismatch(_ field: String, _ expected: MessagePackType, _ head: Head) -> MessagePackError {
        .typeMismatch(field: field, expected: expected, found: head.type)
    }

    private func byte(at position: Int, reading: String) throws(MessagePackError) -> UInt8 {
        guard position < input.count else { throw .truncated(reading: reading, offset: position) }
        return input[position]
    }

    /// A big-endian unsigned integer of `width` bytes (1...8) at `position`.
    private func bigEndian(at position: Int, width: Int, reading: String) throws(MessagePackError) -> UInt64 {
        // position never exceeds input.count, so the subtraction cannot underflow.
        guard width <= input.count - position else { throw .truncated(reading: reading, offset: position) }
        var value: UInt64 = 0
        for index in position..<position + width {
            value = value << 8 | UInt64(input[index])
        }
        return value
    }

    /// Parses the header at `start`, enforcing canonical form and length bounds, and
    /// returns it with the offset just past it.
    private func head(at start: Int) throws(MessagePackError) -> (Head, Int) {
        let format = try byte(at: start, reading: "type byte")
        let next = start + 1
        switch format {
        case 0x00...0x7f:
            return (.uint(UInt64(format)), next)
        case 0x80...0x8f:
            return (.map(try containerCount(.map, UInt64(format & 0x0f), start: start, end: next)), next)
        case 0x90...0x9f:
            return (.array(try containerCount(.array, UInt64(format & 0x0f), start: start, end: next)), next)
        case 0xa0...0xbf:
            return (.string(try payloadLength(.string, UInt64(format & 0x1f), start: start, end: next)), next)
        case 0xc0:
            return (.nil, next)
        case 0xc1:
            throw .reservedByte(offset: start)
        case 0xc2, 0xc3:
            return (.bool(format == 0xc3), next)

        case 0xc4...0xc6:  // bin8, bin16, bin32
            let width = 1 << Int(format - 0xc4)
            let length = try bigEndian(at: next, width: width, reading: "binary length")
            try requireShortest(.binary, length, atLeast: smallestLength(.binary, width: width), start: start)
            let end = next + width
            return (.binary(try payloadLength(.binary, length, start: start, end: end)), end)

        case 0xc7...0xc9:  // ext8, ext16, ext32: length, then type, then payload
            let width = 1 << Int(format - 0xc7)
            let length = try bigEndian(at: next, width: width, reading: "extension length")
            switch (format, length) {
            case (0xc7, 1), (0xc7, 2), (0xc7, 4), (0xc7, 8), (0xc7, 16):  // fixext exists for these
                throw .nonCanonicalLength(.extension, length: Int(length), offset: start)
            default:
                try requireShortest(.extension, length, atLeast: smallestLength(.extension, width: width), start: start)
            }
            let type = Int8(bitPattern: try byte(at: next + width, reading: "extension type"))
            let end = next + width + 1
            return (.extension(type, try payloadLength(.extension, length, start: start, end: end)), end)

        case 0xca:
            let bits = try bigEndian(at: next, width: 4, reading: "float32 value")
            return (.float32(Float(bitPattern: UInt32(truncatingIfNeeded: bits))), next + 4)
        case 0xcb:
            let bits = try bigEndian(at: next, width: 8, reading: "float64 value")
            return (.float64(Double(bitPattern: bits)), next + 8)

        case 0xcc...0xcf:  // uint8 ... uint64
            let index = Int(format - 0xcc)
            let width = 1 << index
            let value = try bigEndian(at: next, width: width, reading: "unsigned integer value")
            // Each format must hold a value the next narrower one cannot (uint8: above fixint).
            let smallest: UInt64 = index == 0 ? 0x80 : 1 << UInt64(8 * (width / 2))
            guard value >= smallest else { throw .nonCanonicalInteger(format: format, offset: start) }
            return (.uint(value), next + width)

        case 0xd0...0xd3:  // int8 ... int64
            let index = Int(format - 0xd0)
            let width = 1 << index
            let raw = try bigEndian(at: next, width: width, reading: "signed integer value")
            let unusedBits = UInt64(64 - 8 * width)
            let value = Int64(bitPattern: raw << unusedBits) >> unusedBits  // sign-extend
            guard value < 0 else { throw .nonNegativeSignedInteger(format: format, offset: start) }
            // Each format must hold a value the next narrower one cannot (int8: below fixint).
            let largest: Int64 = index == 0 ? -33 : -(1 << Int64(8 * (width / 2) - 1)) - 1
            guard value <= largest else { throw .nonCanonicalInteger(format: format, offset: start) }
            return (.int(value), next + width)

        case 0xd4...0xd8:  // fixext 1, 2, 4, 8, 16
            let length = UInt64(1) << UInt64(format - 0xd4)
            let type = Int8(bitPattern: try byte(at: next, reading: "extension type"))
            let end = next + 1
            return (.extension(type, try payloadLength(.extension, length, start: start, end: end)), end)

        case 0xd9...0xdb:  // str8, str16, str32
            let index = Int(format - 0xd9)
            let width = 1 << index
            let length = try bigEndian(at: next, width: width, reading: "string length")
            try requireShortest(.string, length, atLeast: smallestLength(.string, width: width), start: start)
            let end = next + width
            return (.string(try payloadLength(.string, length, start: start, end: end)), end)

        case 0xdc, 0xdd:  // array16, array32
            let width = format == 0xdc ? 2 : 4
            let count = try bigEndian(at: next, width: width, reading: "array count")
            try requireShortest(.array, count, atLeast: smallestLength(.array, width: width), start: start)
            let end = next + width
            return (.array(try containerCount(.array, count, start: start, end: end)), end)

        case 0xde, 0xdf:  // map16, map32
            let width = format == 0xde ? 2 : 4
            let count = try bigEndian(at: next, width: width, reading: "map count")
            try requireShortest(.map, count, atLeast: smallestLength(.map, width: width), start: start)
            let end = next + width
            return (.map(try containerCount(.map, count, start: start, end: end)), end)

        default:  // 0xe0...0xff: negative fixint
            return (.int(Int64(Int8(bitPattern: format))), next)
        }
    }

    /// The smallest length a `width`-byte length field may carry: anything smaller fits
    /// a narrower form of the same type.
    private func smallestLength(_ type: MessagePackType, width: Int) -> UInt64 {
        switch (type, width) {
        case (.string, 1): 32  // fixstr holds up to 31
        case (_, 1): 0  // bin8 and ext8 are the narrowest forms (ext8's fixext sizes are checked apart)
        case (.array, 2), (.map, 2): 16  // fixarray/fixmap hold up to 15; there is no 8-bit form
        case (_, 2): 0x100
        default: 0x1_0000
        }
    }

    private func requireShortest(_ type: MessagePackType, _ length: UInt64, atLeast minimum: UInt64, start: Int) throws(MessagePackError) {
        // A too-short length is below 2^16, so the conversion to Int cannot trap.
        guard length >= minimum else { throw .nonCanonicalLength(type, length: Int(length), offset: start) }
    }

    /// Checks a byte length against the bytes after `end` before anyone allocates it.
    private func payloadLength(_ type: MessagePackType, _ length: UInt64, start: Int, end: Int) throws(MessagePackError) -> Int {
        let available = input.count - end
        guard length <= UInt64(available) else {
            throw .lengthExceedsInput(type, length: length, available: available, offset: start)
        }
        return Int(length)
    }

    /// Checks an element count: every array element needs at least one byte and every
    /// map entry two, so a count the input cannot hold is rejected before reserving.
    private func containerCount(_ type: MessagePackType, _ count: UInt64, start: Int, end: Int) throws(MessagePackError) -> Int {
        let available = input.count - end
        let minimumBytes = type == .map ? count * 2 : count  // count ≤ 2^32, no overflow
        guard minimumBytes <= UInt64(available) else {
            throw .lengthExceedsInput(type, length: count, available: available, offset: start)
        }
        let elements = Int(count)
        guard elements <= options.maxContainerCount else {
            throw .containerTooLarge(type, count: elements, limit: options.maxContainerCount, offset: start)
        }
        return elements
    }

    private func decodeUTF8(_ bytes: ArraySlice<UInt8>, headerOffset: Int) throws(MessagePackError) -> String {
        // String(decoding:) repairs invalid sequences with U+FFFD, so the bytes survive the
        // round trip exactly when they were valid UTF-8. (String(validating:) would need
        // macOS 15.)
        let string = String(decoding: bytes, as: UTF8.self)
        guard string.utf8.count == bytes.count, string.utf8.elementsEqual(bytes) else {
            throw .invalidUTF8(offset: headerOffset)
        }
        return string
    }

    /// Recursively decodes one value; recursion is bounded by `maxDepth` (at most
    /// ``MessagePack/DecodingOptions/maxDepthCeiling``), so hostile nesting cannot exhaust the stack.
    private func value(at position: inout Int, depth: Int, maxDepth: Int) throws(MessagePackError) -> MessagePackValue {
        let start = position
        let (head, end) = try head(at: start)
        switch head {
        case .nil:
            position = end
            return .nil
        case let .bool(b):
            position = end
            return .bool(b)
        case let .uint(u):
            position = end
            return .uint(u)
        case let .int(i):
            position = end
            return .int(i)
        case let .float32(f):
            position = end
            return .float32(f)
        case let .float64(d):
            position = end
            return .float64(d)
        case let .string(count):
            let string = try decodeUTF8(input[end..<end + count], headerOffset: start)
            position = end + count
            return .string(string)
        case let .binary(count):
            position = end + count
            return .binary(Array(input[end..<end + count]))
        case let .extension(type, count):
            position = end + count
            return .extension(type: type, data: Array(input[end..<end + count]))
        case let .array(count):
            guard depth < maxDepth else { throw .depthLimitExceeded(limit: maxDepth, offset: start) }
            position = end
            var elements: [MessagePackValue] = []
            elements.reserveCapacity(count)
            for _ in 0..<count {
                elements.append(try value(at: &position, depth: depth + 1, maxDepth: maxDepth))
            }
            return .array(elements)
        case let .map(count):
            guard depth < maxDepth else { throw .depthLimitExceeded(limit: maxDepth, offset: start) }
            position = end
            var entries: [MessagePackMapEntry] = []
            entries.reserveCapacity(count)
            // Small maps (struct-like) are checked by scanning; large ones by hashing.
            let useSet = count > 16
            var seen: Set<MessagePackValue> = []
            if useSet { seen.reserveCapacity(count) }
            for _ in 0..<count {
                let keyOffset = position
                let key = try value(at: &position, depth: depth + 1, maxDepth: maxDepth)
                let duplicate = useSet
                    ? !seen.insert(key).inserted
                    : entries.contains { $0.key == key }
                if duplicate { throw .duplicateMapKey(offset: keyOffset) }
                let item = try value(at: &position, depth: depth + 1, maxDepth: maxDepth)
                entries.append(MessagePackMapEntry(key: key, value: item))
            }
            return .map(entries)
        }
    }
}
