import KMSMessagePack
import KMSNetwork
import Testing

/// Seeded random inputs: decoding never traps, and whatever decodes re-encodes consistently.
@Suite("Wire fuzzing and round trips")
struct WireFuzzTests {
    /// Runs every decoder on `bytes`; the only acceptable outcomes are a value or a typed error.
    func exercise(_ bytes: [UInt8]) throws {
        guard let datagram = try? RPCDatagram.decode(bytes) else { return }
        // A decoded datagram re-encodes to its canonical prefix.
        let reencoded = datagram.encode()
        #expect(Array(bytes.prefix(reencoded.count)) == reencoded)
        if let request = try? DHTRequest.decode(datagram.payload) {
            #expect(try DHTRequest.decode(request.encode()) == request)
        }
        for method in DHTMethod.allCases {
            if let response = try? DHTResponse.decode(datagram.payload, answering: method) {
                #expect(try DHTResponse.decode(response.encode(), answering: method) == response)
            }
        }
        _ = try? DHTValue(datagram.payload)
    }

    static let seeds: [[UInt8]] = {
        let id = WireHex.repeated("22")
        let sender = "c414" + WireHex.repeated("11")
        let key = "c414a0f7e779f9247566c84036f07f7bdf4a40a869bd"
        return [
            "00" + id + "92a470696e6791" + sender,
            "00" + id + "92a47374756e90",
            "00" + id + "92a573746f726593" + sender + key + "a26869",
            "00" + id + "92a966696e645f6e6f646592" + sender + key,
            "00" + id + "92aa66696e645f76616c756592" + sender + key,
            "01" + id + "92a93132372e302e302e31cd2328",
            "01" + id + "9293c414" + WireHex.repeated("33") + "a93132372e302e302e31cd2328" + "93" + sender + "a831302e302e302e3750",
            "01" + id + "81a576616c7565cb3ff8000000000000",
        ].map(WireHex.bytes)
    }()

    @Test("Random byte strings never trap", arguments: [UInt64(1), 2, 3, 4])
    func randomBytes(seed: UInt64) throws {
        var rng = WireSeededGenerator(seed: seed)
        for _ in 0..<3_000 {
            let count = Int.random(in: 0...120, using: &rng)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
            // Bias the type byte toward the valid kinds so the payload decoders get exercised.
            if !bytes.isEmpty && Bool.random(using: &rng) { bytes[0] = UInt8.random(in: 0...1, using: &rng) }
            try exercise(bytes)
        }
    }

    @Test("Mutations of valid datagrams never trap", arguments: [UInt64(11), 12, 13, 14])
    func mutations(seed: UInt64) throws {
        var rng = WireSeededGenerator(seed: seed)
        for _ in 0..<3_000 {
            var bytes = Self.seeds.randomElement(using: &rng)!
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let position = Int.random(in: 0..<max(bytes.count, 1), using: &rng)
                switch Int.random(in: 0..<5, using: &rng) {
                case 0 where !bytes.isEmpty: bytes[position] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
                case 1 where !bytes.isEmpty: bytes[position] = UInt8.random(in: 0...255, using: &rng)
                case 2: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: min(position, bytes.count))
                case 3 where !bytes.isEmpty: bytes.remove(at: position)
                default: bytes = Array(bytes.prefix(position))
                }
            }
            try exercise(bytes)
        }
    }

    static func randomValue(_ rng: inout WireSeededGenerator) -> DHTValue {
        switch Int.random(in: 0..<6, using: &rng) {
        case 0:
            let scalars = (0..<Int.random(in: 0...40, using: &rng)).map { _ in
                ["a", "é", "€", "😀", "\u{0}", "z"].randomElement(using: &rng)!
            }
            return .string(scalars.joined())
        case 1: return .bytes((0..<Int.random(in: 0...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
        case 2: return .integer(Int64.random(in: .min ... .max, using: &rng) >> Int64.random(in: 0..<64, using: &rng))
        case 3: return .largeUnsigned(UInt64.random(in: (1 << 63)...UInt64.max, using: &rng))
        case 4: return .float(Double(bitPattern: rng.next()))
        default: return .bool(Bool.random(using: &rng))
        }
    }

    @Test("Random well-formed requests and responses round-trip through whole datagrams")
    func roundTrips() throws {
        var rng = WireSeededGenerator(seed: 2026)
        for _ in 0..<1_000 {
            let sender = NodeID.random(using: &rng)
            let key = DHTKey(NodeID.random(using: &rng))
            let messageID = RPCMessageID.random(using: &rng)
            let requests: [DHTRequest] = [
                .ping(sender: sender), .stun, .store(sender: sender, key: key, value: Self.randomValue(&rng)),
                .findNode(sender: sender, target: key.nodeID), .findValue(sender: sender, key: key),
            ]
            for request in requests {
                let datagram = try RPCDatagram.decode(RPCDatagram(request: request, messageID: messageID).encode())
                #expect(datagram.kind == .request && datagram.messageID == messageID)
                #expect(try DHTRequest.decode(datagram.payload) == request)
            }
            let contacts = (0..<Int.random(in: 0...20, using: &rng)).map { _ in
                DHTContact(id: NodeID.random(using: &rng), host: "10.0.0.\(UInt8.random(in: 0...255, using: &rng))", port: UInt16.random(in: 0...65535, using: &rng))
            }
            let responses: [(DHTResponse, DHTMethod)] = [
                (.ping(sender), .ping), (.stun(host: "::1", port: UInt16.random(in: 0...65535, using: &rng)), .stun),
                (.store(Bool.random(using: &rng)), .store), (.nodes(contacts), .findNode), (.nodes(contacts), .findValue),
                (.value(Self.randomValue(&rng)), .findValue),
            ]
            for (response, method) in responses {
                let datagram = try RPCDatagram.decode(RPCDatagram(response: response, messageID: messageID).encode())
                #expect(datagram.kind == .response && datagram.messageID == messageID)
                #expect(try DHTResponse.decode(datagram.payload, answering: method) == response)
            }
        }
    }
}
