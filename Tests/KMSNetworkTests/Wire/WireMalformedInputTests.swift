import KMSMessagePack
import KMSNetwork
import Testing

/// Inputs a Python node would drop (or that we drop by design) give typed errors, never traps.
@Suite("Malformed wire input")
struct WireMalformedInputTests {
    static let id20 = WireHex.repeated("22")
    static let sender = "c414" + WireHex.repeated("11")
    static let key = "c414a0f7e779f9247566c84036f07f7bdf4a40a869bd"

    func request(_ payloadHex: String) throws(KMSNetworkError) -> DHTRequest {
        try DHTRequest.decode(RPCDatagram.decode(WireHex.bytes("00" + Self.id20 + payloadHex)).payload)
    }

    func response(_ payloadHex: String, _ method: DHTMethod) throws(KMSNetworkError) -> DHTResponse {
        try DHTResponse.decode(RPCDatagram.decode(WireHex.bytes("01" + Self.id20 + payloadHex)).payload, answering: method)
    }

    /// Asserts that `body` throws a ``KMSNetworkError/invalidMessagePack(_:)``.
    func expectInvalidMessagePack(_ body: () throws(KMSNetworkError) -> Void, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            try body()
            Issue.record("decoded without error", sourceLocation: sourceLocation)
        } catch {
            guard case .invalidMessagePack = error else {
                Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
                return
            }
        }
    }

    @Test("Datagram length bounds: under 22 bytes and over 64 KiB")
    func lengthBounds() throws {
        #expect(throws: KMSNetworkError.datagramTooShort(actual: 0)) { try RPCDatagram.decode([]) }
        #expect(throws: KMSNetworkError.datagramTooShort(actual: 21)) { try RPCDatagram.decode(WireHex.bytes("00" + Self.id20)) }
        #expect(throws: KMSNetworkError.datagramTooLarge(actual: 65_537, limit: 65_536)) {
            try RPCDatagram.decode([UInt8](repeating: 0, count: 65_537))
        }
        // Exactly 64 KiB is accepted: a bin16 value filling the rest of the datagram.
        let fill = 65_536 - 21 - 3
        let largest = WireHex.bytes("01" + Self.id20 + "c5ffe8") + [UInt8](repeating: 7, count: fill)
        #expect(largest.count == 65_536)
        #expect(try RPCDatagram.decode(largest).payload == .binary([UInt8](repeating: 7, count: fill)))
        // The smallest datagram: one msgpack byte.
        #expect(try RPCDatagram.decode(WireHex.bytes("01" + Self.id20 + "c3")).payload == .bool(true))
    }

    @Test("Type byte: only 0x00 and 0x01, judged after the payload as Python does")
    func typeByte() {
        #expect(throws: KMSNetworkError.unknownMessageType(0x02)) { try RPCDatagram.decode(WireHex.bytes("02" + Self.id20 + "c3")) }
        #expect(throws: KMSNetworkError.unknownMessageType(0xff)) { try RPCDatagram.decode(WireHex.bytes("ff" + Self.id20 + "90")) }
        #expect(throws: KMSNetworkError.invalidMessagePack(.reservedByte(offset: 0))) {
            try RPCDatagram.decode(WireHex.bytes("02" + Self.id20 + "c1"))
        }
    }

    @Test("Invalid MessagePack: reserved byte, truncation, bad UTF-8, duplicate keys, non-canonical forms")
    func invalidMessagePack() {
        for payload in [
            "c1",
            "92a470696e6791c414" + String(repeating: "11", count: 19),  // id cut short
            "92a4706996",  // str cut short
            "92a2ffff90",  // funcname not UTF-8
            "82a16101a16102",  // duplicate map key
            "cd0050",  // port-sized int in a wider form than needed
            "d90161",  // one-byte str in str8
        ] {
            expectInvalidMessagePack { () throws(KMSNetworkError) in _ = try RPCDatagram.decode(WireHex.bytes("00" + Self.id20 + payload)) }
        }
        expectInvalidMessagePack { () throws(KMSNetworkError) in _ = try DHTValue.decode([]) }
        expectInvalidMessagePack { () throws(KMSNetworkError) in _ = try DHTResponse.decode(WireHex.bytes("c3c3"), answering: .store) }
    }

    @Test("Trailing bytes after the payload are ignored in a datagram, as umsgpack.unpackb does")
    func trailingBytes() throws {
        let ping = "92a470696e6791" + Self.sender
        let expected = DHTRequest.ping(sender: try NodeID(bytes: [UInt8](repeating: 0x11, count: 20)))
        #expect(try request(ping + "c0c1ff") == expected)
        // The payload-level decoders take exactly one object.
        #expect(throws: KMSNetworkError.invalidMessagePack(.trailingBytes(offset: 29, count: 1))) {
            try DHTRequest.decode(WireHex.bytes(ping + "c0"))
        }
    }

    @Test("Request envelope: shape, funcname type and known names")
    func requestEnvelope() {
        #expect(throws: KMSNetworkError.wireTypeMismatch(field: "request", expected: .array, found: .bool)) { try request("c3") }
        #expect(throws: KMSNetworkError.wireArityMismatch(field: "request", expected: 2, found: 3)) {
            try request("93a470696e6791" + Self.sender + "c0")
        }
        #expect(throws: KMSNetworkError.wireArityMismatch(field: "request", expected: 2, found: 1)) { try request("91a47374756e") }
        #expect(throws: KMSNetworkError.wireTypeMismatch(field: "funcname", expected: .string, found: .binary)) {
            try request("92c40470696e6791" + Self.sender)
        }
        #expect(throws: KMSNetworkError.unknownRPC(name: "rpc_ping")) { try request("92a87270635f70696e6791" + Self.sender) }
        #expect(throws: KMSNetworkError.unknownRPC(name: "")) { try request("92a090") }
        #expect(throws: KMSNetworkError.wireTypeMismatch(field: "ping args", expected: .array, found: .nil)) {
            try request("92a470696e67c0")
        }
    }

    @Test("Exact arity for every RPC, including nkms's two-argument ping")
    func arity() {
        #expect(throws: KMSNetworkError.wireArityMismatch(field: "ping args", expected: 1, found: 0)) { try request("92a470696e6790") }
        #expect(throws: KMSNetworkError.wireArityMismatch(field: "ping args", expected: 1, found: 2)) {
            try request("92a470696e6792" + Self.sender + "90")
        }
        #expect(throws: KMSNetworkError.wireArityMismatch(field: "stun args", expected: 0, found: 1)) { try request("92a47374756e91c0") }
        #expect(throws: KMSNetworkError.wireArityMismatch(field: "store args", expected: 3, found: 2)) {
            try request("92a573746f726592" + Self.sender + Self.key)
        }
        #expect(throws: KMSNetworkError.wireArityMismatch(field: "find_node args", expected: 2, found: 1)) {
            try request("92a966696e645f6e6f646591" + Self.sender)
        }
        #expect(throws: KMSNetworkError.wireArityMismatch(field: "find_value args", expected: 2, found: 3)) {
            try request("92aa66696e645f76616c756593" + Self.sender + Self.key + "c0")
        }
    }

    @Test("Ids and keys must be bin of exactly 20 bytes")
    func idsAndKeys() {
        #expect(throws: KMSNetworkError.wireTypeMismatch(field: "sender id", expected: .binary, found: .string)) {
            try request("92a470696e6791a3616263")
        }
        #expect(throws: KMSNetworkError.wireByteCountMismatch(field: "sender id", expected: 20, found: 0)) {
            try request("92a470696e6791c400")
        }
        #expect(throws: KMSNetworkError.wireByteCountMismatch(field: "sender id", expected: 20, found: 32)) {
            try request("92a470696e6791c420" + String(repeating: "ab", count: 32))
        }
        #expect(throws: KMSNetworkError.wireByteCountMismatch(field: "key", expected: 20, found: 5)) {
            try request("92a573746f726593" + Self.sender + "c4050102030405a26869")
        }
        #expect(throws: KMSNetworkError.wireTypeMismatch(field: "key", expected: .binary, found: .string)) {
            try request("92aa66696e645f76616c756592" + Self.sender + "a26869")
        }
        #expect(throws: KMSNetworkError.wireTypeMismatch(field: "target", expected: .binary, found: .integer)) {
            try request("92a966696e645f6e6f646592" + Self.sender + "05")
        }
        #expect(throws: KMSNetworkError.invalidMessageIDLength(actual: 19)) { try RPCMessageID(bytes: [UInt8](repeating: 0, count: 19)) }
    }

    @Test("Stored values: only str, bin, int, float, bool; float32 is widened")
    func storedValues() throws {
        let prefix = "92a573746f726593" + Self.sender + Self.key
        for (hex, type) in [("c0", MessagePackType.nil), ("9101", .array), ("80", .map), ("d40100", .extension)] {
            #expect(throws: KMSNetworkError.unsupportedValueType(found: type)) { try request(prefix + hex) }
        }
        guard case let .store(_, _, value) = try request(prefix + "ca3fc00000") else {
            Issue.record("not a store")
            return
        }
        #expect(value == .float(1.5))
        #expect(try DHTValue.decode(WireHex.bytes("d3" + "8000000000000000")) == .integer(Int64.min))
        #expect(try DHTValue.decode(WireHex.bytes("cf" + "7fffffffffffffff")) == .integer(Int64.max))
        #expect(try DHTValue.decode(WireHex.bytes("cf" + "8000000000000000")) == .largeUnsigned(1 << 63))
        // Python tells these apart, and so do we.
        #expect(DHTValue.string("x") != .bytes([0x78]))
        #expect(DHTValue.bool(true) != .integer(1))
    }

    @Test("Response shapes for ping, store and stun")
    func scalarResponses() throws {
        #expect(throws: KMSNetworkError.wireTypeMismatch(field: "ping result", expected: .binary, found: .string)) {
            try response("a3616263", .ping)
        }
        #expect(throws: KMSNetworkError.wireByteCountMismatch(field: "ping result", expected: 20, found: 19)) {
            try response("c413" + String(repeating: "33", count: 19), .ping)
        }
        #expect(throws: KMSNetworkError.wireTypeMismatch(field: "store result", expected: .bool, found: .integer)) {
            try response("01", .store)
        }
        // A validating nkms node answers false.
        #expect(try response("c2", .store) == .store(false))
        #expect(throws: KMSNetworkError.wireArityMismatch(field: "stun result", expected: 2, found: 3)) {
            try response("93a131010203", .stun)
        }
        #expect(throws: KMSNetworkError.wireTypeMismatch(field: "stun port", expected: .integer, found: .string)) {
            try response("92a131a131", .stun)
        }
        #expect(throws: KMSNetworkError.wireTypeMismatch(field: "stun result", expected: .array, found: .nil)) {
            try response("c0", .stun)
        }
        // Python on IPv6 answers with its 4-element sender tuple.
        #expect(try response("94a33a3a31cd23280000", .stun) == .stun(host: "::1", port: 9000))
    }

    @Test("Node triples must be exactly [bin20, str, int 0...65535]")
    func nodeTriples() throws {
        let id = "c414" + WireHex.repeated("33")
        let ip = "a9" + "3132372e302e302e31"
        #expect(throws: KMSNetworkError.wireArityMismatch(field: "node triple", expected: 3, found: 2)) {
            try response("9192" + id + ip, .findNode)
        }
        #expect(throws: KMSNetworkError.wireArityMismatch(field: "node triple", expected: 3, found: 4)) {
            try response("9194" + id + ip + "50c0", .findNode)
        }
        #expect(throws: KMSNetworkError.wireTypeMismatch(field: "node port", expected: .integer, found: .string)) {
            try response("9193" + id + ip + "a23830", .findNode)
        }
        #expect(throws: KMSNetworkError.portOutOfRange(field: "node port", value: "65536")) {
            try response("9193" + id + ip + "ce00010000", .findNode)
        }
        #expect(throws: KMSNetworkError.portOutOfRange(field: "node port", value: "-1")) {
            try response("9193" + id + ip + "ff", .findValue)
        }
        #expect(throws: KMSNetworkError.wireTypeMismatch(field: "node ip", expected: .string, found: .binary)) {
            try response("9193" + id + "c401" + "31" + "50", .findNode)
        }
        #expect(throws: KMSNetworkError.wireTypeMismatch(field: "node id", expected: .binary, found: .string)) {
            try response("9193a133" + ip + "50", .findNode)
        }
        #expect(throws: KMSNetworkError.wireTypeMismatch(field: "find_node result", expected: .array, found: .integer)) {
            try response("05", .findNode)
        }
        // One bad triple among good ones rejects the whole answer.
        #expect(throws: KMSNetworkError.wireArityMismatch(field: "node triple", expected: 3, found: 0)) {
            try response("9293" + id + ip + "50" + "90", .findNode)
        }
        // nil counts as an empty list, as Python's caller treats it.
        #expect(try response("c0", .findNode) == .nodes([]))
        #expect(try response("9193" + id + ip + "cdffff", .findNode)
            == .nodes([DHTContact(id: try NodeID(bytes: [UInt8](repeating: 0x33, count: 20)), host: "127.0.0.1", port: 65535)]))
    }

    @Test("find_value hits must be exactly {\"value\": v} with a usable v")
    func valueMaps() throws {
        #expect(throws: KMSNetworkError.malformedValueMap) { try response("81c40576616c7565a26869", .findValue) }
        #expect(throws: KMSNetworkError.malformedValueMap) { try response("82a576616c7565a26869a1786869", .findValue) }
        #expect(throws: KMSNetworkError.malformedValueMap) { try response("80", .findValue) }
        #expect(throws: KMSNetworkError.unsupportedValueType(found: .array)) { try response("81a576616c75659101", .findValue) }
        #expect(throws: KMSNetworkError.unsupportedValueType(found: .nil)) { try response("81a576616c7565c0", .findValue) }
        // A map answering find_node is just the wrong type.
        #expect(throws: KMSNetworkError.wireTypeMismatch(field: "find_node result", expected: .array, found: .map)) {
            try response("81a576616c7565a26869", .findNode)
        }
    }
}
