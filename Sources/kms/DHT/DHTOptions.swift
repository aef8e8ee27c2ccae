import ArgumentParser
import KMSNetwork
import Logging

/// Where a `kms dht` node listens and how it behaves; shared by every dht subcommand.
struct DHTOptions: ParsableArguments {
    @Option(help: "The numeric address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The UDP port to listen on; 0 picks a free one.")
    var port: UInt16 = 0

    @Option(name: .customLong("bootstrap"), help: ArgumentHelp(
        "A node to join the network through, as HOST:PORT; repeat for several.", valueName: "host:port"))
    var bootstrap: [String] = []

    @Option(help: "Seconds to wait for each attempt of an RPC (rpcudp waits 5); a silent peer is tried twice before it counts as gone.")
    var timeout: Double = 5

    @Option(help: "The least severe log messages written to stderr: trace, debug, info, notice, warning, error or critical.")
    var logLevel: String?

    /// The seeds named with --bootstrap.
    func seeds() throws -> [NodeAddress] {
        try bootstrapAddresses(bootstrap)
    }

    func validate() throws {
        guard timeout > 0, timeout <= 3600 else { throw ValidationError("--timeout must be in (0, 3600] seconds") }
        if let logLevel, Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError("--log-level '\(logLevel)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        _ = try seeds()
    }

    /// Starts the node, with a stderr logger at the chosen level (`defaultLevel` if none was chosen).
    func bindServer(defaultLevel: Logger.Level) async throws -> KademliaServer {
        var logger = Logger(label: "kms.dht") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = logLevel.flatMap(Logger.Level.init(rawValue:)) ?? defaultLevel
        var configuration = KademliaServerConfiguration()
        configuration.rpcTimeout = .milliseconds(Int64(timeout * 1000))
        do {
            return try await KademliaServer.bind(host: host, port: port, configuration: configuration, logger: logger)
        } catch {
            throw CommandError.unavailable(error.description)
        }
    }

    /// Joins through the seeds; fails when some were named and none answered.
    func join(_ server: KademliaServer) async throws {
        let seeds = try seeds()
        guard !seeds.isEmpty else { return }
        await server.bootstrap(seeds)
        if await server.node.routingTable.contacts.isEmpty {
            let names = seeds.map(\.description).joined(separator: ", ")
            throw CommandError.unavailable("no bootstrap node answered (\(names))")
        }
    }

    /// Runs `body` on a short-lived node of our own that joined through the seeds, and stops the
    /// node afterwards, whether `body` succeeded or not.
    func withJoinedServer(_ body: @Sendable (KademliaServer) async throws -> Void) async throws {
        let server = try await bindServer(defaultLevel: .warning)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await server.run() }
            defer { group.cancelAll() }
            do {
                try await join(server)
                try await body(server)
            } catch {
                await server.shutdown()
                throw error
            }
            await server.shutdown()
        }
    }
}
