/// The kind of a MessagePack value, as reported in errors and by ``MessagePackValue/type``.
///
/// Integers form one kind: whether one is stored as `.uint` or `.int` is a
/// representation detail, not a type difference.
public enum MessagePackType: String, Hashable, Sendable, CustomStringConvertible {
    /// nil (0xc0).
    case `nil`
    /// true or false (0xc2, 0xc3).
    case bool
    /// Any integer format, signed or unsigned.
    case integer
    /// IEEE 754 single precision (0xca).
    case float32
    /// IEEE 754 double precision (0xcb).
    case float64
    /// UTF-8 text (fixstr, str8/16/32).
    case string
    /// A byte string (bin8/16/32).
    case binary
    /// An array (fixarray, array16/32).
    case array
    /// A map (fixmap, map16/32).
    case map
    /// An extension (fixext, ext8/16/32).
    case `extension`

    /// The kind's name, as used in error messages.
    public var description: String { rawValue }
}

/// One key/value pair of a MessagePack map.
///
/// Maps keep their entries in wire order (tuples cannot be `Hashable`, hence this type),
/// because canonical encodings and signatures depend on that order.
public struct MessagePackMapEntry: Hashable, Sendable {
    /// The entry's key.
    public var key: MessagePackValue
    /// The entry's value.
    public var value: MessagePackValue

    /// Creates an entry.
    public init(key: MessagePackValue, value: MessagePackValue) {
        self.key = key
        self.value = value
    }
}

/// A decoded MessagePack value.
///
/// Integers: `.uint` holds values ≥ 0 and `.int` holds values < 0; the decoder never
/// produces any other combination. `.int` with a non-negative payload is accepted by
/// the encoder (it is written in the canonical unsigned form) and compares equal to the
/// matching `.uint`, but ``integer(_:)`` builds the normalized case directly.
///
/// Equality and hashing follow the encoding: two values are equal exactly when they
/// encode to the same bytes. So floats compare by bit pattern (NaN equals itself,
/// 0.0 differs from -0.0), strings compare by UTF-8 bytes rather than Unicode canonical
/// equivalence, and maps compare entry by entry in order.
public enum MessagePackValue: Hashable, Sendable {
    /// nil.
    case `nil`
    /// A boolean.
    case bool(Bool)
    /// A non-negative integer.
    case uint(UInt64)
    /// A negative integer.
    case int(Int64)
    /// A single-precision float, kept at its declared width.
    case float32(Float)
    /// A double-precision float, kept at its declared width.
    case float64(Double)
    /// UTF-8 text.
    case string(String)
    /// A byte string.
    case binary([UInt8])
    /// An array.
    case array([MessagePackValue])
    /// A map, entries in wire order.
    case map([MessagePackMapEntry])
    /// An extension: an application-defined type code and its payload.
    case `extension`(type: Int8, data: [UInt8])

    /// The normalized integer value: `.uint` when `value` ≥ 0, otherwise `.int`.
    ///
    /// `value` must lie in `Int64.min...UInt64.max`, the range MessagePack can carry;
    /// anything wider (an out-of-range `Int128`) is a programming error and traps.
    public static func integer(_ value: some FixedWidthInteger) -> MessagePackValue {
        if let unsigned = UInt64(exactly: value) { return .uint(unsigned) }
        guard let signed = Int64(exactly: value) else {
            preconditionFailure("\(value) is outside the MessagePack integer range")
        }
        return .int(signed)
    }

    /// The value's kind.
    public var type: MessagePackType {
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

    /// Whether the value is nil.
    public var isNil: Bool {
        if case .nil = self { return true }
        return false
    }

    // MARK: Equality that matches the encoding

    /// Equal exactly when both values encode to the same bytes.
    public static func == (lhs: MessagePackValue, rhs: MessagePackValue) -> Bool {
        switch (lhs, rhs) {
        case (.nil, .nil):
            return true
        case let (.bool(a), .bool(b)):
            return a == b
        case (.uint, .uint), (.uint, .int), (.int, .uint), (.int, .int):
            return lhs.integerKey == rhs.integerKey
        case let (.float32(a), .float32(b)):
            return a.bitPattern == b.bitPattern
        case let (.float64(a), .float64(b)):
            return a.bitPattern == b.bitPattern
        case let (.string(a), .string(b)):
            // String's own == uses canonical equivalence; the wire compares bytes.
            return a.utf8.elementsEqual(b.utf8)
        case let (.binary(a), .binary(b)):
            return a == b
        case let (.array(a), .array(b)):
            return a == b
        case let (.map(a), .map(b)):
            return a == b
        case let (.extension(t1, d1), .extension(t2, d2)):
            return t1 == t2 && d1 == d2
        default:
            return false
        }
    }

    /// Hashes the same information that ``==(_:_:)`` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(type)
        switch self {
        case .nil:
            break
        case let .bool(b):
            hasher.combine(b)
        case .uint, .int:
            let key = integerKey
            hasher.combine(key.negative)
            hasher.combine(key.magnitudeBits)
        case let .float32(f):
            hasher.combine(f.bitPattern)
        case let .float64(d):
            hasher.combine(d.bitPattern)
        case let .string(s):
            var copy = s
            hasher.combine(copy.utf8.count)
            copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        case let .binary(bytes):
            hasher.combine(bytes)
        case let .array(elements):
            hasher.combine(elements)
        case let .map(entries):
            hasher.combine(entries)
        case let .extension(type, data):
            hasher.combine(type)
            hasher.combine(data)
        }
    }

