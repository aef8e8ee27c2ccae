import KMSMessagePack
import Testing

@Suite("Streaming writer and reader")
struct ReaderWriterTests {
    @Test("The writer's field-by-field output equals encoding the same value tree")
    func writerMatchesEncode() {
        var writer = MessagePackWriter()
        writer.writeArrayHeader(9)
        writer.writeNil()
        writer.writeBool(true)
        writer.writeUInt(300)
        writer.writeInt(-300)
        writer.writeInteger(UInt8(7))
        writer.writeString("kms")
        writer.writeBinary([UInt8](repeating: 1, count: 40))
        writer.writeMapHeader(1)
        writer.writeString("k")
        writer.writeFloat32(0.5)
        writer.write([.float64(0.25), .extension(type: 1, data: [9])])

        let tree: MessagePackValue = .array([
            .nil, true, 300, -300, 7, "kms", .binary([UInt8](repeating: 1, count: 40)),
            .map([MessagePackMapEntry(key: "k", value: .float32(0.5))]),
            [.float64(0.25), .extension(type: 1, data: [9])],
        ])
        #expect(writer.bytes == MessagePack.encode(tree))
    }

    @Test("writeInteger accepts every standard integer type and normalizes the sign")
    func genericIntegers() {
        var writer = MessagePackWriter()
        writer.writeInteger(Int8(-1))
        writer.writeInteger(Int64(5))
        writer.writeInteger(UInt16(65535))
        writer.writeInteger(Int.min)
        #expect(writer.bytes == hex("ff 05 cd ff ff d3 80 00 00 00 00 00 00 00"))
        #expect(MessagePackValue.integer(Int8(-1)) == .int(-1))
        #expect(MessagePackValue.integer(UInt64.max) == .uint(.max))
    }

    @Test("The reader reads a struct field by field and finishes cleanly")
    func readerReadsFields() throws {
        let bytes = MessagePack.encode([
            .nil, true, 300, -300, .float32(0.5), .float64(0.25), "kms", .binary([1, 2]),
            .extension(type: -3, data: [4]), .map([MessagePackMapEntry(key: 1, value: 2)]),
        ])
        var reader = MessagePackReader(bytes)
        #expect(try reader.peekType() == .array)
        #expect(try reader.readArrayHeader(field: "object") == 10)
        #expect(try reader.peekType() == .nil)
        try reader.readNil()
        #expect(try reader.readBool() == true)
        #expect(try reader.readInteger(as: UInt16.self) == 300)
        #expect(try reader.readInteger(as: Int16.self) == -300)
        #expect(try reader.readFloat32() == 0.5)
        #expect(try reader.readFloat64() == 0.25)
        #expect(try reader.readString() == "kms")
        #expect(try reader.readBinary(count: 2) == [1, 2])
        let ext = try reader.readExtension()
        #expect(ext.type == -3 && ext.data == [4])
        #expect(try reader.readMapHeader() == 1)
        #expect(try reader.readUInt() == 1)
        #expect(try reader.readInt() == 2)
        #expect(reader.isAtEnd)
        #expect(reader.remainingCount == 0)
        try reader.finish()
    }

    @Test("readNilIfPresent consumes only a nil")
    func optionalFields() throws {
        var reader = MessagePackReader(hex("c0 05"))
        let first = reader.readNilIfPresent()
        let second = reader.readNilIfPresent()
        #expect(first && !second)
        #expect(try reader.readUInt() == 5)
        let atEnd = reader.readNilIfPresent()
        #expect(!atEnd)
    }

