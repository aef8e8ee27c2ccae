import KMSNetwork
import Logging

/// Kademlia servers on 127.0.0.1 with system-chosen ports, serving while a test body runs and
/// shut down (all of them, whatever the body did) when it returns.
enum LoopbackNetwork {
    /// Fast timeouts: on loopback a live peer answers in well under a millisecond.
    static func configuration(timeout: Duration = .milliseconds(400), loss: Double = 0) -> KademliaServerConfiguration {
        KademliaServerConfiguration(rpcTimeout: timeout, inboundLossRate: loss)
    }

    static let quietLogger: Logger = {
        var logger = Logger(label: "kms.dht.test")
        logger.logLevel = .error
        return logger
    }()

    /// Starts `count` servers, each bootstrapped through up to `seedCount` random earlier ones,
    /// runs `body` with them, then stops every server.
    static func with<Result: Sendable>(
        count: Int, configuration: KademliaServerConfiguration = configuration(), seedCount: Int = 1,
        seed: UInt64, _ body: @Sendable ([KademliaServer]) async throws -> Result
    ) async throws -> Result {
        var servers: [KademliaServer] = []
        for _ in 0..<count {
            servers.append(try await KademliaServer.bind(host: "127.0.0.1", port: 0, configuration: configuration,
                                                         logger: quietLogger))
        }
        let started = servers
        return try await serving(started) {
            var rng = SeededGenerator(seed: seed)
            for index in 1..<max(started.count, 1) {
                let seeds = (0..<seedCount).map { _ in started[Int.random(in: 0..<index, using: &rng)].contact.address }
                await started[index].bootstrap(Array(Set(seeds)))
            }
            return try await body(started)
        }
    }

    /// Runs `servers` while `body` runs, then shuts every one down, whether `body` threw or not.
    static func serving<Result: Sendable>(
        _ servers: [KademliaServer], _ body: @Sendable () async throws -> Result
    ) async throws -> Result {
        try await withThrowingTaskGroup(of: Result?.self) { group in
            for server in servers { group.addTask { await server.run(); return nil } }
            defer { group.cancelAll() }
            do {
                let result = try await body()
                for server in servers { await server.shutdown() }
                return result
            } catch {
                for server in servers { await server.shutdown() }
                throw error
            }
        }
    }

    /// A server on 127.0.0.1 with a free port and the test configuration.
    static func server(_ configuration: KademliaServerConfiguration = configuration(),
                       valuePolicy: DHTValuePolicy = .acceptAll) async throws -> KademliaServer {
        try await KademliaServer.bind(host: "127.0.0.1", port: 0, configuration: configuration,
                                      valuePolicy: valuePolicy, logger: quietLogger)
    }

    /// Looks every pair up from every server, the servers concurrently, and names each lookup
    /// that did not return the pair's value.
    static func misses(of pairs: [(key: String, value: String)], from servers: [KademliaServer]) async throws -> [String] {
        let wanted = pairs.map { [$0.key, $0.value] }
        return try await withThrowingTaskGroup(of: [String].self) { group in
            for server in servers {
                group.addTask {
                    var missed: [String] = []
                    for pair in wanted where try await server.get(pair[0]) != .string(pair[1]) {
                        missed.append("\(pair[0]) from \(server.contact)")
                    }
                    return missed
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
    }

    /// A random string key and value, fresh for each use.
    static func randomPair(using rng: inout SeededGenerator) -> (key: String, value: String) {
        ("key-\(UInt64.random(in: .min ... .max, using: &rng))", "value-\(UInt64.random(in: .min ... .max, using: &rng))")
    }
}
