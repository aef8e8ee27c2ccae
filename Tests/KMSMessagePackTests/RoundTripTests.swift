import KMSMessagePack
import Testing

@Suite("Round trips at every format boundary")
struct RoundTripTests {
    /// Encodes `value`, checks the bytes against `expected` (or just the header when the
    /// payload is large), and decodes them back.
    private func checkRoundTrip(_ value: MessagePackValue, header: [UInt8], totalCount: Int) throws {
        let bytes = MessagePack.encode(value)
        #expect(Array(bytes.prefix(header.count)) == header, "header was \(hexString(Array(bytes.prefix(header.count))))")
        #expect(bytes.count == totalCount)
        #expect(try MessagePack.decode(bytes) == value)

        var writer = MessagePackWriter()
        writer.write(value)
        #expect(writer.bytes == bytes)
    }

    static let unsignedCases: [(UInt64, String)] = [
        (0, "00"),
        (1, "01"),
        (127, "7f"),
        (128, "cc 80"),
        (255, "cc ff"),
        (256, "cd 01 00"),
        (65535, "cd ff ff"),
        (65536, "ce 00 01 00 00"),
        (4_294_967_295, "ce ff ff ff ff"),
        (4_294_967_296, "cf 00 00 00 01 00 00 00 00"),
        (UInt64.max, "cf ff ff ff ff ff ff ff ff"),
    ]

    @Test("Unsigned integers use the shortest format at every boundary", arguments: unsignedCases)
    func unsignedIntegers(value: UInt64, encoding: String) throws {
        let expected = hex(encoding)
        #expect(MessagePack.encode(.uint(value)) == expected)
        #expect(try MessagePack.decode(expected) == .uint(value))

        var writer = MessagePackWriter()
        writer.writeUInt(value)
        #expect(writer.bytes == expected)
        var reader = MessagePackReader(expected)
        #expect(try reader.readUInt() == value)
        #expect(reader.isAtEnd)
    }

    static let signedCases: [(Int64, String)] = [
        (-1, "ff"),
        (-32, "e0"),
        (-33, "d0 df"),
        (-128, "d0 80"),
        (-129, "d1 ff 7f"),
        (-32768, "d1 80 00"),
        (-32769, "d2 ff ff 7f ff"),
        (Int64(Int32.min), "d2 80 00 00 00"),
        (Int64(Int32.min) - 1, "d3 ff ff ff ff 7f ff ff ff"),
        (Int64.min, "d3 80 00 00 00 00 00 00 00"),
    ]

    @Test("Negative integers use the shortest format at every boundary", arguments: signedCases)
    func negativeIntegers(value: Int64, encoding: String) throws {
        let expected = hex(encoding)
        #expect(MessagePack.encode(.int(value)) == expected)
        #expect(try MessagePack.decode(expected) == .int(value))

        var writer = MessagePackWriter()
        writer.writeInt(value)
        #expect(writer.bytes == expected)
        var reader = MessagePackReader(expected)
        #expect(try reader.readInt() == value)
        #expect(reader.isAtEnd)
    }

    @Test("Non-negative values given as signed integers are written in unsigned form", arguments: unsignedCases.filter { $0.0 <= UInt64(Int64.max) })
    func nonNegativeSignedIntegers(value: UInt64, encoding: String) throws {
        let expected = hex(encoding)
        #expect(MessagePack.encode(.int(Int64(value))) == expected)
        var writer = MessagePackWriter()
        writer.writeInt(Int64(value))
        #expect(writer.bytes == expected)
        // The decoder normalizes to .uint, which equals the .int it came from.
        #expect(try MessagePack.decode(expected) == .int(Int64(value)))
        #expect(MessagePackValue.integer(Int64(value)) == .uint(value))
    }

    static let textLengths: [(Int, String)] = [
        (0, "a0"), (1, "a1"), (31, "bf"), (32, "d9 20"), (255, "d9 ff"), (256, "da 01 00"),
        (65535, "da ff ff"), (65536, "db 00 01 00 00"), (70000, "db 00 01 11 70"),
    ]

