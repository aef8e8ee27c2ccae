import KMSMessagePack
import Testing

@Suite("Known encodings from the specification and the peers we talk to")
struct KnownEncodingTests {
    static let point33a = [UInt8](repeating: 0x02, count: 33)
    static let point33b = [UInt8](repeating: 0x03, count: 33)
    static let scalar32 = [UInt8](repeating: 0x7e, count: 32)
    static let nodeID = [UInt8](0..<20)

    static let cases: [(String, MessagePackValue, String)] = [
        ("nil", .nil, "c0"),
        ("false", .bool(false), "c2"),
        ("true", .bool(true), "c3"),
        ("empty string", .string(""), "a0"),
        ("hello", .string("hello"), "a5 68 65 6c 6c 6f"),
        ("non-ASCII string", .string("é€"), "a5 c3 a9 e2 82 ac"),
        ("empty binary", .binary([]), "c4 00"),
        ("two bytes", .binary([1, 2]), "c4 02 01 02"),
        ("empty array", .array([]), "90"),
        ("empty map", .map([]), "80"),
        ("float32 one", .float32(1), "ca 3f 80 00 00"),
        ("float64 1.1", .float64(1.1), "cb 3f f1 99 99 99 99 99 9a"),
        ("timestamp32 extension", .extension(type: -1, data: [0, 0, 0, 0]), "d6 ff 00 00 00 00"),
        (
            "msgpack.org front-page example",
            .map([
                MessagePackMapEntry(key: "compact", value: true),
                MessagePackMapEntry(key: "schema", value: 0),
            ]),
            "82 a7 63 6f 6d 70 61 63 74 c3 a6 73 63 68 65 6d 61 00"
        ),
        (
            "umbral-style struct of three bin8 fields",
            .array([.binary(point33a), .binary(point33b), .binary(scalar32)]),
            "93 c4 21" + String(repeating: " 02", count: 33) + " c4 21" + String(repeating: " 03", count: 33)
                + " c4 20" + String(repeating: " 7e", count: 32)
        ),
        (
            "rpcudp ping call [name, [node id]]",
            .array(["ping", .array([.binary(nodeID)])]),
            "92 a4 70 69 6e 67 91 c4 14 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13"
        ),
        (
            "rpcudp response [true, [[id, host, port]]]",
            .array([true, .array([.array([.binary([9]), "127.0.0.1", 8468])])]),
            "92 c3 91 93 c4 01 09 a9 31 32 37 2e 30 2e 30 2e 31 cd 21 14"
        ),
        ("rmp-serde Option::None inside a struct", .array([.nil, -5, 300]), "93 c0 fb cd 01 2c"),
    ]

    @Test("Encodes and decodes exactly the expected bytes", arguments: cases)
    func knownEncoding(name: String, value: MessagePackValue, encoding: String) throws {
        let expected = hex(encoding)
        #expect(MessagePack.encode(value) == expected, "\(name)")
        #expect(try MessagePack.decode(expected) == value, "\(name)")
    }

    @Test("An umbral-style object can be written and read field by field")
    func fieldByField() throws {
        var writer = MessagePackWriter(reservingCapacity: 105)
        writer.writeArrayHeader(3)
        writer.writeBinary(Self.point33a)
        writer.writeBinary(Self.point33b[...])
        writer.writeBinary(Self.scalar32)
        #expect(writer.bytes.prefix(3) == [0x93, 0xc4, 0x21])
        #expect(writer.bytes.count == 105)

        var reader = MessagePackReader(writer.bytes)
        try reader.readArrayHeader(count: 3, field: "Capsule")
        #expect(try reader.readBinary(count: 33, field: "point_e") == Self.point33a)
        #expect(try reader.readBinary(count: 33, field: "point_v") == Self.point33b)
        #expect(try reader.readBinary(count: 32, field: "signature") == Self.scalar32)
        try reader.finish()
    }
}
