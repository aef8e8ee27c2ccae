import KMSMessagePack
import KMSNetwork
import Testing

/// Value encodings byte for byte against u-msgpack-python 2.8's `packb` (output captured from the
/// pinned reference venv), plus the length prefixes listed in section 2.1 of the notes.
@Suite("DHTValue encodings match u-msgpack-python")
struct DHTValueEncodingTests {
    static let integers: [(Int64, String)] = [
        (-32, "e0"), (-33, "d0df"), (-128, "d080"), (-129, "d1ff7f"), (-32768, "d18000"),
        (-32769, "d2ffff7fff"), (-2_147_483_648, "d280000000"), (-2_147_483_649, "d3ffffffff7fffffff"),
        (Int64.min, "d38000000000000000"), (127, "7f"), (128, "cc80"), (255, "ccff"), (256, "cd0100"),
        (65535, "cdffff"), (65536, "ce00010000"), (4_294_967_295, "ceffffffff"),
        (4_294_967_296, "cf0000000100000000"), (Int64.max, "cf7fffffffffffffff"),
    ]

    @Test("Integers take the smallest form, both directions")
    func integers() throws {
        for (value, hex) in Self.integers {
            #expect(DHTValue.integer(value).encode() == WireHex.bytes(hex))
            #expect(try DHTValue.decode(WireHex.bytes(hex)) == .integer(value))
        }
        #expect(DHTValue.largeUnsigned(UInt64.max).encode() == WireHex.bytes("cfffffffffffffffff"))
        // The two integer cases agree wherever they overlap.
        #expect(DHTValue.largeUnsigned(5) == .integer(5))
        #expect(Set([DHTValue.largeUnsigned(5), .integer(5)]).count == 1)
    }

    @Test("Floats are always float64; str, bytes and bool as umsgpack writes them")
    func scalars() throws {
        let cases: [(DHTValue, String)] = [
            (.float(0.0), "cb0000000000000000"), (.float(-0.0), "cb8000000000000000"),
            (.float(.infinity), "cb7ff0000000000000"), (.string(""), "a0"), (.bytes([]), "c400"),
            (.bool(true), "c3"), (.bool(false), "c2"),
        ]
        for (value, hex) in cases {
            #expect(value.encode() == WireHex.bytes(hex))
            #expect(try DHTValue.decode(WireHex.bytes(hex)) == value)
        }
        // Bit-pattern equality keeps the two zeros apart, as their encodings differ.
        #expect(DHTValue.float(0.0) != .float(-0.0))
    }

    @Test("str and bin length prefixes at every boundary")
    func lengthPrefixes() throws {
        let cases: [(Int, String, String)] = [
            (31, "bf", "c41f"), (32, "d920", "c420"), (255, "d9ff", "c4ff"),
            (256, "da0100", "c50100"), (65535, "daffff", "c5ffff"), (65536, "db00010000", "c600010000"),
        ]
        for (count, strHeader, binHeader) in cases {
            let text = DHTValue.string(String(repeating: "a", count: count))
            let bytes = DHTValue.bytes([UInt8](repeating: 0x61, count: count))
            #expect(text.encode() == WireHex.bytes(strHeader) + [UInt8](repeating: 0x61, count: count))
            #expect(bytes.encode() == WireHex.bytes(binHeader) + [UInt8](repeating: 0x61, count: count))
            #expect(try DHTValue.decode(text.encode()) == text)
            #expect(try DHTValue.decode(bytes.encode()) == bytes)
        }
    }

    @Test("nkms capability pings (section 10) are not stock 2.2.3 pings")
    func nkmsPings() throws {
        let id = "c414" + WireHex.repeated("11")
        for capabilities in ["90", "91a853656564" + "4f6e6c79"] {
            #expect(throws: KMSNetworkError.wireArityMismatch(field: "ping args", expected: 1, found: 2)) {
                try DHTRequest.decode(WireHex.bytes("92a470696e6792" + id + capabilities))
            }
        }
    }
}