    @Test("Strings switch fixstr, str8, str16, str32 at the right lengths", arguments: textLengths)
    func strings(length: Int, header: String) throws {
        let text = String(repeating: "x", count: length)
        let headerBytes = hex(header)
        try checkRoundTrip(.string(text), header: headerBytes, totalCount: headerBytes.count + length)

        var reader = MessagePackReader(MessagePack.encode(.string(text)))
        #expect(try reader.readString() == text)
        try reader.finish()
    }

    @Test("Multi-byte UTF-8 strings count bytes, not characters")
    func multiByteStrings() throws {
        let text = String(repeating: "€", count: 11)  // 33 UTF-8 bytes, 11 characters
        try checkRoundTrip(.string(text), header: hex("d9 21"), totalCount: 35)
    }

    static let binaryLengths: [(Int, String)] = [
        (0, "c4 00"), (1, "c4 01"), (31, "c4 1f"), (32, "c4 20"), (33, "c4 21"), (255, "c4 ff"),
        (256, "c5 01 00"), (65535, "c5 ff ff"), (65536, "c6 00 01 00 00"),
    ]

    @Test("Byte strings switch bin8, bin16, bin32 at the right lengths", arguments: binaryLengths)
    func binaries(length: Int, header: String) throws {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let headerBytes = hex(header)
        try checkRoundTrip(.binary(bytes), header: headerBytes, totalCount: headerBytes.count + length)

        var reader = MessagePackReader(MessagePack.encode(.binary(bytes)))
        #expect(try reader.readBinary() == bytes)
        try reader.finish()
    }

    static let containerCounts: [(Int, String, String)] = [
        (0, "90", "80"), (1, "91", "81"), (15, "9f", "8f"), (16, "dc 00 10", "de 00 10"),
        (255, "dc 00 ff", "de 00 ff"), (256, "dc 01 00", "de 01 00"),
        (65535, "dc ff ff", "de ff ff"), (65536, "dd 00 01 00 00", "df 00 01 00 00"),
    ]

