import ArgumentParser
import Foundation
import KMSNetwork
import KMSPolicy
import Logging
import UmbralCore

/// `ursula-benchmark`: what the network costs: one Ursula's re-encryptions per second over HTTP
/// against the same requests served in process, and a 3-of-5 retrieval over the network against
/// the same retrieval through the same Ursulas in memory.
@main
struct UrsulaBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ursula-benchmark",
        abstract: "Re-encryptions per second over HTTP and 3-of-5 retrieval latency, each against the same work in process.",
        discussion: """
            Starts --ursulas Ursula nodes on 127.0.0.1 (DHT, REST, SQLite in a temporary folder), \
            grants Bob a --threshold-of---ursulas policy, then measures (1) --requests \
            re-encryption requests to one Ursula, --concurrency at a time, over HTTP and then by \
            calling the same Ursula directly, and (2) --retrievals retrievals by Bob over the \
            network and through an in-memory network of the very same Ursulas. Run it in a \
            release build: swift run -c release ursula-benchmark.
            """
    )

    @Option(help: "Ursulas to start.") var ursulas = 5
    @Option(help: "Ursulas Bob needs.") var threshold = 3
    @Option(help: "Re-encryption requests per measurement.") var requests = 400
    @Option(help: "Requests in flight at once.") var concurrency = 16
    @Option(help: "Retrievals per measurement.") var retrievals = 50

    func validate() throws {
        guard threshold >= 1, ursulas >= threshold, requests >= 1, concurrency >= 1, retrievals >= 1 else {
            throw ValidationError("need 1 ≤ --threshold ≤ --ursulas and positive counts")
        }
    }

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kms-ursula-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var logger = Logger(label: "ursula-benchmark")
        logger.logLevel = .critical
        let ledger = InMemoryPolicyLedger()
        let dht = KademliaServerConfiguration(rpcTimeout: .seconds(1))
        var nodes: [UrsulaNode] = []
        for index in 0..<ursulas {
            let configuration = UrsulaNodeConfiguration(
                dataDirectory: folder.appendingPathComponent("ursula-\(index)").path, restPort: try LoopbackPort.freeTCP(),
                bootstrap: nodes.first.map { [$0.dht.contact.address] } ?? [], dht: dht)
            let node = try await UrsulaNode.open(configuration, passphrase: SecretBytes(Array("bench \(index)".utf8)),
                                                 scrypt: .insecureForTesting, ledger: ledger, logger: logger)
            await ledger.stake(node.stakingProviderAddress)
            nodes.append(node)
        }
        let started = nodes
        let clientDHT = try await KademliaServer.bind(host: "127.0.0.1", port: 0, configuration: dht, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for node in started { group.addTask { try await node.run() } }
            group.addTask { await clientDHT.run() }
            defer {
                for node in started { node.shutdown() }
                group.cancelAll()
            }
            for node in started { try await node.waitUntilReady() }
            for node in started { await node.publishMetadata() }
            await clientDHT.bootstrap([started[0].dht.contact.address])

            let addresses = started.map(\.stakingProviderAddress)
            let transport = NetworkPolicyTransport(dht: clientDHT, ursulas: addresses, timeout: 30)
            let alice = Alice(transport: transport, ledger: ledger)
            let bobEncrypting = SecretKey.random()
            let bobSigner = Signer(SecretKey.random())
            let bob = Bob(encryptingKey: bobEncrypting, signer: bobSigner, transport: transport)
            let label = Array("benchmark".utf8)
            let policy = try await alice.grant(
                to: bob.card, label: label, threshold: threshold, shares: ursulas,
                expiration: UnixTime(secondsSinceEpoch: Int64(Date().timeIntervalSince1970) + 3600))
            let kit = try Enrico(policyEncryptingKey: policy.policyEncryptingKey).encrypt(Array("measured".utf8))
            let map = try await bob.findTreasureMap(label: label, publisherVerifyingKey: alice.verifyingKey)

            print("Ursula benchmark: \(ursulas) Ursulas on 127.0.0.1, \(threshold)-of-\(ursulas), "
                  + "\(ProcessInfo.processInfo.activeProcessorCount) cores")

            // (1) One Ursula: the same request over HTTP and in process.
            let first = started[0]
            let encryptedKeyFrag = try Self.require(map.destinations[first.stakingProviderAddress])
            let request = ReencryptionRequest(
                capsules: [kit.capsule], hrac: policy.hrac, encryptedKeyFrag: encryptedKeyFrag,
                publisherVerifyingKey: alice.verifyingKey, bobVerifyingKey: bob.card.verifyingKey)
            let client = UrsulaClient(metadata: first.metadata, timeout: 60)
            let overHTTP = try await Self.rate(requests: requests, concurrency: concurrency) {
                _ = try await client.reencrypt(request)
            }
            let ursula = first.ursula
            let inProcess = try await Self.rate(requests: requests, concurrency: concurrency) {
                _ = try await ursula.reencrypt(request)
            }
            print("re-encryptions per second, one Ursula: HTTP \(Self.format(overHTTP)), in process \(Self.format(inProcess)) "
                  + "(HTTP reaches \(Self.format(overHTTP / inProcess * 100))% of in process)")

            // (2) Bob's whole retrieval: over the network, and through the same Ursulas in memory.
            let memoryBob = Bob(encryptingKey: bobEncrypting, signer: bobSigner,
                                transport: InMemoryNetwork(ursulas: started.map(\.ursula)))
            let networkTimes = try await Self.latencies(retrievals) { _ = try await bob.retrieveAndDecrypt([kit], from: map) }
            let memoryTimes = try await Self.latencies(retrievals) { _ = try await memoryBob.retrieveAndDecrypt([kit], from: map) }
            let network = Self.median(networkTimes)
            let memory = Self.median(memoryTimes)
            print("\(threshold)-of-\(ursulas) retrieval, median of \(retrievals): network \(Self.format(network)) ms, "
                  + "in memory \(Self.format(memory)) ms (network overhead \(Self.format(network - memory)) ms, "
                  + "\(Self.format(network / memory))×)")
        }
    }

    /// Requests per second for `requests` calls of `work`, `concurrency` at a time.
    static func rate(requests: Int, concurrency: Int, _ work: @escaping @Sendable () async throws -> Void) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            var issued = 0
            while issued < min(concurrency, requests) {
                group.addTask(operation: work)
                issued += 1
            }
            while try await group.next() != nil {
                if issued < requests {
                    group.addTask(operation: work)
                    issued += 1
                }
            }
        }
        return Double(requests) / seconds(clock.now - start)
    }

    /// Milliseconds for each of `count` sequential runs of `work`.
    static func latencies(_ count: Int, _ work: () async throws -> Void) async throws -> [Double] {
        let clock = ContinuousClock()
        var times: [Double] = []
        for _ in 0..<count {
            let start = clock.now
            try await work()
            times.append(seconds(clock.now - start) * 1000)
        }
        return times
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func seconds(_ duration: Duration) -> Double {
        let (whole, attoseconds) = duration.components
        return Double(whole) + Double(attoseconds) / 1e18
    }

    static func require<T>(_ value: T?) throws -> T {
        guard let value else { throw ValidationError("the treasure map has no kFrag for the first Ursula") }
        return value
    }

    static func format(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}
