public import KMSMessagePack

/// A value stored in the DHT: one of the Python types kademlia 2.2.3's `Server.set()` accepts
/// (`int`, `float`, `bool`, `str`, `bytes`), with u-msgpack-python's encoding of each.
///
/// Python compares values by type and value, so `"x"` and the bytes `x` are different values,
/// and so are `.bool(true)` and `.integer(1)`; this type does the same.
public enum DHTValue: Hashable, Sendable {
    /// Python `str`: msgpack str (fixstr, str8, str16, str32).
    case string(String)
    /// Python `bytes`: msgpack bin (bin8, bin16, bin32), never str.
    case bytes([UInt8])
    /// Python `int` in -2^63 ... 2^63-1: the smallest msgpack integer form.
    case integer(Int64)
    /// Python `int` in 2^63 ... 2^64-1, which only uint64 can carry. Decoding produces this
    /// case only for such values; smaller ones arrive as ``integer(_:)``.
    case largeUnsigned(UInt64)
    /// Python `float`: always float64 (0xcb).
    case float(Double)
    /// Python `bool`: 0xc2 / 0xc3.
    case bool(Bool)

    /// The msgpack object u-msgpack-python would produce for the same Python value.
    public var messagePackValue: MessagePackValue {
        switch self {
        case let .string(text): .string(text)
        case let .bytes(bytes): .binary(bytes)
        case let .integer(value): .integer(value)
        case let .largeUnsigned(value): .uint(value)
        case let .float(value): .float64(value)
        case let .bool(value): .bool(value)
        }
    }

    /// The value's canonical msgpack bytes.
    public func encode() -> [UInt8] {
        MessagePack.encode(messagePackValue)
    }

    /// Reads a value from a decoded msgpack object.
    ///
    /// A float32 is accepted and widened, as Python decodes it to a `float` (and would
    /// re-send it as float64). nil, arrays, maps and extensions are refused with
    /// ``KMSNetworkError/unsupportedValueType(found:)``: Python's `rpc_store` would keep them,
    /// but no Python `get()` can return them (lists and maps make it raise, nil reads as
    /// "not found"), so accepting them would only store poison.
    public init(_ value: MessagePackValue) throws(KMSNetworkError) {
        switch value {
        case let .string(text): self = .string(text)
        case let .binary(bytes): self = .bytes(bytes)
        case let .int(i): self = .integer(i)
        case let .uint(u): self = Int64(exactly: u).map(DHTValue.integer) ?? .largeUnsigned(u)
        case let .float64(d): self = .float(d)
        case let .float32(f): self = .float(Double(f))
        case let .bool(b): self = .bool(b)
        case .nil, .array, .map, .extension: throw .unsupportedValueType(found: value.type)
        }
    }

    /// Decodes one value from exactly `bytes` (no trailing bytes).
    public static func decode(_ bytes: [UInt8]) throws(KMSNetworkError) -> DHTValue {
        let value: MessagePackValue
        do { value = try MessagePack.decode(bytes) } catch { throw .invalidMessagePack(error) }
        return try DHTValue(value)
    }

    /// Equal when the Python values would be equal with the same type; floats compare by bit
    /// pattern so that hashing stays consistent (NaN equals itself, 0.0 differs from -0.0).
    public static func == (lhs: DHTValue, rhs: DHTValue) -> Bool {
        lhs.messagePackValue == rhs.messagePackValue
    }

    /// Hashes what ``==(_:_:)`` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(messagePackValue)
    }
}
