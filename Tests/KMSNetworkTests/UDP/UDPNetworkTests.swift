import KMSNetwork
import Testing

@Suite("Kademlia over real UDP on loopback", .serialized)
struct UDPNetworkTests {
    @Test("50 nodes: every value is found from every surviving node after a third of the nodes leave")
    func valuesSurviveAThirdLeaving() async throws {
        try await LoopbackNetwork.with(count: 50, seed: 50) { servers in
            var rng = SeededGenerator(seed: 0x5eed_0050)
            var pairs: [(key: String, value: String)] = []
            for _ in 0..<10 {
                let pair = LoopbackNetwork.randomPair(using: &rng)
                let writer = servers[Int.random(in: 0..<servers.count, using: &rng)]
                let stored = try await writer.set(pair.value, forKey: pair.key)
                #expect(stored >= 10, "a value in a 50-node network should reach about k nodes, reached \(stored)")
                pairs.append(pair)
            }
            // A third of the nodes leave without warning: their sockets close, their values go with them.
            var order = Array(servers.indices)
            order.shuffle(using: &rng)
            let leaving = Set(order.prefix(servers.count / 3))
            for index in leaving { await servers[index].shutdown() }
            let survivors = servers.indices.filter { !leaving.contains($0) }.map { servers[$0] }
            #expect(survivors.count == 34)

            let misses = try await LoopbackNetwork.misses(of: pairs, from: survivors)
            #expect(misses.isEmpty, "not found: \(misses.prefix(5))")
        }
    }

    @Test("with 20 % of arriving datagrams dropped at every node, lookups still find stored values")
    func lossyNetworkStillFindsValues() async throws {
        let lossy = LoopbackNetwork.configuration(timeout: .milliseconds(150), loss: 0.2)
        try await LoopbackNetwork.with(count: 30, configuration: lossy, seedCount: 3, seed: 20) { servers in
            var rng = SeededGenerator(seed: 0x5eed_0020)
            var pairs: [(key: String, value: String)] = []
            for _ in 0..<5 {
                let pair = LoopbackNetwork.randomPair(using: &rng)
                let stored = try await servers[Int.random(in: 0..<servers.count, using: &rng)].set(pair.value, forKey: pair.key)
                #expect(stored > 0)
                pairs.append(pair)
            }
            let misses = try await LoopbackNetwork.misses(of: pairs, from: servers)
            #expect(misses.isEmpty, "\(misses.count) of \(servers.count * pairs.count) lookups failed: \(misses.prefix(5))")
        }
    }

    @Test("with loss, duplication, delay and reordering at every node, and nodes leaving and joining while lookups run, every value is found")
    func faultyNetworkWithChurnStillFindsValues() async throws {
        let faults = DatagramFaults(lossRate: 0.1, duplicationRate: 0.2, maxDelay: .milliseconds(40))
        let faulty = KademliaServerConfiguration(rpcTimeout: .milliseconds(300), inboundFaults: faults)
        try await LoopbackNetwork.with(count: 24, configuration: faulty, seedCount: 3, seed: 21) { servers in
            var rng = SeededGenerator(seed: 0x5eed_0021)
            var pairs: [(key: String, value: String)] = []
            for _ in 0..<3 {
                let pair = LoopbackNetwork.randomPair(using: &rng)
                let stored = try await servers[Int.random(in: 0..<servers.count, using: &rng)].set(pair.value, forKey: pair.key)
                #expect(stored > 0)
                pairs.append(pair)
            }
            let shuffled = servers.shuffled(using: &rng)
            let (staying, leaving) = (Array(shuffled.prefix(18)), Array(shuffled.suffix(6)))
            var newcomers: [KademliaServer] = []
            for _ in 0..<6 { newcomers.append(try await LoopbackNetwork.server(faulty)) }
            let seeds = (0..<6).map { _ in (0..<3).map { _ in staying[Int.random(in: 0..<staying.count, using: &rng)].contact.address } }
            let joined = newcomers
            let wanted = pairs
            try await LoopbackNetwork.serving(joined) {
                // Lookups from the nodes that stay run while six nodes leave and six others join.
                async let missesDuringChurn = LoopbackNetwork.misses(of: wanted, from: staying)
                for (index, newcomer) in joined.enumerated() {
                    await leaving[index].shutdown()
                    await newcomer.bootstrap(seeds[index])
                }
                let during = try await missesDuringChurn
                #expect(during.isEmpty, "\(during.count) of \(staying.count * wanted.count) lookups failed: \(during.prefix(5))")
                let fromNewcomers = try await LoopbackNetwork.misses(of: wanted, from: joined)
                #expect(fromNewcomers.isEmpty, "newcomers missed \(fromNewcomers.count): \(fromNewcomers.prefix(5))")
            }
        }
    }

    @Test("a value the policy refuses is answered false and not kept; an accepted one is kept")
    func valuePolicyRefusesAndAccepts() async throws {
        let picky = try await LoopbackNetwork.server(valuePolicy: DHTValuePolicy { value, _ in
            if case let .string(text) = value { return text.hasPrefix("signed:") }
            return false
        })
        let writer = try await LoopbackNetwork.server()
        let refused = DHTKey(digesting: "refused").bytes
        let accepted = DHTKey(digesting: "accepted").bytes
        try await LoopbackNetwork.serving([picky, writer]) {
            await writer.bootstrap([picky.contact.address])
            let refusedStores = try await writer.set("forged", forKey: "refused")
            #expect(refusedStores == 0)
            #expect(await picky.node.storedValue(forKey: refused) == nil)
            let acceptedStores = try await writer.set("signed:ok", forKey: "accepted")
            #expect(acceptedStores == 1)
            #expect(await picky.node.storedValue(forKey: accepted) == .string("signed:ok"))
        }
    }

    @Test("after shutdown, run() returns and the server sends nothing more")
    func shutdownIsClean() async throws {
        let server = try await KademliaServer.bind(host: "127.0.0.1", port: 0, logger: LoopbackNetwork.quietLogger)
        let running = Task { await server.run() }
        await server.shutdown()
        await running.value
        await #expect(throws: KMSNetworkError.socketClosed) {
            _ = try await server.ping(NodeAddress(host: "127.0.0.1", port: 9))
        }
    }

    @Test("binding a port already taken fails with bindFailed")
    func bindingATakenPortFails() async throws {
        let first = try await KademliaServer.bind(host: "127.0.0.1", port: 0, logger: LoopbackNetwork.quietLogger)
        let port = first.contact.port
        await #expect {
            _ = try await KademliaServer.bind(host: "127.0.0.1", port: port, logger: LoopbackNetwork.quietLogger)
        } throws: { error in
            guard case let .bindFailed(host, failedPort, _)? = error as? KMSNetworkError else { return false }
            return host == "127.0.0.1" && failedPort == port
        }
        await first.shutdown()
    }
}
