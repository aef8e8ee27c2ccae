import KMSMessagePack
import KMSNetwork
import Testing

/// Datagrams captured on 127.0.0.1 from the pinned Python reference (kademlia 2.2.3, rpcudp,
/// u-msgpack-python 2.8): a stock `Server` with id `33`×20 on port 8470 answering hand-made
/// requests from port 8471 (sender `11`×20, message id `22`×20), after a peer with id `66`×20
/// on port 8472 had pinged it; then the same `Server` calling the 8471 socket through its own
/// `call_ping` / `call_store` / `call_find_node` / `call_find_value`.
/// `Scripts/capture-kademlia-wire.py` reproduces the captures (the `PYCALL` message ids are random).
@Suite("Datagrams captured from the Python reference")
struct CapturedDatagramTests {
    static let sender = try! NodeID(bytes: [UInt8](repeating: 0x11, count: 20))
    static let python = try! NodeID(bytes: [UInt8](repeating: 0x33, count: 20))
    static let key = DHTKey(digesting: "greeting")

    /// Decodes a captured response and checks it re-encodes to the same bytes.
    func response(_ hex: String, _ method: DHTMethod) throws -> DHTResponse {
        let bytes = WireHex.bytes(hex)
        let datagram = try RPCDatagram.decode(bytes)
        #expect(datagram.kind == .response)
        #expect(datagram.messageID.bytes == [UInt8](repeating: 0x22, count: 20))
        let decoded = try DHTResponse.decode(datagram.payload, answering: method)
        #expect(RPCDatagram(response: decoded, messageID: datagram.messageID).encode() == bytes)
        return decoded
    }

    @Test("Python's answers to ping, store, find_value, find_node and stun")
    func pythonResponses() throws {
        #expect(try response("01" + WireHex.repeated("22") + "c414" + WireHex.repeated("33"), .ping) == .ping(Self.python))
        #expect(try response("01" + WireHex.repeated("22") + "c3", .store) == .store(true))
        // Value stored as 2**64 - 1: only uint64 carries it.
        #expect(
            try response("01" + WireHex.repeated("22") + "81a576616c7565cfffffffffffffffff", .findValue)
                == .value(.largeUnsigned(UInt64.max)))
        #expect(
            try response("01" + WireHex.repeated("22") + "81a576616c7565cbbff4000000000000", .findValue)
                == .value(.float(-1.25)))
        #expect(try response("01" + WireHex.repeated("22") + "90", .findValue) == .nodes([]))
        #expect(
            try response(
                "01" + WireHex.repeated("22") + "9193c414" + WireHex.repeated("66") + "a93132372e302e302e31cd2118",
                .findNode)
                == .nodes([DHTContact(id: try NodeID(bytes: [UInt8](repeating: 0x66, count: 20)), host: "127.0.0.1", port: 8472)]))
        #expect(
            try response("01" + WireHex.repeated("22") + "92a93132372e302e302e31cd2117", .stun)
                == .stun(host: "127.0.0.1", port: 8471))
    }

    @Test("Our requests encode to the bytes the Python node answered")
    func ourRequests() throws {
        let id = try RPCMessageID(bytes: [UInt8](repeating: 0x22, count: 20))
        let cases: [(DHTRequest, String)] = [
            (.ping(sender: Self.sender), "92a470696e6791c414" + WireHex.repeated("11")),
            (
                .store(sender: Self.sender, key: Self.key, value: .largeUnsigned(UInt64.max)),
                "92a573746f726593c414" + WireHex.repeated("11") + "c414a0f7e779f9247566c84036f07f7bdf4a40a869bdcfffffffffffffffff"
            ),
            (
                .store(sender: Self.sender, key: Self.key, value: .float(-1.25)),
                "92a573746f726593c414" + WireHex.repeated("11") + "c414a0f7e779f9247566c84036f07f7bdf4a40a869bdcbbff4000000000000"
            ),
            (
                .findValue(sender: Self.sender, key: try DHTKey(bytes: [UInt8](repeating: 0x44, count: 20))),
                "92aa66696e645f76616c756592c414" + WireHex.repeated("11") + "c414" + WireHex.repeated("44")
            ),
            (
                .findNode(sender: Self.sender, target: try NodeID(bytes: [UInt8](repeating: 0x55, count: 20))),
                "92a966696e645f6e6f646592c414" + WireHex.repeated("11") + "c414" + WireHex.repeated("55")
            ),
            (.stun, "92a47374756e90"),
        ]
        for (request, payload) in cases {
            let bytes = WireHex.bytes("00" + WireHex.repeated("22") + payload)
            #expect(RPCDatagram(request: request, messageID: id).encode() == bytes)
            #expect(try DHTRequest.decode(RPCDatagram.decode(bytes).payload) == request)
        }
    }

    @Test("Requests the Python node sent through its own call_* methods")
    func pythonRequests() throws {
        let captured: [(String, DHTRequest)] = [
            (
                "006811b430d37b2797b34eb2ef1d2f1a98fba384f992a470696e6791c414" + WireHex.repeated("33"),
                .ping(sender: Self.python)
            ),
            (
                "004b53ba45bbedd087d4b4511f87612c7a889809ca92a573746f726593c414" + WireHex.repeated("33")
                    + "c414a0f7e779f9247566c84036f07f7bdf4a40a869bda668c3a96c6c6f",
                .store(sender: Self.python, key: Self.key, value: .string("héllo"))
            ),
            (
                "000352adc6b67269a8ee0b5be32673103ff802a46992a966696e645f6e6f646592c414" + WireHex.repeated("33")
                    + "c414" + WireHex.repeated("55"),
                .findNode(sender: Self.python, target: try NodeID(bytes: [UInt8](repeating: 0x55, count: 20)))
            ),
            (
                "00afc4332a5b8433f8eeae6217186cac5a89b74d0692aa66696e645f76616c756592c414" + WireHex.repeated("33")
                    + "c414a0f7e779f9247566c84036f07f7bdf4a40a869bd",
                .findValue(sender: Self.python, key: Self.key)
            ),
        ]
        for (hex, expected) in captured {
            let bytes = WireHex.bytes(hex)
            let datagram = try RPCDatagram.decode(bytes)
            #expect(datagram.kind == .request)
            #expect(datagram.messageID.bytes == Array(bytes[1..<21]))
            #expect(try DHTRequest.decode(datagram.payload) == expected)
            // Echoing the id and re-encoding reproduces Python's bytes exactly.
            #expect(RPCDatagram(request: expected, messageID: datagram.messageID).encode() == bytes)
        }
    }
}
