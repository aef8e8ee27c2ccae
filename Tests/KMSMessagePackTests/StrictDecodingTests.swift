import KMSMessagePack
import Testing

@Suite("Strict decoding rejects every malformed or non-canonical input")
struct StrictDecodingTests {
    /// One value of every kind, several nested, used for truncation tests.
    static let sample: [UInt8] = MessagePack.encode(
        .map([
            MessagePackMapEntry(key: "ints", value: [0, 200, 70000, 5_000_000_000, -1, -100, -1000, -100_000, -5_000_000_000]),
            MessagePackMapEntry(key: "floats", value: [.float32(1.5), .float64(-2.25)]),
            MessagePackMapEntry(key: "text", value: .string(String(repeating: "ü", count: 20))),
            MessagePackMapEntry(key: .binary([1, 2, 3]), value: .binary([UInt8](repeating: 7, count: 300))),
            MessagePackMapEntry(key: .nil, value: [true, false, .nil]),
            MessagePackMapEntry(key: 1, value: .extension(type: 3, data: [1, 2, 3])),
            MessagePackMapEntry(key: 2, value: .extension(type: 4, data: [1, 2, 3, 4])),
            MessagePackMapEntry(key: 3, value: .array((0..<20).map { MessagePackValue.uint(UInt64($0)) })),
        ])
    )

    @Test("Every proper prefix of a valid encoding is reported as truncated")
    func everyPrefixIsTruncated() {
        #expect(Self.sample.count > 400)
        for length in 0..<Self.sample.count {
            let prefix = Array(Self.sample.prefix(length))
            let error = decodingError { () throws(MessagePackError) in _ = try MessagePack.decode(prefix) }
            switch error {
            case .truncated?, .lengthExceedsInput?:
                break
            default:
                Issue.record("prefix of \(length) bytes gave \(String(describing: error))")
            }
        }
    }

