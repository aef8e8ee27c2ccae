import ArgumentParser
import Foundation
import KMSNetwork
import KMSPolicy
import Logging
import UmbralCore

/// `network-demo`: the whole NuCypher story on this machine, over real UDP and HTTP on loopback.
@main
struct NetworkDemo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network-demo",
        abstract: "Alice shares with Bob through five Ursulas on loopback: DHT, REST and SQLite, each step timed.",
        discussion: """
            Starts --ursulas Ursula nodes on 127.0.0.1 (a Kademlia DHT node over UDP and a REST \
            API over HTTP each, SQLite stores and sealed keys in a temporary folder), then: Alice \
            grants Bob --threshold-of---ursulas; Enrico encrypts; Bob finds the treasure map in \
            the DHT, asks the Ursulas and decrypts; two Ursulas stop and Bob decrypts again; \
            Alice revokes and Bob is refused. The folder is removed at the end.
            """
    )

    @Option(help: "How many Ursulas to start (at least threshold + 2).")
    var ursulas = 5

    @Option(help: "How many Ursulas Bob needs.")
    var threshold = 3

    @Option(help: "What Enrico encrypts for Bob.")
    var message = "Bob, the vault code is 0451."

    func validate() throws {
        guard threshold >= 1, ursulas >= threshold + 2, ursulas <= 20 else {
            throw ValidationError("need 1 ≤ --threshold and --threshold + 2 ≤ --ursulas ≤ 20")
        }
    }

    func run() async throws {
        var story = Story()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kms-network-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var logger = Logger(label: "network-demo")
        logger.logLevel = .critical
        let ledger = InMemoryPolicyLedger()
        let dht = KademliaServerConfiguration(rpcTimeout: .seconds(1))

        let nodes = try await story.step("start \(ursulas) Ursulas (sealed keys, SQLite, DHT and REST)") {
            var nodes: [UrsulaNode] = []
            for index in 0..<ursulas {
                let configuration = UrsulaNodeConfiguration(
                    dataDirectory: folder.appendingPathComponent("ursula-\(index)").path, restPort: try LoopbackPort.freeTCP(),
                    bootstrap: nodes.first.map { [$0.dht.contact.address] } ?? [], dht: dht)
                let node = try await UrsulaNode.open(
                    configuration, passphrase: SecretBytes(Array("demo passphrase \(index)".utf8)),
                    scrypt: .insecureForTesting, ledger: ledger, logger: logger)
                await ledger.stake(node.stakingProviderAddress)
                nodes.append(node)
            }
            return nodes
        }
        let aliceDHT = try await KademliaServer.bind(host: "127.0.0.1", port: 0, configuration: dht, logger: logger)
        let bobDHT = try await KademliaServer.bind(host: "127.0.0.1", port: 0, configuration: dht, logger: logger)

        try await withThrowingTaskGroup(of: Void.self) { group in
            for node in nodes { group.addTask { try await node.run() } }
            group.addTask { await aliceDHT.run() }
            group.addTask { await bobDHT.run() }
            defer {
                for node in nodes { node.shutdown() }
                group.cancelAll()
            }
            try await story.step("the Ursulas join the DHT and publish their signed metadata") {
                for node in nodes { try await node.waitUntilReady() }
                for node in nodes { await node.publishMetadata() }
                await aliceDHT.bootstrap([nodes[0].dht.contact.address])
                await bobDHT.bootstrap([nodes[1].dht.contact.address])
            }
            for node in nodes {
                story.note("Ursula \(node.stakingProviderAddress) REST 127.0.0.1:\(node.metadata.payload.port) "
                           + "DHT \(node.dht.contact.host):\(node.dht.contact.port)")
            }

            let addresses = nodes.map(\.stakingProviderAddress)
            let alice = Alice(transport: NetworkPolicyTransport(dht: aliceDHT, ursulas: addresses, timeout: 5), ledger: ledger)
            let bob = Bob(transport: NetworkPolicyTransport(dht: bobDHT, ursulas: addresses, timeout: 5))
            let label = Array("vault/codes".utf8)

            let policy = try await story.step("Alice grants Bob \(threshold)-of-\(ursulas) (pays, places kFrags, publishes the map)") {
                try await alice.grant(
                    to: bob.card, label: label, threshold: threshold, shares: ursulas,
                    expiration: UnixTime(secondsSinceEpoch: Int64(Date().timeIntervalSince1970) + 3600))
            }
            let messageKit = try story.step("Enrico encrypts \(message.utf8.count) bytes under the policy key") {
                try Enrico(policyEncryptingKey: policy.policyEncryptingKey).encrypt(Array(message.utf8))
            }
            let first = try await story.step("Bob finds the map in the DHT, asks the Ursulas, decrypts") {
                try await bob.retrieveAndDecrypt(messageKit, label: label, publisherVerifyingKey: alice.verifyingKey)
            }
            story.note("Bob reads: \(String(decoding: first, as: UTF8.self))")

            story.step("two Ursulas stop") {
                nodes[ursulas - 1].shutdown()
                nodes[ursulas - 2].shutdown()
            }
            let second = try await story.step("Bob retrieves again from the \(ursulas - 2) still running") {
                try await bob.retrieveAndDecrypt(messageKit, label: label, publisherVerifyingKey: alice.verifyingKey)
            }
            story.note("Bob reads: \(String(decoding: second, as: UTF8.self))")

            let faults = try await story.step("Alice revokes the policy (ledger and every reachable Ursula)") {
                try await alice.revoke(policy)
            }
            story.note("\(faults.count) Ursula(s) could not be told (they are stopped); the ledger refuses for them")
            let refusal = await story.step("Bob asks again") { () async -> KMSPolicyError? in
                do throws(KMSPolicyError) {
                    _ = try await bob.retrieveAndDecrypt(messageKit, label: label, publisherVerifyingKey: alice.verifyingKey)
                    return nil
                } catch {
                    return error
                }
            }
            guard let refusal else { throw DemoFailure("Bob decrypted after the revocation") }
            story.note("Bob is refused: \(refusal)")
        }
        story.finish()
    }
}

struct DemoFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