    /// A representation of an integer under which `.int(5)` and `.uint(5)` coincide.
    private var integerKey: (negative: Bool, magnitudeBits: UInt64) {
        switch self {
        case let .uint(u): (false, u)
        case let .int(i): (i < 0, UInt64(bitPattern: i))
        default: (false, 0)
        }
    }
}

// MARK: - Typed accessors

extension MessagePackValue {
    /// The boolean, or ``MessagePackError/typeMismatch(field:expected:found:)``.
    public func bool(field: String) throws(MessagePackError) -> Bool {
        guard case let .bool(b) = self else { throw mismatch(field, .bool) }
        return b
    }

    /// The integer as `UInt64`; negative integers throw ``MessagePackError/integerOutOfRange(field:type:value:)``.
    public func uint(field: String) throws(MessagePackError) -> UInt64 {
        try integer(as: UInt64.self, field: field)
    }

    /// The integer as `Int64`; values above `Int64.max` throw ``MessagePackError/integerOutOfRange(field:type:value:)``.
    public func int(field: String) throws(MessagePackError) -> Int64 {
        try integer(as: Int64.self, field: field)
    }

    /// The integer converted exactly to `T`, or an error naming `field` if it is not an
    /// integer or does not fit.
    public func integer<T: FixedWidthInteger>(as _: T.Type = T.self, field: String) throws(MessagePackError) -> T {
        switch self {
        case let .uint(u):
            guard let v = T(exactly: u) else {
                throw .integerOutOfRange(field: field, type: "\(T.self)", value: String(u))
            }
            return v
        case let .int(i):
            guard let v = T(exactly: i) else {
                throw .integerOutOfRange(field: field, type: "\(T.self)", value: String(i))
            }
            return v
        default:
            throw mismatch(field, .integer)
        }
    }

    /// The single-precision float (a float64 is a type mismatch: widths are kept strictly).
    public func float32(field: String) throws(MessagePackError) -> Float {
        guard case let .float32(f) = self else { throw mismatch(field, .float32) }
        return f
    }

    /// The double-precision float (a float32 is a type mismatch: widths are kept strictly).
    public func float64(field: String) throws(MessagePackError) -> Double {
        guard case let .float64(d) = self else { throw mismatch(field, .float64) }
        return d
    }

    /// The string.
    public func string(field: String) throws(MessagePackError) -> String {
        guard case let .string(s) = self else { throw mismatch(field, .string) }
        return s
    }

    /// The byte string.
    public func binary(field: String) throws(MessagePackError) -> [UInt8] {
        guard case let .binary(b) = self else { throw mismatch(field, .binary) }
        return b
    }

    /// The byte string, which must be exactly `count` bytes long (keys, hashes, points).
    public func binary(count: Int, field: String) throws(MessagePackError) -> [UInt8] {
        let bytes = try binary(field: field)
        guard bytes.count == count else {
            throw .wrongByteCount(field: field, expected: count, found: bytes.count)
        }
        return bytes
    }

    /// The array's elements.
    public func array(field: String) throws(MessagePackError) -> [MessagePackValue] {
        guard case let .array(a) = self else { throw mismatch(field, .array) }
        return a
    }

    /// The array's elements, of which there must be exactly `count` (a struct's fields).
    public func array(count: Int, field: String) throws(MessagePackError) -> [MessagePackValue] {
        let elements = try array(field: field)
        guard elements.count == count else {
            throw .wrongArity(field: field, expected: count, found: elements.count)
        }
        return elements
    }

    /// The map's entries, in wire order.
    public func map(field: String) throws(MessagePackError) -> [MessagePackMapEntry] {
        guard case let .map(m) = self else { throw mismatch(field, .map) }
        return m
    }

    /// The extension's type code and payload.
    public func `extension`(field: String) throws(MessagePackError) -> (type: Int8, data: [UInt8]) {
        guard case let .extension(t, d) = self else { throw mismatch(field, .extension) }
        return (t, d)
    }

    /// The value stored under `key` if this is a map containing it, otherwise `nil`.
    public subscript(key: MessagePackValue) -> MessagePackValue? {
        guard case let .map(entries) = self else { return nil }
        return entries.first(where: { $0.key == key })?.value
    }

    private func mismatch(_ field: String, _ expected: MessagePackType) -> MessagePackError {
        .typeMismatch(field: field, expected: expected, found: type)
    }
}

// MARK: - Literals

extension MessagePackValue: ExpressibleByBooleanLiteral {
    /// `true` and `false` as `.bool`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension MessagePackValue: ExpressibleByIntegerLiteral {
    /// An integer literal, normalized as by ``integer(_:)``.
    public init(integerLiteral value: Int64) { self = .integer(value) }
}

extension MessagePackValue: ExpressibleByFloatLiteral {
    /// A floating-point literal as `.float64`.
    public init(floatLiteral value: Double) { self = .float64(value) }
}

extension MessagePackValue: ExpressibleByStringLiteral {
    /// A string literal as `.string`.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension MessagePackValue: ExpressibleByArrayLiteral {
    /// An array literal as `.array`.
    public init(arrayLiteral elements: MessagePackValue...) { self = .array(elements) }
}