    @Test("Truncation errors say what was being read and where")
    func truncationDetails() {
        #expect(throws: MessagePackError.truncated(reading: "type byte", offset: 0)) {
            try MessagePack.decode([])
        }
        #expect(throws: MessagePackError.truncated(reading: "unsigned integer value", offset: 1)) {
            try MessagePack.decode(hex("cd 01"))
        }
        #expect(throws: MessagePackError.truncated(reading: "string length", offset: 2)) {
            try MessagePack.decode(hex("91 da 01"))
        }
        #expect(throws: MessagePackError.truncated(reading: "type byte", offset: 4)) {
            try MessagePack.decode(hex("92 cd 01 00"))
        }
        #expect(throws: MessagePackError.truncated(reading: "extension type", offset: 2)) {
            try MessagePack.decode(hex("c7 03"))
        }
        #expect(throws: MessagePackError.lengthExceedsInput(.binary, length: 4, available: 2, offset: 0)) {
            try MessagePack.decode(hex("c4 04 01 02"))
        }
    }

    static let nonCanonical: [BadInput] = [
        BadInput("cc 00", .nonCanonicalInteger(format: 0xcc, offset: 0)),
        BadInput("cc 7f", .nonCanonicalInteger(format: 0xcc, offset: 0)),
        BadInput("cd 00 ff", .nonCanonicalInteger(format: 0xcd, offset: 0)),
        BadInput("ce 00 00 ff ff", .nonCanonicalInteger(format: 0xce, offset: 0)),
        BadInput("cf 00 00 00 00 ff ff ff ff", .nonCanonicalInteger(format: 0xcf, offset: 0)),
        BadInput("d0 00", .nonNegativeSignedInteger(format: 0xd0, offset: 0)),
        BadInput("d0 05", .nonNegativeSignedInteger(format: 0xd0, offset: 0)),
        BadInput("d1 00 80", .nonNegativeSignedInteger(format: 0xd1, offset: 0)),
        BadInput("d2 00 00 00 01", .nonNegativeSignedInteger(format: 0xd2, offset: 0)),
        BadInput("d3 7f ff ff ff ff ff ff ff", .nonNegativeSignedInteger(format: 0xd3, offset: 0)),
        BadInput("d0 ff", .nonCanonicalInteger(format: 0xd0, offset: 0)),
        BadInput("d0 e0", .nonCanonicalInteger(format: 0xd0, offset: 0)),
        BadInput("d1 ff 80", .nonCanonicalInteger(format: 0xd1, offset: 0)),
        BadInput("d2 ff ff 80 00", .nonCanonicalInteger(format: 0xd2, offset: 0)),
        BadInput("d3 ff ff ff ff 80 00 00 00", .nonCanonicalInteger(format: 0xd3, offset: 0)),
        BadInput("91 cc 05", .nonCanonicalInteger(format: 0xcc, offset: 1)),
        BadInput("d9 1f", followedBy: 31, copiesOf: 0x61, .nonCanonicalLength(.string, length: 31, offset: 0)),
        BadInput("d9 00", .nonCanonicalLength(.string, length: 0, offset: 0)),
        BadInput("da 00 ff", followedBy: 255, copiesOf: 0x61, .nonCanonicalLength(.string, length: 255, offset: 0)),
        BadInput("db 00 00 ff ff", followedBy: 65535, copiesOf: 0x61, .nonCanonicalLength(.string, length: 65535, offset: 0)),
        BadInput("c5 00 ff", followedBy: 255, copiesOf: 0x00, .nonCanonicalLength(.binary, length: 255, offset: 0)),
        BadInput("c5 00 00", .nonCanonicalLength(.binary, length: 0, offset: 0)),
        BadInput("c6 00 00 ff ff", followedBy: 65535, copiesOf: 0x00, .nonCanonicalLength(.binary, length: 65535, offset: 0)),
        BadInput("dc 00 0f", followedBy: 15, copiesOf: 0xc0, .nonCanonicalLength(.array, length: 15, offset: 0)),
        BadInput("dc 00 00", .nonCanonicalLength(.array, length: 0, offset: 0)),
        BadInput("dd 00 00 ff ff", followedBy: 65535, copiesOf: 0xc0, .nonCanonicalLength(.array, length: 65535, offset: 0)),
        BadInput("de 00 0f", followedBy: 30, copiesOf: 0xc0, .nonCanonicalLength(.map, length: 15, offset: 0)),
        BadInput("df 00 00 00 01 c0 c0", .nonCanonicalLength(.map, length: 1, offset: 0)),
        BadInput("c7 01 05 00", .nonCanonicalLength(.extension, length: 1, offset: 0)),
        BadInput("c7 02 05 00 00", .nonCanonicalLength(.extension, length: 2, offset: 0)),
        BadInput("c7 04 05 00 00 00 00", .nonCanonicalLength(.extension, length: 4, offset: 0)),
        BadInput("c7 08 05", followedBy: 8, copiesOf: 0x00, .nonCanonicalLength(.extension, length: 8, offset: 0)),
        BadInput("c7 10 05", followedBy: 16, copiesOf: 0x00, .nonCanonicalLength(.extension, length: 16, offset: 0)),
        BadInput("c8 00 ff 05", followedBy: 255, copiesOf: 0x00, .nonCanonicalLength(.extension, length: 255, offset: 0)),
        BadInput("c9 00 00 ff ff 05", followedBy: 65535, copiesOf: 0x00, .nonCanonicalLength(.extension, length: 65535, offset: 0)),
    ]

    @Test("Integers and lengths not in their shortest form are rejected", arguments: nonCanonical)
    func nonCanonicalForms(input: BadInput) {
        #expect(throws: input.error) { try MessagePack.decode(input.bytes) }
        #expect(throws: input.error) { _ = try MessagePack.decodePrefix(input.bytes) }
    }

    @Test("The reserved byte 0xc1 is rejected wherever it appears")
    func reservedByte() {
        #expect(throws: MessagePackError.reservedByte(offset: 0)) { try MessagePack.decode([0xc1]) }
        #expect(throws: MessagePackError.reservedByte(offset: 2)) { try MessagePack.decode(hex("92 01 c1")) }
        #expect(throws: MessagePackError.reservedByte(offset: 1)) { try MessagePack.decode(hex("81 c1 01")) }
        #expect(throws: MessagePackError.reservedByte(offset: 0)) { try MessagePackReader([0xc1]).peekType() }
    }

    static let badUTF8: [String] = [
        "a1 ff",  // never valid
        "a1 80",  // lone continuation byte
        "a2 c3 28",  // lead byte followed by a non-continuation
        "a2 c0 80",  // overlong NUL
        "a3 e0 80 80",  // overlong
        "a3 ed a0 80",  // UTF-16 surrogate
        "a4 f4 90 80 80",  // above U+10FFFF
        "a1 e2",  // sequence cut short
        "a3 e2 82 61",  // sequence interrupted
        "d9 21" + String(repeating: " 61", count: 32) + " fe",  // error at the end of a str8
    ]

    @Test("Strings that are not valid UTF-8 are rejected", arguments: badUTF8)
    func invalidUTF8(encoding: String) {
        #expect(throws: MessagePackError.invalidUTF8(offset: 0)) { try MessagePack.decode(hex(encoding)) }
        #expect(throws: MessagePackError.invalidUTF8(offset: 1)) { try MessagePack.decode([0x91] + hex(encoding)) }
        var reader = MessagePackReader(hex(encoding))
        #expect(throws: MessagePackError.invalidUTF8(offset: 0)) { try reader.readString() }
        #expect(reader.offset == 0)
    }

    @Test("A hundred thousand nested arrays fail with a depth error, not a stack overflow")
    func arrayDepthBomb() {
        let bomb = [UInt8](repeating: 0x91, count: 100_000)
        #expect(throws: MessagePackError.depthLimitExceeded(limit: 64, offset: 64)) {
            try MessagePack.decode(bomb)
        }
        #expect(throws: MessagePackError.depthLimitExceeded(limit: 512, offset: 512)) {
            try MessagePack.decode(bomb, options: MessagePack.DecodingOptions(maxDepth: 1_000_000))
        }
    }

    @Test("Nested maps deeper than the limit fail with a depth error, in keys as well as values")
    func mapDepthBomb() {
        let valueBomb = Array([[UInt8]](repeating: [0x81, 0xc0], count: 50_000).joined())
        #expect(throws: MessagePackError.depthLimitExceeded(limit: 64, offset: 128)) {
            try MessagePack.decode(valueBomb)
        }
        let keyBomb = [UInt8](repeating: 0x81, count: 50_000)
        #expect(throws: MessagePackError.depthLimitExceeded(limit: 64, offset: 64)) {
            try MessagePack.decode(keyBomb)
        }
    }

    @Test("The depth limit is configurable and counts containers, not scalars")
    func configurableDepth() throws {
        let options = MessagePack.DecodingOptions(maxDepth: 2)
        #expect(try MessagePack.decode(hex("91 91 01"), options: options) == [[1]])
        #expect(throws: MessagePackError.depthLimitExceeded(limit: 2, offset: 2)) {
            try MessagePack.decode(hex("91 91 91 01"), options: options)
        }
        let flat = MessagePack.DecodingOptions(maxDepth: 0)
        #expect(try MessagePack.decode(hex("01"), options: flat) == 1)
        #expect(throws: MessagePackError.depthLimitExceeded(limit: 0, offset: 0)) {
            try MessagePack.decode(hex("90"), options: flat)
        }
    }

    static let hugeLengths: [(String, MessagePackError)] = [
        ("c6 ff ff ff ff", .lengthExceedsInput(.binary, length: 0xffff_ffff, available: 0, offset: 0)),
        ("db ff ff ff ff 61", .lengthExceedsInput(.string, length: 0xffff_ffff, available: 1, offset: 0)),
        ("c9 ff ff ff ff 01", .lengthExceedsInput(.extension, length: 0xffff_ffff, available: 0, offset: 0)),
        ("dd ff ff ff ff 01 02", .lengthExceedsInput(.array, length: 0xffff_ffff, available: 2, offset: 0)),
        ("df ff ff ff ff", .lengthExceedsInput(.map, length: 0xffff_ffff, available: 0, offset: 0)),
        ("df 00 01 00 00 c0", .lengthExceedsInput(.map, length: 65536, available: 1, offset: 0)),
        ("82 01 02 03", .lengthExceedsInput(.map, length: 2, available: 3, offset: 0)),
        ("93 01 02", .lengthExceedsInput(.array, length: 3, available: 2, offset: 0)),
        ("92 c5 ff ff 00", .lengthExceedsInput(.binary, length: 0xffff, available: 1, offset: 1)),
        ("d8 01 00", .lengthExceedsInput(.extension, length: 16, available: 1, offset: 0)),
        ("bf 61", .lengthExceedsInput(.string, length: 31, available: 1, offset: 0)),
    ]

    @Test("Declared lengths beyond the input are rejected before allocating", arguments: hugeLengths)
    func hugeDeclaredLengths(encoding: String, expected: MessagePackError) {
        #expect(throws: expected) { try MessagePack.decode(hex(encoding)) }
    }

    @Test("The reader rejects huge declared lengths in headers too")
    func hugeHeaderInReader() {
        var reader = MessagePackReader(hex("dd ff ff ff ff"))
        #expect(throws: MessagePackError.lengthExceedsInput(.array, length: 0xffff_ffff, available: 0, offset: 0)) {
            _ = try reader.readArrayHeader()
        }
    }

    @Test("Containers larger than the configured count are rejected")
    func containerLimit() throws {
        let options = MessagePack.DecodingOptions(maxContainerCount: 3)
        #expect(try MessagePack.decode(hex("93 01 02 03"), options: options) == [1, 2, 3])
        #expect(throws: MessagePackError.containerTooLarge(.array, count: 4, limit: 3, offset: 0)) {
            try MessagePack.decode(hex("94 01 02 03 04"), options: options)
        }
        #expect(throws: MessagePackError.containerTooLarge(.map, count: 4, limit: 3, offset: 1)) {
            try MessagePack.decode(hex("91 84 01 c0 02 c0 03 c0 04 c0"), options: options)
        }
        var reader = MessagePackReader(hex("94 01 02 03 04"), options: options)
        #expect(throws: MessagePackError.containerTooLarge(.array, count: 4, limit: 3, offset: 0)) {
            _ = try reader.readArrayHeader()
        }
    }

    @Test("Bytes after the top-level value are rejected, but the prefix decoder reports them")
    func trailingBytes() throws {
        #expect(throws: MessagePackError.trailingBytes(offset: 1, count: 2)) { try MessagePack.decode(hex("01 02 03")) }
        #expect(throws: MessagePackError.trailingBytes(offset: 3, count: 1)) { try MessagePack.decode(hex("92 01 02 c0")) }
        let (value, consumed) = try MessagePack.decodePrefix(hex("92 01 02 c0"))
        #expect(value == [1, 2])
        #expect(consumed == 3)
    }

    @Test("Duplicate map keys are rejected in small and large maps")
    func duplicateKeys() {
        #expect(throws: MessagePackError.duplicateMapKey(offset: 4)) {
            try MessagePack.decode(hex("82 a1 61 01 a1 61 02"))
        }
        #expect(throws: MessagePackError.duplicateMapKey(offset: 5)) {
            try MessagePack.decode(hex("82 92 01 02 c0 92 01 02 c3"))
        }
        // Large maps take the hashing path.
        var writer = MessagePackWriter()
        writer.writeMapHeader(40)
        for key in 0..<39 {
            writer.writeUInt(UInt64(key))
            writer.writeNil()
        }
        let duplicateOffset = writer.bytes.count
        writer.writeUInt(17)
        writer.writeNil()
        #expect(throws: MessagePackError.duplicateMapKey(offset: duplicateOffset)) {
            try MessagePack.decode(writer.bytes)
        }
    }

    @Test("Keys that differ in bytes are distinct even when Swift would call them equal")
    func byteDistinctKeys() throws {
        // "é" precomposed and decomposed are canonically equivalent Swift strings,
        // but different byte strings on the wire, as Python sees them too.
        let bytes = hex("82 a2 c3 a9 01 a3 65 cc 81 02")
        let value = try MessagePack.decode(bytes)
        #expect(try value.map(field: "m").count == 2)
        #expect(MessagePack.encode(value) == bytes)
        // 0.0 and -0.0 are equal Doubles but different encodings.
        let zeros = hex("82 cb 00 00 00 00 00 00 00 00 01 cb 80 00 00 00 00 00 00 00 02")
        #expect(MessagePack.encode(try MessagePack.decode(zeros)) == zeros)
        // NaN is a usable, and duplicable, key.
        let nan = hex("82 cb 7f f8 00 00 00 00 00 00 01 cb 7f f8 00 00 00 00 00 00 02")
        #expect(throws: MessagePackError.duplicateMapKey(offset: 11)) { try MessagePack.decode(nan) }
    }

    @Test("Every error describes itself in words")
    func descriptions() {
        let errors: [MessagePackError] = [
            .truncated(reading: "type byte", offset: 0),
            .reservedByte(offset: 1),
            .nonCanonicalInteger(format: 0xcc, offset: 2),
            .nonNegativeSignedInteger(format: 0xd0, offset: 3),
            .nonCanonicalLength(.string, length: 4, offset: 4),
            .invalidUTF8(offset: 5),
            .depthLimitExceeded(limit: 64, offset: 6),
            .lengthExceedsInput(.binary, length: 7, available: 1, offset: 7),
            .lengthExceedsInput(.map, length: 7, available: 1, offset: 7),
            .containerTooLarge(.array, count: 8, limit: 2, offset: 8),
            .duplicateMapKey(offset: 9),
            .trailingBytes(offset: 10, count: 1),
            .typeMismatch(field: "f", expected: .binary, found: .string),
            .wrongArity(field: "f", expected: 3, found: 2),
            .wrongByteCount(field: "f", expected: 33, found: 32),
            .integerOutOfRange(field: "f", type: "UInt8", value: "300"),
        ]
        var seen: Set<String> = []
        for error in errors {
            #expect(!error.description.isEmpty)
            #expect(seen.insert(error.description).inserted)
        }
        #expect(MessagePackError.nonCanonicalInteger(format: 0xcc, offset: 2).description.contains("uint8"))
        #expect(MessagePackError.typeMismatch(field: "point_e", expected: .binary, found: .string).description
            == "field 'point_e': expected binary, found string")
    }
}

/// A malformed input and the error it must produce, shown in test output by its header
/// alone so that 64 KiB payloads do not flood the log.
struct BadInput: Sendable, CustomTestStringConvertible {
    let header: String
    let bytes: [UInt8]
    let error: MessagePackError

    /// `header` as hex, followed by `count` copies of `filler`.
    init(_ header: String, followedBy count: Int = 0, copiesOf filler: UInt8 = 0, _ error: MessagePackError) {
        self.header = header
        self.bytes = hex(header) + [UInt8](repeating: filler, count: count)
        self.error = error
    }

    var testDescription: String {
        bytes.count > 16 ? "\(header) …(\(bytes.count) bytes)" : header
    }
}
