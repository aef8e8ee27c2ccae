import KMSMessagePack
import KMSNetwork
import Testing

/// The exact datagrams of section 3.8 of the kademlia 2.2.3 notes, in both directions.
@Suite("Spec section 3.8 datagrams")
struct WireSpecExampleTests {
    static let messageID = try! RPCMessageID(bytes: [UInt8](repeating: 0x22, count: 20))
    static let sender = try! NodeID(bytes: [UInt8](repeating: 0x11, count: 20))
    static let other = try! NodeID(bytes: [UInt8](repeating: 0x33, count: 20))
    static let key = DHTKey(digesting: "greeting")
    static let idHex = WireHex.repeated("22")
    static let keyHex = "a0f7e779f9247566c84036f07f7bdf4a40a869bd"

    /// Checks that `request` encodes to `hex` as a whole datagram and decodes back from it.
    func checkRequest(_ request: DHTRequest, _ payloadHex: String) throws {
        let datagram = WireHex.bytes("00" + Self.idHex + payloadHex)
        #expect(RPCDatagram(request: request, messageID: Self.messageID).encode() == datagram)
        #expect(request.encode() == WireHex.bytes(payloadHex))
        let decoded = try RPCDatagram.decode(datagram)
        #expect(decoded.kind == .request)
        #expect(decoded.messageID == Self.messageID)
        #expect(try DHTRequest.decode(decoded.payload) == request)
        #expect(try DHTRequest.decode(WireHex.bytes(payloadHex)) == request)
    }

    /// Checks that `response` encodes to `hex` as a whole datagram and decodes back from it.
    func checkResponse(_ response: DHTResponse, _ method: DHTMethod, _ payloadHex: String) throws {
        let datagram = WireHex.bytes("01" + Self.idHex + payloadHex)
        #expect(RPCDatagram(response: response, messageID: Self.messageID).encode() == datagram)
        let decoded = try RPCDatagram.decode(datagram)
        #expect(decoded.kind == .response)
        #expect(decoded.messageID == Self.messageID)
        #expect(try DHTResponse.decode(decoded.payload, answering: method) == response)
        #expect(try DHTResponse.decode(WireHex.bytes(payloadHex), answering: method) == response)
    }

    @Test("ping request and response")
    func ping() throws {
        try checkRequest(.ping(sender: Self.sender), "92 a4 70696e67 91 c4 14" + WireHex.repeated("11"))
        try checkResponse(.ping(Self.other), .ping, "c4 14" + WireHex.repeated("33"))
    }

    @Test("stun request and response")
    func stun() throws {
        try checkRequest(.stun, "92 a4 7374756e 90")
        try checkResponse(.stun(host: "127.0.0.1", port: 9000), .stun, "92 a9 3132372e302e302e31 cd 2328")
    }

    @Test("store request with the str value \"hi\", and its true answer")
    func store() throws {
        try checkRequest(
            .store(sender: Self.sender, key: Self.key, value: .string("hi")),
            "92 a5 73746f7265 93 c4 14" + WireHex.repeated("11") + "c4 14" + Self.keyHex + "a2 6869")
        try checkResponse(.store(true), .store, "c3")
    }

    @Test("find_node request, a two-triple answer and the empty answer")
    func findNode() throws {
        try checkRequest(
            .findNode(sender: Self.sender, target: Self.key.nodeID),
            "92 a9 66696e645f6e6f6465 92 c4 14" + WireHex.repeated("11") + "c4 14" + Self.keyHex)
        let contacts = [
            DHTContact(id: Self.other, host: "127.0.0.1", port: 9000),
            DHTContact(id: Self.sender, host: "10.0.0.7", port: 80),
        ]
        try checkResponse(
            .nodes(contacts), .findNode,
            "92 93 c4 14" + WireHex.repeated("33") + "a9 3132372e302e302e31 cd 2328"
                + "93 c4 14" + WireHex.repeated("11") + "a8 31302e302e302e37 50")
        try checkResponse(.nodes([]), .findNode, "90")
        try checkResponse(.nodes([]), .findValue, "90")
    }

    @Test("find_value request and the value hits of every listed type")
    func findValue() throws {
        try checkRequest(
            .findValue(sender: Self.sender, key: Self.key),
            "92 aa 66696e645f76616c7565 92 c4 14" + WireHex.repeated("11") + "c4 14" + Self.keyHex)
        let hits: [(DHTValue, String)] = [
            (.string("hi"), "a2 6869"),
            (.bytes([0x00, 0xff]), "c4 02 00ff"),
            (.integer(42), "2a"),
            (.integer(300), "cd 012c"),
            (.integer(-1), "ff"),
            (.float(1.5), "cb 3ff8000000000000"),
            (.bool(true), "c3"),
        ]
        for (value, hex) in hits {
            try checkResponse(.value(value), .findValue, "81 a5 76616c7565 " + hex)
            #expect(value.encode() == WireHex.bytes(hex))
        }
    }

    @Test("The store overhead arithmetic of section 1.5: an 8137-byte value fits 8192, 8138 does not")
    func storeSizeLimit() throws {
        func datagram(_ count: Int) -> RPCDatagram {
            let value = DHTValue.bytes([UInt8](repeating: 0x61, count: count))
            return RPCDatagram(request: .store(sender: Self.sender, key: Self.key, value: value), messageID: Self.messageID)
        }
        #expect(try datagram(8137).encodeForSending().count == 21 + 8192)
        #expect(throws: KMSNetworkError.requestPayloadTooLarge(actual: 8193, limit: 8192)) {
            try datagram(8138).encodeForSending()
        }
        // Responses are never size-checked, as in rpcudp.
        let big = RPCDatagram(response: .value(.bytes([UInt8](repeating: 0, count: 20_000))), messageID: Self.messageID)
        #expect(try big.encodeForSending() == big.encode())
    }
}
