/// Everything that can go wrong while decoding MessagePack or reading a typed field from it.
///
/// Offsets are byte positions in the input that was handed to the decoder or reader.
/// Every case names the exact rule that was broken, so a rejected message can be
/// diagnosed from the error alone.
public enum MessagePackError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The input ended while `reading` (for example "uint16 value" or "str8 length")
    /// was being read at `offset`.
    case truncated(reading: String, offset: Int)

    /// The byte 0xc1, which the specification reserves and never assigns, occurs at `offset`.
    case reservedByte(offset: Int)

    /// The integer at `offset`, encoded with format byte `format`, has a shorter encoding.
    case nonCanonicalInteger(format: UInt8, offset: Int)

    /// A signed integer format (int8 ... int64, byte `format`) at `offset` holds a
    /// non-negative value; canonical encoders always write those in an unsigned format.
    case nonNegativeSignedInteger(format: UInt8, offset: Int)

    /// The string, binary, extension, array or map header at `offset` declares `length`
    /// in a wider form than needed.
    case nonCanonicalLength(MessagePackType, length: Int, offset: Int)

    /// The string whose header is at `offset` is not well-formed UTF-8.
    case invalidUTF8(offset: Int)

    /// The container at `offset` would nest deeper than `limit` containers.
    case depthLimitExceeded(limit: Int, offset: Int)

    /// The header at `offset` declares `length` bytes (or elements, each needing at least
    /// one byte) but only `available` bytes follow it. Checked before anything is allocated.
    case lengthExceedsInput(MessagePackType, length: UInt64, available: Int, offset: Int)

    /// The array or map at `offset` declares `count` elements, more than the configured `limit`.
    case containerTooLarge(MessagePackType, count: Int, limit: Int, offset: Int)

    /// The map key starting at `offset` equals (encodes to the same bytes as) an earlier key of the same map.
    case duplicateMapKey(offset: Int)

    /// `count` bytes remain after the complete value that ended at `offset`.
    case trailingBytes(offset: Int, count: Int)

    /// The value for `field` has type `found`, but `expected` was required.
    case typeMismatch(field: String, expected: MessagePackType, found: MessagePackType)

    /// The array for `field` has `found` elements, but exactly `expected` were required.
    case wrongArity(field: String, expected: Int, found: Int)

    /// The byte string for `field` has `found` bytes, but exactly `expected` were required.
    case wrongByteCount(field: String, expected: Int, found: Int)

    /// The integer for `field` (`value`, in decimal) does not fit in the Swift type named `type`.
    case integerOutOfRange(field: String, type: String, value: String)

    /// A one-line, human-readable explanation of the error.
    public var description: String {
        switch self {
        case let .truncated(reading, offset):
            return "MessagePack input ends at offset \(offset) while reading \(reading)"
        case let .reservedByte(offset):
            return "reserved MessagePack byte 0xc1 at offset \(offset)"
        case let .nonCanonicalInteger(format, offset):
            return "non-canonical integer at offset \(offset): \(formatName(format)) is longer than needed"
        case let .nonNegativeSignedInteger(format, offset):
            return "non-canonical integer at offset \(offset): \(formatName(format)) holds a non-negative value"
        case let .nonCanonicalLength(type, length, offset):
            return "non-canonical \(type) header at offset \(offset): length \(length) has a shorter form"
        case let .invalidUTF8(offset):
            return "string at offset \(offset) is not valid UTF-8"
        case let .depthLimitExceeded(limit, offset):
            return "container at offset \(offset) nests deeper than the limit of \(limit)"
        case let .lengthExceedsInput(type, length, available, offset):
            switch type {
            case .array, .map:
                let unit = type == .map ? "entries" : "elements"
                return "\(type) at offset \(offset) declares \(length) \(unit) but only \(available) bytes follow"
            default:
                return "\(type) at offset \(offset) declares \(length) bytes but only \(available) follow"
            }
        case let .containerTooLarge(type, count, limit, offset):
            return "\(type) at offset \(offset) has \(count) elements, more than the limit of \(limit)"
        case let .duplicateMapKey(offset):
            return "duplicate map key at offset \(offset)"
        case let .trailingBytes(offset, count):
            return "\(count) trailing bytes after the MessagePack value ending at offset \(offset)"
        case let .typeMismatch(field, expected, found):
            return "field '\(field)': expected \(expected), found \(found)"
        case let .wrongArity(field, expected, found):
            return "field '\(field)': expected an array of \(expected) elements, found \(found)"
        case let .wrongByteCount(field, expected, found):
            return "field '\(field)': expected \(expected) bytes, found \(found)"
        case let .integerOutOfRange(field, type, value):
            return "field '\(field)': integer \(value) does not fit in \(type)"
        }
    }
}

/// The specification's name for a format byte that carries an explicit integer or length.
private func formatName(_ format: UInt8) -> String {
    switch format {
    case 0xcc: "uint8 (0xcc)"
    case 0xcd: "uint16 (0xcd)"
    case 0xce: "uint32 (0xce)"
    case 0xcf: "uint64 (0xcf)"
    case 0xd0: "int8 (0xd0)"
    case 0xd1: "int16 (0xd1)"
    case 0xd2: "int32 (0xd2)"
    case 0xd3: "int64 (0xd3)"
    default: "format 0x" + String(format, radix: 16)
    }
}
