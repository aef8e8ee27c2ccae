import ArgumentParser
import Foundation
import KMSNetwork
import KMSPolicy
import Logging
import UmbralCore

extension UrsulaGroup {
    /// `kms ursula run`: a long-running Ursula node on the network.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run an Ursula node: a DHT node and a REST API, with her keys and store in a data directory.",
            discussion: """
                Her keys are sealed in --data-dir under a passphrase read from \
                \(PassphraseSource.environmentVariable) or, if that is unset, asked on the terminal; \
                never from the command line. On first run she creates them. Her staking-provider \
                address is the Ethereum address of her verifying key; she registers her stake in \
                the --ledger directory, which Alice, Bob and the other Ursulas of the local network \
                share. Prints "READY <address> rest=<host>:<port> dht=<host>:<port>" once both \
                servers listen and she has joined the DHT, then serves until SIGINT or SIGTERM. \
                Logs go to stderr.
                """
        )

        @Option(help: ArgumentHelp("Her data directory (sealed keys, SQLite store).", valueName: "dir"))
        var dataDir: String

        @Option(help: ArgumentHelp("The shared ledger directory of the local network.", valueName: "dir"))
        var ledger: String

        @Option(help: "The numeric address both servers listen on and her metadata announces.")
        var host = "127.0.0.1"

        @Option(help: "The REST (HTTP) port; her signed metadata announces it.")
        var restPort: UInt16

        @Option(help: "The DHT (UDP) port; 0 picks a free one.")
        var dhtPort: UInt16 = 0

        @Option(name: .customLong("bootstrap"), help: ArgumentHelp(
            "A DHT node to join through, as HOST:PORT; repeat for several.", valueName: "host:port"))
        var bootstrap: [String] = []

        @Option(help: "Seconds to wait for each DHT RPC's answer.")
        var timeout: Double = 5

        @Option(help: "The least severe log messages written to stderr.")
        var logLevel: String = "info"

        func validate() throws {
            guard restPort > 0 else { throw ValidationError("--rest-port must be a real port (her metadata announces it)") }
            guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level '\(logLevel)' is not a level") }
            guard timeout > 0, timeout <= 3600 else { throw ValidationError("--timeout must be in (0, 3600] seconds") }
            _ = try seeds()
        }

        func seeds() throws -> [NodeAddress] {
            try bootstrapAddresses(bootstrap)
        }

        func run() async throws {
            let signals = SignalStream(SIGINT, SIGTERM)
            var logger = Logger(label: "kms.ursula") { StreamLogHandler.standardError(label: $0) }
            logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            let passphrase: SecretBytes
            do { passphrase = try PassphraseSource.read(prompt: "Ursula's passphrase: ") } catch {
                throw CommandError.usage(error.description)
            }
            let sharedLedger: DirectoryPolicyLedger
            do { sharedLedger = try DirectoryPolicyLedger(directory: ledger) } catch { throw CommandError.io("\(error)") }
            var dht = KademliaServerConfiguration()
            dht.rpcTimeout = .milliseconds(Int64(timeout * 1000))
            let configuration = UrsulaNodeConfiguration(
                dataDirectory: dataDir, host: host, restPort: restPort, dhtPort: dhtPort, bootstrap: try seeds(), dht: dht)
            let node: UrsulaNode
            do {
                node = try await UrsulaNode.open(configuration, passphrase: passphrase, ledger: sharedLedger, logger: logger)
                try sharedLedger.stake(node.stakingProviderAddress)
            } catch let error as KMSNetworkError {
                throw CommandError.unavailable(error.description)
            } catch {
                throw CommandError.io("\(error)")
            }
            // Keeps the signal handlers installed until the node has stopped.
            defer { withExtendedLifetime(signals) {} }
            enum Milestone: Sendable { case stopped, ready, signalled }
            let arriving = signals.stream
            try await withThrowingTaskGroup(of: Milestone.self) { group in
                group.addTask {
                    try await node.run()
                    return .stopped
                }
                group.addTask {
                    try await node.waitUntilReady()
                    let dhtContact = node.dht.contact
                    printLine("READY \(node.stakingProviderAddress) rest=\(host):\(restPort) "
                              + "dht=\(dhtContact.host):\(dhtContact.port)")
                    return .ready
                }
                group.addTask {
                    for await _ in arriving { break }
                    return .signalled
                }
                // The node's own task ends the command, after a signal asked it to stop gracefully.
                do {
                    while let milestone = try await group.next() {
                        switch milestone {
                        case .ready: continue
                        case .signalled: node.shutdown()
                        case .stopped: group.cancelAll()
                        }
                    }
                } catch {
                    node.shutdown()
                    group.cancelAll()
                    throw CommandError.unavailable("\(error)")
                }
            }
            logger.info("stopped")
        }
    }
}
