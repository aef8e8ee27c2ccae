import Foundation
import KMSNetwork
import Logging

/// The Swift network: `KademliaServer`s on real UDP sockets in this process.
enum SwiftNetworkRun {
    static func measure(_ parameters: NetworkParameters) async throws -> NetworkMeasurement {
        var rng = SplitMix64(seed: parameters.seed)
        var logger = Logger(label: "dht-benchmark")
        logger.logLevel = .critical
        let clock = ContinuousClock()
        let started = clock.now
        var servers: [KademliaServer] = []
        for _ in 0..<parameters.nodes {
            servers.append(try await KademliaServer.bind(host: "127.0.0.1", port: 0, id: .random(using: &rng), logger: logger))
        }
        let network = servers
        return try await withThrowingTaskGroup(of: NetworkMeasurement?.self) { group in
            for server in network { group.addTask { await server.run(); return nil } }
            defer { group.cancelAll() }
            do {
                for index in 1..<network.count {
                    var seeds: [NodeAddress] = []
                    for earlier in Array(0..<index).shuffled(using: &rng).prefix(parameters.peers) {
                        seeds.append(network[earlier].contact.address)
                    }
                    await network[index].bootstrap(seeds)
                }
                let startup = (clock.now - started).seconds
                printProgress("swift: \(network.count) nodes up in \(String(format: "%.1f", startup)) s")

                var stored: [(key: String, value: String)] = []
                for _ in 0..<parameters.keys {
                    let key = "bench-" + hex(rng.next())
                    let value = hex(rng.next()) + hex(rng.next())
                    try await network[Int.random(in: 0..<network.count, using: &rng)].set(value, forKey: key)
                    stored.append((key, value))
                }

                var latency: [Double] = []
                var rounds: [Int] = []
                var queries: [Int] = []
                var found = 0
                for _ in 0..<parameters.lookups {
                    let (server, pair) = try await lacking(stored, in: network, using: &rng)
                    let key = DHTKey(digesting: pair.key)
                    let before = clock.now
                    let report = try await server.node.lookup(key.bytes)
                    latency.append((clock.now - before).seconds * 1000)
                    rounds.append(report.rounds)
                    queries.append(report.queries)
                    if report.value == .string(pair.value) { found += 1 }
                }
                for server in network { await server.shutdown() }
                return NetworkMeasurement(name: "Swift", startupSeconds: startup, latencyMilliseconds: latency,
                                          rounds: rounds, queries: queries, found: found)
            } catch {
                for server in network { await server.shutdown() }
                throw error
            }
        }
    }

    /// A random stored pair and a random node that does not hold it, so the lookup crosses the network.
    private static func lacking(_ stored: [(key: String, value: String)], in network: [KademliaServer],
                                using rng: inout SplitMix64) async throws -> (KademliaServer, (key: String, value: String)) {
        for _ in 0..<1000 {
            let pair = stored[Int.random(in: 0..<stored.count, using: &rng)]
            let server = network[Int.random(in: 0..<network.count, using: &rng)]
            if await server.node.storedValue(forKey: DHTKey(digesting: pair.key).bytes) == nil { return (server, pair) }
        }
        throw BenchmarkFailure("every node seems to hold every key; use fewer keys or more nodes")
    }

    private static func hex(_ word: UInt64) -> String {
        let digits = String(word, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

extension Duration {
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
