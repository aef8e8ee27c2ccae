import ArgumentParser
import KMSNetwork
import KMSPolicy
import Logging

/// How Alice and Bob reach a local network of `kms ursula run` processes: a DHT seed, the shared
/// ledger directory and the Ursulas' staking addresses.
///
/// Every option is optional at parse time so that `kms alice grant` can also run on files alone;
/// commands that always need the network call ``requireComplete()`` from their `validate()`.
struct NetworkOptions: ParsableArguments {
    @Option(name: .customLong("bootstrap"), help: ArgumentHelp(
        "A DHT node of the network (an Ursula's dht= address), as HOST:PORT; repeat for several.", valueName: "host:port"))
    var bootstrap: [String] = []

    @Option(help: ArgumentHelp("The network's shared ledger directory.", valueName: "dir"))
    var ledger: String?

    @Option(name: .customLong("network-ursula"), help: ArgumentHelp(
        "The staking address of an Ursula to consider; repeat for each.", valueName: "address"))
    var ursulas: [String] = []

    @Option(help: "Seconds each DHT attempt and each REST call may take.")
    var networkTimeout: Double = 5

    func validate() throws {
        guard networkTimeout > 0, networkTimeout <= 600 else { throw ValidationError("--network-timeout must be in (0, 600]") }
        _ = try seeds()
    }

    /// Whether any of --bootstrap, --ledger or --network-ursula was given.
    var isGiven: Bool { !bootstrap.isEmpty || ledger != nil || !ursulas.isEmpty }

    /// Refuses a command line that lacks what a network command needs.
    func requireComplete() throws {
        guard !bootstrap.isEmpty else { throw ValidationError("at least one --bootstrap is required") }
        guard ledger != nil else { throw ValidationError("--ledger is required") }
        guard !ursulas.isEmpty else { throw ValidationError("at least one --network-ursula is required") }
    }

    func seeds() throws -> [NodeAddress] {
        try bootstrapAddresses(bootstrap)
    }

    func addresses() throws(CommandError) -> [Address] {
        var parsed: [Address] = []
        for text in ursulas {
            do { parsed.append(try Address(text: text)) } catch { throw .usage("--network-ursula '\(text)': \(error)") }
        }
        return parsed
    }

    func sharedLedger() throws(CommandError) -> DirectoryPolicyLedger {
        guard let ledger else { throw .usage("--ledger is required") }
        do { return try DirectoryPolicyLedger(directory: ledger) } catch { throw .io("--ledger '\(ledger)': \(error)") }
    }

    /// Runs `body` with a transport on a short-lived DHT node of our own that joined the network.
    func withTransport<T: Sendable>(_ body: @Sendable (NetworkPolicyTransport) async throws -> T) async throws -> T {
        var logger = Logger(label: "kms.client") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .critical
        var configuration = KademliaServerConfiguration()
        configuration.rpcTimeout = .milliseconds(Int64(networkTimeout * 1000))
        let server: KademliaServer
        do { server = try await KademliaServer.bind(host: "127.0.0.1", port: 0, configuration: configuration, logger: logger) } catch {
            throw CommandError.unavailable(error.description)
        }
        let transport = NetworkPolicyTransport(dht: server, ursulas: try addresses(), timeout: networkTimeout)
        let seeds = try seeds()
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { await server.run(); return nil }
            defer { group.cancelAll() }
            do {
                await server.bootstrap(seeds)
                guard !(await server.node.routingTable.contacts.isEmpty) else {
                    throw CommandError.unavailable("no bootstrap node answered (\(bootstrap.joined(separator: ", ")))")
                }
                let result = try await body(transport)
                await server.shutdown()
                return result
            } catch {
                await server.shutdown()
                throw error
            }
        }
    }
}

/// The exit code a policy failure over the network deserves.
func networkFailure(_ error: KMSPolicyError) -> CommandError {
    switch error {
    case .ursulaUnreachable, .unknownUrsula, .publicationFailed, .notEnoughUrsulas:
        .unavailable(error.description)
    case .treasureMapNotFound, .policyNotFound:
        .notFound(error.description)
    case .notEnoughHonestUrsulas, .policyRevoked, .policyExpired, .keyFragRevoked, .ursulaRefused:
        .verificationFailed(error.description)
    default:
        .invalidInput(error.description)
    }
}
