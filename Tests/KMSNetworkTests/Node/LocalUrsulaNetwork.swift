import Foundation
import KMSNetwork
import KMSPolicy
import Logging
import Testing
import UmbralCore

/// Ursula nodes over real UDP and HTTP on loopback, with SQLite stores in a temporary folder, and
/// DHT nodes of Alice's and Bob's own: the network the story and fault tests run in.
struct LocalUrsulaNetwork: Sendable {
    static let logger: Logger = {
        var logger = Logger(label: "kms.network-test")
        logger.logLevel = .error
        return logger
    }()

    static let dhtConfiguration = KademliaServerConfiguration(rpcTimeout: .seconds(1))
    static let passphrase = SecretBytes(Array("correct horse battery staple".utf8))

    let ursulas: [UrsulaNode]
    let ledger: InMemoryPolicyLedger
    let aliceDHT: KademliaServer
    let bobDHT: KademliaServer

    var addresses: [Address] { ursulas.map(\.stakingProviderAddress) }

    /// The Ursulas in ascending address order, the order Bob asks them in.
    var ursulasInAskingOrder: [UrsulaNode] { ursulas.sorted { $0.stakingProviderAddress < $1.stakingProviderAddress } }

    /// The keys an Ursula keeps sealed in her data directory.
    func keys(of node: UrsulaNode) throws -> NodeKeys {
        try NodeKeyStore(directory: node.configuration.dataDirectory).load(passphrase: Self.passphrase)
    }

    /// Starts `count` staked Ursulas and the two client DHT nodes, runs `body` once every Ursula
    /// has joined and announced her metadata, and stops them all afterwards.
    static func withNetwork<T: Sendable>(
        ursulas count: Int, _ body: @Sendable (LocalUrsulaNetwork) async throws -> T
    ) async throws -> T {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kms-network-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let ledger = InMemoryPolicyLedger()
        var nodes: [UrsulaNode] = []
        for index in 0..<count {
            let configuration = UrsulaNodeConfiguration(
                dataDirectory: root.appendingPathComponent("ursula-\(index)").path, restPort: try LoopbackPort.freeTCP(),
                bootstrap: nodes.first.map { [$0.dht.contact.address] } ?? [], dht: dhtConfiguration)
            let node = try await UrsulaNode.open(
                configuration, passphrase: passphrase, scrypt: .insecureForTesting, ledger: ledger, logger: logger)
            await ledger.stake(node.stakingProviderAddress)
            nodes.append(node)
        }
        let network = LocalUrsulaNetwork(
            ursulas: nodes, ledger: ledger,
            aliceDHT: try await KademliaServer.bind(host: "127.0.0.1", port: 0, configuration: dhtConfiguration, logger: logger),
            bobDHT: try await KademliaServer.bind(host: "127.0.0.1", port: 0, configuration: dhtConfiguration, logger: logger))

        return try await withThrowingTaskGroup(of: T?.self) { group in
            for node in network.ursulas { group.addTask { try await node.run(); return nil } }
            group.addTask { await network.aliceDHT.run(); return nil }
            group.addTask { await network.bobDHT.run(); return nil }
            defer {
                for node in network.ursulas { node.shutdown() }
                group.cancelAll()
            }
            for node in network.ursulas { try await node.waitUntilReady() }
            // Announce again once everyone has joined, so each metadata record reaches its k nearest nodes.
            for node in network.ursulas { #expect(await node.publishMetadata() > 0) }
            await network.aliceDHT.bootstrap([network.ursulas[0].dht.contact.address])
            await network.bobDHT.bootstrap([network.ursulas[count > 1 ? 1 : 0].dht.contact.address])
            return try await body(network)
        }
    }
}
