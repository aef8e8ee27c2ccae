/// Appends canonical MessagePack to a byte buffer, one item at a time.
///
/// Objects serialize themselves field by field through this writer (a struct as
/// `writeArrayHeader(n)` followed by its `n` fields), so no intermediate value tree is
/// built. Every method writes the shortest form the specification allows.
///
/// Lengths and counts above `UInt32.max` cannot be expressed in MessagePack; passing
/// one is a programming error and traps.
public struct MessagePackWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    /// Creates an empty writer.
    public init() {
        bytes = []
    }

    /// Creates an empty writer whose buffer can hold `capacity` bytes without reallocating.
    public init(reservingCapacity capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Makes room for at least `additional` more bytes.
    public mutating func reserveCapacity(additional: Int) {
        bytes.reserveCapacity(bytes.count + max(additional, 0))
    }

    /// Writes nil (0xc0), which rmp-serde uses for `None`.
    public mutating func writeNil() {
        bytes.append(0xc0)
    }

    /// Writes true (0xc3) or false (0xc2).
    public mutating func writeBool(_ value: Bool) {
        bytes.append(value ? 0xc3 : 0xc2)
    }

    /// Writes a non-negative integer in its shortest form (positive fixint or uint8...uint64).
    public mutating func writeUInt(_ value: UInt64) {
        switch value {
        case 0..<0x80:
            bytes.append(UInt8(value))
        case 0x80...UInt64(UInt8.max):
            bytes.append(0xcc)
            bytes.append(UInt8(value))
        case 0...UInt64(UInt16.max):
            bytes.append(0xcd)
            appendBigEndian(UInt16(value))
        case 0...UInt64(UInt32.max):
            bytes.append(0xce)
            appendBigEndian(UInt32(value))
        default:
            bytes.append(0xcf)
            appendBigEndian(value)
        }
    }

    /// Writes a signed integer in its shortest form; non-negative values use the unsigned
    /// formats, as canonical MessagePack requires.
    public mutating func writeInt(_ value: Int64) {
        if value >= 0 {
            writeUInt(UInt64(value))
        } else if value >= -32 {
            bytes.append(UInt8(truncatingIfNeeded: value))  // negative fixint 0xe0...0xff
        } else if value >= Int64(Int8.min) {
            bytes.append(0xd0)
            bytes.append(UInt8(truncatingIfNeeded: value))
        } else if value >= Int64(Int16.min) {
            bytes.append(0xd1)
            appendBigEndian(UInt16(truncatingIfNeeded: value))
        } else if value >= Int64(Int32.min) {
            bytes.append(0xd2)
            appendBigEndian(UInt32(truncatingIfNeeded: value))
        } else {
            bytes.append(0xd3)
            appendBigEndian(UInt64(bitPattern: value))
        }
    }

    /// Writes any standard integer in its shortest form.
    public mutating func writeInteger(_ value: some FixedWidthInteger) {
        if let unsigned = UInt64(exactly: value) {
            writeUInt(unsigned)
        } else if let signed = Int64(exactly: value) {
            writeInt(signed)
        } else {
            preconditionFailure("\(value) is outside the MessagePack integer range")
        }
    }

    /// Writes a single-precision float (0xca); its width is kept, never narrowed or widened.
    public mutating func writeFloat32(_ value: Float) {
        bytes.append(0xca)
        appendBigEndian(value.bitPattern)
    }

    /// Writes a double-precision float (0xcb); its width is kept, never narrowed.
    public mutating func writeFloat64(_ value: Double) {
        bytes.append(0xcb)
        appendBigEndian(value.bitPattern)
    }

    /// Writes a string as its UTF-8 bytes (fixstr, str8, str16 or str32).
    public mutating func writeString(_ value: String) {
        let utf8 = value.utf8
        writeStringHeader(utf8.count)
        bytes.append(contentsOf: utf8)
    }

    /// Writes a byte string (bin8, bin16 or bin32; even an empty one uses bin8).
    public mutating func writeBinary(_ value: some Collection<UInt8>) {
        let count = value.count
        if count <= Int(UInt8.max) {
            bytes.append(0xc4)
            bytes.append(UInt8(count))
        } else if count <= Int(UInt16.max) {
            bytes.append(0xc5)
            appendBigEndian(UInt16(count))
        } else {
            bytes.append(0xc6)
            appendBigEndian(checkedUInt32(count))
        }
        bytes.append(contentsOf: value)
    }

    /// Writes an array header; the caller then writes exactly `count` values.
    public mutating func writeArrayHeader(_ count: Int) {
        writeContainerHeader(count, fixBase: 0x90, format16: 0xdc, format32: 0xdd)
    }

    /// Writes a map header; the caller then writes exactly `count` key/value pairs,
    /// with distinct keys (the strict decoder rejects duplicates).
    public mutating func writeMapHeader(_ count: Int) {
        writeContainerHeader(count, fixBase: 0x80, format16: 0xde, format32: 0xdf)
    }

    /// Writes an extension value, using fixext when the payload is 1, 2, 4, 8 or 16 bytes.
    public mutating func writeExtension(type: Int8, data: some Collection<UInt8>) {
        let count = data.count
        switch count {
        case 1: bytes.append(0xd4)
        case 2: bytes.append(0xd5)
        case 4: bytes.append(0xd6)
        case 8: bytes.append(0xd7)
        case 16: bytes.append(0xd8)
        case 0...Int(UInt8.max):
            bytes.append(0xc7)
            bytes.append(UInt8(count))
        case 0...Int(UInt16.max):
            bytes.append(0xc8)
            appendBigEndian(UInt16(count))
        default:
            bytes.append(0xc9)
            appendBigEndian(checkedUInt32(count))
        }
        bytes.append(UInt8(bitPattern: type))
        bytes.append(contentsOf: data)
    }

    /// Appends `encoded`, which must already be exactly one complete canonical value (for
    /// example an embedded object's own MessagePack form, or bytes from
    /// ``MessagePackReader/readEncodedValue()``), so it is copied rather than re-encoded.
    ///
    /// The bytes are not checked in release builds; debug builds assert that they decode as
    /// one value with nothing after it.
    public mutating func writeEncodedValue(_ encoded: some Collection<UInt8>) {
        assert((try? MessagePack.decode(Array(encoded))) != nil, "not exactly one canonical MessagePack value")
        bytes.append(contentsOf: encoded)
    }

    /// Writes a whole value tree.
    public mutating func write(_ value: MessagePackValue) {
        switch value {
        case .nil:
            writeNil()
        case let .bool(b):
            writeBool(b)
        case let .uint(u):
            writeUInt(u)
        case let .int(i):
            writeInt(i)
        case let .float32(f):
            writeFloat32(f)
        case let .float64(d):
            writeFloat64(d)
        case let .string(s):
            writeString(s)
        case let .binary(b):
            writeBinary(b)
        case let .array(elements):
            writeArrayHeader(elements.count)
            for element in elements { write(element) }
        case let .map(entries):
            writeMapHeader(entries.count)
            for entry in entries {
                write(entry.key)
                write(entry.value)
            }
        case let .extension(type, data):
            writeExtension(type: type, data: data)
        }
    }

    // MARK: Helpers

    private mutating func writeStringHeader(_ count: Int) {
        if count <= 31 {
            bytes.append(0xa0 | UInt8(count))
        } else if count <= Int(UInt8.max) {
            bytes.append(0xd9)
            bytes.append(UInt8(count))
        } else if count <= Int(UInt16.max) {
            bytes.append(0xda)
            appendBigEndian(UInt16(count))
        } else {
            bytes.append(0xdb)
            appendBigEndian(checkedUInt32(count))
        }
    }

    private mutating func writeContainerHeader(_ count: Int, fixBase: UInt8, format16: UInt8, format32: UInt8) {
        precondition(count >= 0, "a MessagePack container cannot have \(count) elements")
        if count <= 15 {
            bytes.append(fixBase | UInt8(count))
        } else if count <= Int(UInt16.max) {
            bytes.append(format16)
            appendBigEndian(UInt16(count))
        } else {
            bytes.append(format32)
            appendBigEndian(checkedUInt32(count))
        }
    }

    private func checkedUInt32(_ count: Int) -> UInt32 {
        guard let value = UInt32(exactly: count) else {
            preconditionFailure("MessagePack cannot express a length of \(count)")
        }
        return value
    }

    private mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}