    @Test("A failed read leaves the reader where it was")
    func failedReadsDoNotAdvance() throws {
        var reader = MessagePackReader(hex("92 a3 61 62 63 cd 01 2c"))
        try reader.readArrayHeader(count: 2)
        #expect(throws: MessagePackError.typeMismatch(field: "key", expected: .binary, found: .string)) {
            try reader.readBinary(field: "key")
        }
        #expect(throws: MessagePackError.typeMismatch(field: "n", expected: .integer, found: .string)) {
            try reader.readUInt(field: "n")
        }
        #expect(reader.offset == 1)
        #expect(try reader.readString() == "abc")
        #expect(throws: MessagePackError.integerOutOfRange(field: "byte", type: "UInt8", value: "300")) {
            try reader.readInteger(as: UInt8.self, field: "byte")
        }
        #expect(reader.offset == 5)
        #expect(throws: MessagePackError.trailingBytes(offset: 5, count: 3)) { try reader.finish() }
        #expect(try reader.readUInt() == 300)
        #expect(throws: MessagePackError.truncated(reading: "type byte", offset: 8)) { try reader.readValue() }
    }

    @Test("Arity, byte count and sign are enforced by the typed reads")
    func typedReadErrors() {
        var reader = MessagePackReader(hex("92 c4 02 01 02 ff"))
        #expect(throws: MessagePackError.wrongArity(field: "Capsule", expected: 3, found: 2)) {
            try reader.readArrayHeader(count: 3, field: "Capsule")
        }
        #expect(throws: MessagePackError.typeMismatch(field: "m", expected: .map, found: .array)) {
            _ = try reader.readMapHeader(field: "m")
        }
        #expect(throws: MessagePackError.typeMismatch(field: "b", expected: .bool, found: .array)) {
            _ = try reader.readBool(field: "b")
        }
        #expect(throws: MessagePackError.typeMismatch(field: "value", expected: .nil, found: .array)) {
            try reader.readNil()
        }
        #expect(throws: MessagePackError.typeMismatch(field: "value", expected: .float32, found: .array)) {
            _ = try reader.readFloat32()
        }
        #expect(throws: MessagePackError.typeMismatch(field: "value", expected: .float64, found: .array)) {
            _ = try reader.readFloat64()
        }
        #expect(throws: MessagePackError.typeMismatch(field: "value", expected: .extension, found: .array)) {
            _ = try reader.readExtension()
        }
        #expect(throws: MessagePackError.typeMismatch(field: "value", expected: .string, found: .array)) {
            _ = try reader.readString()
        }
        #expect(reader.offset == 0)
        #expect((try? reader.readArrayHeader()) == 2)
        #expect(throws: MessagePackError.wrongByteCount(field: "point", expected: 33, found: 2)) {
            try reader.readBinary(count: 33, field: "point")
        }
        #expect((try? reader.readBinary()) == [1, 2])
        #expect(throws: MessagePackError.integerOutOfRange(field: "value", type: "UInt64", value: "-1")) {
            try reader.readUInt()
        }
        #expect((try? reader.readInt()) == -1)
    }

    @Test("readEncodedValue returns a validated value's bytes verbatim")
    func encodedValue() throws {
        let inner = MessagePack.encode(["x", .binary([1])])
        var reader = MessagePackReader([0x92] + inner + [0x07])
        _ = try reader.readArrayHeader()
        #expect(try reader.readEncodedValue() == inner)
        #expect(try reader.readValue() == 7)
        try reader.finish()

        var bad = MessagePackReader(hex("92 cc 01 02"))
        #expect(throws: MessagePackError.nonCanonicalInteger(format: 0xcc, offset: 1)) {
            try bad.readEncodedValue()
        }
        #expect(bad.offset == 0)
    }

    @Test("peekType classifies every first byte without consuming it", arguments: [
        (UInt8(0x00), MessagePackType.integer), (0x7f, .integer), (0x80, .map), (0x8f, .map), (0x90, .array),
        (0x9f, .array), (0xa0, .string), (0xbf, .string), (0xc0, .nil), (0xc2, .bool), (0xc3, .bool),
        (0xc4, .binary), (0xc6, .binary), (0xc7, .extension), (0xc9, .extension), (0xca, .float32),
        (0xcb, .float64), (0xcc, .integer), (0xd3, .integer), (0xd4, .extension), (0xd8, .extension),
        (0xd9, .string), (0xdb, .string), (0xdc, .array), (0xdd, .array), (0xde, .map), (0xdf, .map),
        (0xe0, .integer), (0xff, .integer),
    ])
    func peek(byte: UInt8, type: MessagePackType) throws {
        let reader = MessagePackReader([byte])
        #expect(try reader.peekType() == type)
        #expect(reader.offset == 0)
    }
}

@Suite("Value accessors, equality and literals")
struct ValueTests {
    @Test("Accessors return the payload of the matching case")
    func accessors() throws {
        #expect(try MessagePackValue.bool(true).bool(field: "b"))
        #expect(try MessagePackValue.uint(5).uint(field: "u") == 5)
        #expect(try MessagePackValue.int(-5).int(field: "i") == -5)
        #expect(try MessagePackValue.uint(5).int(field: "i") == 5)
        #expect(try MessagePackValue.uint(200).integer(as: UInt8.self, field: "u8") == 200)
        #expect(try MessagePackValue.float32(1).float32(field: "f") == 1)
        #expect(try MessagePackValue.float64(2).float64(field: "d") == 2)
        #expect(try MessagePackValue.string("s").string(field: "s") == "s")
        #expect(try MessagePackValue.binary([1]).binary(field: "b") == [1])
        #expect(try MessagePackValue.binary([1, 2]).binary(count: 2, field: "b") == [1, 2])
        #expect(try MessagePackValue.array([1]).array(field: "a") == [1])
        #expect(try MessagePackValue.array([1, 2]).array(count: 2, field: "a") == [1, 2])
        #expect(try MessagePackValue.map([]).map(field: "m").isEmpty)
        let ext = try MessagePackValue.extension(type: 4, data: [5]).extension(field: "e")
        #expect(ext.type == 4 && ext.data == [5])
        #expect(MessagePackValue.nil.isNil)
        #expect(!MessagePackValue.uint(0).isNil)
    }

