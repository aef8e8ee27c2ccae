import Foundation
import KMSNetwork
import KMSPolicy
import Logging
import Testing
import UmbralCore

/// Alice, Bob and five Ursulas over real UDP and HTTP on loopback, with SQLite stores in a
/// temporary folder: the whole story of issue 5 inside one process.
@Suite("Alice and Bob over the network: DHT, REST and SQLite", .serialized)
struct NetworkStoryTests {
    static let logger: Logger = {
        var logger = Logger(label: "kms.network-story")
        logger.logLevel = .error
        return logger
    }()

    static let dhtConfiguration = KademliaServerConfiguration(rpcTimeout: .seconds(1))

    @Test("grant 3-of-5, retrieve; two Ursulas stop and Bob still decrypts; Alice revokes and Bob is refused")
    func grantRetrieveSurviveRevoke() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kms-network-story-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let ledger = InMemoryPolicyLedger()
        let passphrase = SecretBytes(Array("correct horse battery staple".utf8))

        var nodes: [UrsulaNode] = []
        for index in 0..<5 {
            let directory = root.appendingPathComponent("ursula-\(index)").path
            let configuration = UrsulaNodeConfiguration(
                dataDirectory: directory, restPort: try LoopbackPort.freeTCP(),
                bootstrap: nodes.first.map { [$0.dht.contact.address] } ?? [], dht: Self.dhtConfiguration)
            let node = try await UrsulaNode.open(configuration, passphrase: passphrase, scrypt: .insecureForTesting, ledger: ledger,
                                                 logger: Self.logger)
            await ledger.stake(node.stakingProviderAddress)
            #expect(DHTDirectory.ursulaValuePolicy.accepts(
                .bytes(node.metadata.bytes), DHTDirectory.nodeMetadataKey(for: node.stakingProviderAddress)))
            #expect(throws: Never.self) { try NodeMetadata(bytes: node.metadata.bytes) }
            nodes.append(node)
        }
        let ursulas = nodes
        let aliceDHT = try await KademliaServer.bind(host: "127.0.0.1", port: 0, configuration: Self.dhtConfiguration, logger: Self.logger)
        let bobDHT = try await KademliaServer.bind(host: "127.0.0.1", port: 0, configuration: Self.dhtConfiguration, logger: Self.logger)

        try await withThrowingTaskGroup(of: Void.self) { group in
            for node in ursulas { group.addTask { try await node.run() } }
            group.addTask { await aliceDHT.run() }
            group.addTask { await bobDHT.run() }
            defer {
                for node in ursulas { node.shutdown() }
                group.cancelAll()
            }
            for node in ursulas { try await node.waitUntilReady() }
            // Announce again once everyone has joined, so each metadata record reaches its k nearest nodes.
            for node in ursulas { #expect(await node.publishMetadata() > 0) }
            await aliceDHT.bootstrap([ursulas[0].dht.contact.address])
            await bobDHT.bootstrap([ursulas[1].dht.contact.address])

            let addresses = ursulas.map(\.stakingProviderAddress)
            let alice = Alice(transport: NetworkPolicyTransport(dht: aliceDHT, ursulas: addresses, timeout: 30), ledger: ledger)
            let bob = Bob(transport: NetworkPolicyTransport(dht: bobDHT, ursulas: addresses, timeout: 30))
            let label = Array("heart-rate/2026".utf8)

            let policy = try await alice.grant(
                to: bob.card, label: label, threshold: 3, shares: 5,
                expiration: UnixTime(secondsSinceEpoch: Int64(Date().timeIntervalSince1970) + 3600))
            let first = try Enrico(policyEncryptingKey: policy.policyEncryptingKey).encrypt(Array("72 bpm".utf8))
            #expect(try await bob.retrieveAndDecrypt(first, label: label, publisherVerifyingKey: alice.verifyingKey)
                == Array("72 bpm".utf8))
            for node in ursulas {
                #expect(try await node.database.storedArrangement(for: policy.hrac) != nil, "every Ursula keeps her arrangement")
            }

            ursulas[3].shutdown()
            ursulas[4].shutdown()
            let second = try Enrico(policyEncryptingKey: policy.policyEncryptingKey).encrypt(Array("75 bpm".utf8))
            #expect(try await bob.retrieveAndDecrypt(second, label: label, publisherVerifyingKey: alice.verifyingKey)
                == Array("75 bpm".utf8))

            let faults = try await alice.revoke(policy)
            #expect(Set(faults.map(\.address)) == [addresses[3], addresses[4]], "the stopped Ursulas could not be told")
            let refusal = await #expect(throws: KMSPolicyError.self) {
                try await bob.retrieveAndDecrypt(second, label: label, publisherVerifyingKey: alice.verifyingKey)
            }
            guard case .notEnoughHonestUrsulas(threshold: 3, honest: 0, faults: _)? = refusal else {
                Issue.record("expected a refusal by every Ursula, got \(String(describing: refusal))")
                return
            }
        }
    }
}