    @Test("Arrays switch fixarray, array16, array32 at the right counts", arguments: containerCounts)
    func arrays(count: Int, arrayHeader: String, mapHeader _: String) throws {
        let elements = (0..<count).map { MessagePackValue.uint(UInt64($0 % 100)) }
        let headerBytes = hex(arrayHeader)
        try checkRoundTrip(.array(elements), header: headerBytes, totalCount: headerBytes.count + count)

        var reader = MessagePackReader(MessagePack.encode(.array(elements)))
        #expect(try reader.readArrayHeader() == count)
        for index in 0..<count { #expect(try reader.readUInt() == UInt64(index % 100)) }
        try reader.finish()
    }

    @Test("Maps switch fixmap, map16, map32 at the right counts", arguments: containerCounts)
    func maps(count: Int, arrayHeader _: String, mapHeader: String) throws {
        let entries = (0..<count).map { MessagePackMapEntry(key: .uint(UInt64($0)), value: .nil) }
        let headerBytes = hex(mapHeader)
        let bodyCount = entries.reduce(0) { $0 + MessagePack.encode($1.key).count + 1 }
        try checkRoundTrip(.map(entries), header: headerBytes, totalCount: headerBytes.count + bodyCount)

        var reader = MessagePackReader(MessagePack.encode(.map(entries)))
        #expect(try reader.readMapHeader() == count)
    }

    static let extensionLengths: [(Int, String)] = [
        (0, "c7 00"), (1, "d4"), (2, "d5"), (3, "c7 03"), (4, "d6"), (5, "c7 05"), (8, "d7"),
        (16, "d8"), (17, "c7 11"), (255, "c7 ff"), (256, "c8 01 00"), (65535, "c8 ff ff"),
        (65536, "c9 00 01 00 00"),
    ]

    @Test("Extensions use fixext exactly for 1, 2, 4, 8 and 16 byte payloads", arguments: extensionLengths)
    func extensions(length: Int, header: String) throws {
        let data = [UInt8](repeating: 0xab, count: length)
        let headerBytes = hex(header) + [0xfe]  // type code -2
        try checkRoundTrip(.extension(type: -2, data: data), header: headerBytes, totalCount: headerBytes.count + length)

        var reader = MessagePackReader(MessagePack.encode(.extension(type: -2, data: data)))
        let decoded = try reader.readExtension()
        #expect(decoded.type == -2)
        #expect(decoded.data == data)
    }

    static let floats: [MessagePackValue] = [
        .float32(0), .float32(-0.0), .float32(1.5), .float32(.infinity), .float32(-.infinity),
        .float32(.nan), .float32(.leastNonzeroMagnitude), .float32(.greatestFiniteMagnitude),
        .float64(0), .float64(-0.0), .float64(3.141592653589793), .float64(.infinity),
        .float64(.nan), .float64(.signalingNaN), .float64(.leastNonzeroMagnitude),
        .float64(-.greatestFiniteMagnitude),
    ]

    @Test("Floats keep their width and exact bit pattern", arguments: floats)
    func floatingPoint(value: MessagePackValue) throws {
        let bytes = MessagePack.encode(value)
        let expectedCount = if case .float32 = value { 5 } else { 9 }
        #expect(bytes.count == expectedCount)
        #expect(try MessagePack.decode(bytes) == value)
        #expect(MessagePack.encode(try MessagePack.decode(bytes)) == bytes)
    }

    @Test("Nil and booleans round-trip", arguments: [MessagePackValue.nil, .bool(false), .bool(true)])
    func simpleValues(value: MessagePackValue) throws {
        let bytes = MessagePack.encode(value)
        #expect(bytes.count == 1)
        #expect(try MessagePack.decode(bytes) == value)
    }

    @Test("Nested structures round-trip")
    func nested() throws {
        let value: MessagePackValue = .map([
            MessagePackMapEntry(key: "list", value: [1, -1, "two", .binary([3]), [[], .map([])]]),
            MessagePackMapEntry(key: .binary([0]), value: .extension(type: 7, data: [1, 2, 3])),
            MessagePackMapEntry(key: 1.5, value: .float32(2.5)),
            MessagePackMapEntry(key: true, value: .nil),
        ])
        let bytes = MessagePack.encode(value)
        #expect(try MessagePack.decode(bytes) == value)
    }

    @Test("Nesting exactly at the depth limit is accepted")
    func nestingAtTheLimit() throws {
        var value = MessagePackValue.array([])
        for _ in 1..<64 { value = .array([value]) }  // 64 nested arrays
        let bytes = MessagePack.encode(value)
        #expect(bytes == [UInt8](repeating: 0x91, count: 63) + [0x90])
        #expect(try MessagePack.decode(bytes) == value)
    }

    @Test("Nesting at the depth ceiling decodes, compares and releases without exhausting the stack")
    func nestingAtTheCeiling() throws {
        let ceiling = MessagePack.DecodingOptions.maxDepthCeiling
        // `81 c0 X`: a one-entry map from nil to X; `ceiling` of them around a final nil.
        func nestedMaps(_ depth: Int) -> [UInt8] {
            Array([[UInt8]](repeating: [0x81, 0xc0], count: depth).joined()) + [0xc0]
        }
        let options = MessagePack.DecodingOptions(maxDepth: .max)
        #expect(options.maxDepth == ceiling)
        let input = nestedMaps(ceiling)
        let value = try MessagePack.decode(input, options: options)
        #expect(MessagePack.encode(value) == input)
        #expect(value == (try MessagePack.decode(input, options: options)))
        #expect(Set([value]).count == 1)
        #expect(throws: MessagePackError.depthLimitExceeded(limit: ceiling, offset: 2 * ceiling)) {
            try MessagePack.decode(nestedMaps(ceiling + 1), options: options)
        }
    }
}