    @Test("Accessors name the field and both types on a mismatch")
    func accessorErrors() {
        let text = MessagePackValue.string("x")
        #expect(throws: MessagePackError.typeMismatch(field: "point_e", expected: .binary, found: .string)) {
            try text.binary(field: "point_e")
        }
        #expect(throws: MessagePackError.typeMismatch(field: "f", expected: .bool, found: .string)) { try text.bool(field: "f") }
        #expect(throws: MessagePackError.typeMismatch(field: "f", expected: .integer, found: .string)) { try text.uint(field: "f") }
        #expect(throws: MessagePackError.typeMismatch(field: "f", expected: .float32, found: .float64)) {
            try MessagePackValue.float64(1).float32(field: "f")
        }
        #expect(throws: MessagePackError.typeMismatch(field: "f", expected: .float64, found: .float32)) {
            try MessagePackValue.float32(1).float64(field: "f")
        }
        #expect(throws: MessagePackError.typeMismatch(field: "f", expected: .string, found: .nil)) { try MessagePackValue.nil.string(field: "f") }
        #expect(throws: MessagePackError.typeMismatch(field: "f", expected: .array, found: .map)) { try MessagePackValue.map([]).array(field: "f") }
        #expect(throws: MessagePackError.typeMismatch(field: "f", expected: .map, found: .array)) { try MessagePackValue.array([]).map(field: "f") }
        #expect(throws: MessagePackError.typeMismatch(field: "f", expected: .extension, found: .binary)) {
            try MessagePackValue.binary([]).extension(field: "f")
        }
        #expect(throws: MessagePackError.wrongArity(field: "kfrag", expected: 3, found: 1)) {
            try MessagePackValue.array([1]).array(count: 3, field: "kfrag")
        }
        #expect(throws: MessagePackError.wrongByteCount(field: "key", expected: 32, found: 1)) {
            try MessagePackValue.binary([1]).binary(count: 32, field: "key")
        }
        #expect(throws: MessagePackError.integerOutOfRange(field: "n", type: "UInt64", value: "-1")) {
            try MessagePackValue.int(-1).uint(field: "n")
        }
        #expect(throws: MessagePackError.integerOutOfRange(field: "n", type: "Int64", value: "18446744073709551615")) {
            try MessagePackValue.uint(.max).int(field: "n")
        }
        #expect(throws: MessagePackError.integerOutOfRange(field: "port", type: "UInt16", value: "70000")) {
            try MessagePackValue.uint(70000).integer(as: UInt16.self, field: "port")
        }
    }

    @Test("Equality and hashing follow the encoded bytes")
    func equalityFollowsEncoding() {
        #expect(MessagePackValue.int(5) == .uint(5))
        #expect(Set<MessagePackValue>([.int(5), .uint(5)]).count == 1)
        #expect(MessagePackValue.int(-5) != .uint(UInt64(bitPattern: -5)))
        #expect(MessagePackValue.float64(.nan) == .float64(.nan))
        #expect(MessagePackValue.float64(0) != .float64(-0.0))
        #expect(MessagePackValue.float32(1) != .float64(1))
        #expect(MessagePackValue.string("é") != .string("e\u{301}"))
        #expect(Set<MessagePackValue>([.string("é"), .string("e\u{301}")]).count == 2)
        #expect(MessagePackValue.binary([1]) != .string("\u{1}"))
        #expect(MessagePackValue.extension(type: 1, data: [1]) != .extension(type: 2, data: [1]))
        let ab: MessagePackValue = .map([MessagePackMapEntry(key: "a", value: 1), MessagePackMapEntry(key: "b", value: 2)])
        let ba: MessagePackValue = .map([MessagePackMapEntry(key: "b", value: 2), MessagePackMapEntry(key: "a", value: 1)])
        #expect(ab != ba)
        #expect(ab["b"] == 2)
        #expect(ab["c"] == nil)
        #expect(MessagePackValue.array([])["a"] == nil)
    }

    @Test("Literals build the expected cases")
    func literals() {
        let values: [MessagePackValue] = [true, 1, -1, 1.5, "s", [1]]
        #expect(values == [.bool(true), .uint(1), .int(-1), .float64(1.5), .string("s"), .array([.uint(1)])])
        #expect(values.map(\.type) == [.bool, .integer, .integer, .float64, .string, .array])
    }
}
