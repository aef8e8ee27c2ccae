import KMSMessagePack
import KMSNetwork
import Testing

@Suite("A UDP node facing malformed datagrams and floods", .serialized)
struct HostileInputTests {
    /// Datagrams a broken or hostile peer might send; none is a valid request.
    static func malformedDatagrams(sender: NodeID) -> [(label: String, bytes: [UInt8])] {
        var rng = SeededGenerator(seed: 0xbad)
        let id = RPCMessageID.random(using: &rng)
        let ping = RPCDatagram(request: .ping(sender: sender), messageID: id).encode()
        func request(_ payload: MessagePackValue) -> [UInt8] { [0x00] + id.bytes + MessagePack.encode(payload) }
        var cases: [(String, [UInt8])] = [
            ("empty", []),
            ("one byte", [0x00]),
            ("truncated ping", Array(ping.prefix(ping.count - 3))),
            ("header only", Array(ping.prefix(21))),
            ("unknown kind", [0x07] + Array(ping.dropFirst())),
            ("unknown rpc", request(.array([.string("shutdown"), .array([.binary(sender.bytes)])]))),
            ("bin funcname", request(.array([.binary(Array("ping".utf8)), .array([.binary(sender.bytes)])]))),
            ("wrong arity", request(.array([.string("ping"), .array([])]))),
            ("too many args", request(.array([.string("find_node"), .array([.binary(sender.bytes), .binary(sender.bytes), .nil])]))),
            ("id of 19 bytes", request(.array([.string("ping"), .array([.binary(Array(sender.bytes.prefix(19)))])]))),
            ("id as str", request(.array([.string("ping"), .array([.string("0123456789abcdefghij")])]))),
            ("store of a map", request(.array([.string("store"), .array([.binary(sender.bytes), .binary(sender.bytes), .map([])])]))),
            ("payload not an array", request(.integer(7))),
            ("reply to nothing", [0x01] + id.bytes + MessagePack.encode(.bool(true))),
            ("60 KB of zeros", [0x00] + id.bytes + [UInt8](repeating: 0, count: 60_000)),
        ]
        for length in [22, 40, 100, 1500, 9000] {
            cases.append(("random \(length) bytes", (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }))
        }
        return cases
    }

    @Test("malformed datagrams get no answer and do not stop the node answering pings")
    func malformedDatagramsAreDropped() async throws {
        let node = try await LoopbackNetwork.server()
        let prober = try await LoopbackNetwork.server()
        try await LoopbackNetwork.serving([node, prober]) {
            let raw = try RawDatagramSocket()
            for (label, bytes) in Self.malformedDatagrams(sender: .random()) {
                raw.send(bytes, to: node.contact.port)
                #expect(await raw.receive(within: 50) == nil, "\(label) was answered")
            }
            // A well-formed ping from the same socket is answered with the node's id...
            let id = RPCMessageID.random()
            raw.send(RPCDatagram(request: .ping(sender: .random()), messageID: id).encode(), to: node.contact.port)
            let reply = try #require(await raw.receive(within: 10_000))
            #expect(try RPCDatagram.decode(reply) == RPCDatagram(response: .ping(node.contact.id), messageID: id))
            // ...and so is a ping from another node.
            #expect(try await prober.ping(node.contact.address) == node.contact.id)
        }
    }

    @Test("a flood of 20,000 requests is dropped past the limits and the node still answers pings")
    func floodDoesNotStopTheNode() async throws {
        var configuration = LoopbackNetwork.configuration()
        configuration.maxConcurrentRequests = 64
        configuration.maxConcurrentRequestsPerPeer = 16
        let node = try await LoopbackNetwork.server(configuration)
        let prober = try await LoopbackNetwork.server(LoopbackNetwork.configuration(timeout: .seconds(2)))
        try await LoopbackNetwork.serving([node, prober]) {
            let raw = try RawDatagramSocket()
            // Each request comes from a new id, so each would also cost a routing-table welcome.
            for _ in 0..<20_000 {
                let datagram = RPCDatagram(request: .findNode(sender: .random(), target: .random()), messageID: .random())
                raw.send(datagram.encode(), to: node.contact.port)
            }
            #expect(try await prober.ping(node.contact.address) == node.contact.id)
        }
    }
}
