import ArgumentParser
import Foundation
import KMSNetwork
import KMSPolicy
import Logging
import NIOConcurrencyHelpers
import UmbralCore

/// `kms-soak`: a local network under a mixed workload for a set time, with the process's memory
/// and file descriptors sampled throughout; it fails if either keeps growing or if any operation
/// gave a wrong answer.
@main
struct Soak: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kms-soak",
        abstract: "Run Ursulas, Alice and Bob under a mixed workload and check that memory and file descriptors stay flat.",
        discussion: """
            Starts --ursulas Ursula nodes in this process (DHT over UDP, REST over HTTP, SQLite and \
            sealed keys in a temporary folder) and --workers concurrent workers that, for \
            --seconds, grant policies, retrieve and decrypt (most often), revoke the oldest policy \
            and check that Bob is refused, and look Ursulas up in the DHT. Every --sample-every \
            seconds it records resident memory (VmRSS) and open file descriptors. The first \
            quarter of the samples is warm-up, the second the baseline; the last quarter must \
            stay within --memory-slack MiB and --descriptor-slack descriptors of it. Descriptors \
            of the two pools that open connections on demand (SQLite readers, HTTP connections to \
            the Ursulas) are held to the pools' bounds instead; every other descriptor must stay flat.
            Exit status: 0 when every operation succeeded and both stayed flat, 1 otherwise.
            """
    )

    @Option(help: "How long the workload runs, in seconds.") var seconds = 120
    @Option(help: "Ursulas to start.") var ursulas = 5
    @Option(help: "Ursulas Bob needs.") var threshold = 3
    @Option(help: "Concurrent workers.") var workers = 4
    @Option(help: "Seconds between resource samples.") var sampleEvery = 2.0
    @Option(help: "Allowed growth of resident memory past the baseline, in MiB.") var memorySlack = 16
    @Option(help: "Allowed growth of open file descriptors past the baseline.") var descriptorSlack = 8
    @Option(help: ArgumentHelp(
        "The operations to mix, comma-separated, from grant, retrieve, revoke, lookup.",
        discussion: "Retrievals alone show whether serving re-encryptions leaks, apart from the state grants add."))
    var operations = "grant,retrieve,revoke,lookup"

    /// The parsed --operations.
    private var mix: [SoakOperation] {
        operations.split(separator: ",").compactMap { SoakOperation(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
    }

    func validate() throws {
        guard seconds >= 8, ursulas >= threshold, threshold >= 1, ursulas <= 20, workers >= 1, workers <= 64 else {
            throw ValidationError("need --seconds ≥ 8, 1 ≤ --threshold ≤ --ursulas ≤ 20, 1 ≤ --workers ≤ 64")
        }
        let names = operations.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.isEmpty, names.allSatisfy({ SoakOperation(rawValue: $0) != nil }) else {
            throw ValidationError("--operations takes grant, retrieve, revoke and lookup, comma-separated; got '\(operations)'")
        }
        guard sampleEvery > 0, Double(seconds) / sampleEvery >= 8 else {
            throw ValidationError("--sample-every must give at least 8 samples in --seconds")
        }
    }

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kms-soak-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var logger = Logger(label: "kms-soak")
        logger.logLevel = .critical
        let ledger = InMemoryPolicyLedger()
        // A small DHT store, so that the treasure maps every grant publishes reach the store's
        // bound (and its eviction) early in the run instead of growing memory until the end; the
        // Ursulas re-announce their metadata often enough that it is never the value evicted.
        let dht = KademliaServerConfiguration(rpcTimeout: .seconds(1), storeCapacity: 256)
        var nodes: [UrsulaNode] = []
        for index in 0..<ursulas {
            let configuration = UrsulaNodeConfiguration(
                dataDirectory: folder.appendingPathComponent("ursula-\(index)").path, restPort: try LoopbackPort.freeTCP(),
                bootstrap: nodes.first.map { [$0.dht.contact.address] } ?? [], dht: dht, announceInterval: .seconds(2))
            let node = try await UrsulaNode.open(
                configuration, passphrase: SecretBytes(Array("soak \(index)".utf8)), scrypt: .insecureForTesting,
                ledger: ledger, logger: logger)
            await ledger.stake(node.stakingProviderAddress)
            nodes.append(node)
        }
        let started = nodes
        let client = try await KademliaServer.bind(host: "127.0.0.1", port: 0, configuration: dht, logger: logger)
        let outcome = try await withThrowingTaskGroup(of: SoakOutcome?.self) { group in
            for node in started { group.addTask { try await node.run(); return nil } }
            group.addTask { await client.run(); return nil }
            defer {
                for node in started { node.shutdown() }
                group.cancelAll()
            }
            for node in started { try await node.waitUntilReady() }
            for node in started { await node.publishMetadata() }
            await client.bootstrap([started[0].dht.contact.address])
            let addresses = started.map(\.stakingProviderAddress)
            let transport = NetworkPolicyTransport(dht: client, ursulas: addresses, timeout: 10)
            let characters = SoakCharacters(
                alice: Alice(transport: transport, ledger: ledger), bob: Bob(transport: transport), dht: client,
                ursulas: addresses, threshold: threshold, pool: PolicyPool())
            let outcome = await runWorkload(characters, dataFolder: folder.resolvingSymlinksInPath().path + "/")
            await client.shutdown()
            return outcome
        }
        report(outcome)
        if !outcome.passed { throw ExitCode.failure }
    }

    /// Runs the workers for --seconds while sampling, and gathers what happened.
    private func runWorkload(_ characters: SoakCharacters, dataFolder: String) async -> SoakOutcome {
        let start = ContinuousClock.now
        let deadline = start + .seconds(seconds)
        let mix = self.mix
        let tally = Tally()
        let samples = await withTaskGroup(of: [ResourceSample].self) { group in
            for _ in 0..<workers {
                group.addTask {
                    while ContinuousClock.now < deadline {
                        let operation = SoakOperation.draw(from: mix)
                        do {
                            try await characters.perform(operation)
                            tally.counts.withLockedValue { $0[operation, default: 0] += 1 }
                        } catch {
                            tally.failures.withLockedValue { $0.append("\(operation.rawValue): \(error)") }
                        }
                    }
                    return []
                }
            }
            group.addTask {
                var samples: [ResourceSample] = []
                while ContinuousClock.now < deadline {
                    let elapsed = (ContinuousClock.now - start).inSeconds
                    let operations = tally.counts.withLockedValue { $0.values.reduce(0, +) }
                    samples.append(.take(elapsed: elapsed, operations: operations, dataFolder: dataFolder))
                    try? await Task.sleep(for: .milliseconds(Int(sampleEvery * 1000)))
                }
                return samples
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        return SoakOutcome(
            samples: samples, counts: tally.counts.withLockedValue { $0 }, failures: tally.failures.withLockedValue { $0 },
            flatness: Flatness(samples, memorySlackKiB: memorySlack * 1024, descriptorSlack: descriptorSlack,
                               bounds: DescriptorBounds(ursulas: ursulas)))
    }

    private func report(_ outcome: SoakOutcome) {
        print("kms-soak: \(ursulas) Ursulas, \(threshold)-of-\(ursulas), \(workers) workers, \(seconds) s, "
              + "\(ProcessInfo.processInfo.activeProcessorCount) cores")
        let done = SoakOperation.allCases.map { "\($0.rawValue) \(outcome.counts[$0] ?? 0)" }.joined(separator: ", ")
        print("operations: \(done); failures: \(outcome.failures.count)")
        for failure in outcome.failures.prefix(10) { print("  failed \(failure)") }
        print("elapsed s  RSS MiB  fds  unpooled  SQLite conns  TCP ends  operations")
        let step = max(1, outcome.samples.count / 12)
        for sample in outcome.samples.enumerated().filter({ $0.offset % step == 0 || $0.offset == outcome.samples.count - 1 }).map(\.element) {
            let fds = sample.descriptors
            print(String(format: "%9.1f  %7.1f  %3d  %8d  %12d  %8d  %10d", sample.elapsed, Double(sample.residentKiB) / 1024,
                         fds.total, fds.unpooled, fds.databaseConnections, fds.connectedSockets, sample.operations))
        }
        guard let flat = outcome.flatness else {
            print("too few samples for a verdict")
            return
        }
        print(String(format: "memory: baseline %.1f MiB, last quarter %.1f MiB (slack %d MiB): %@",
                     Double(flat.baselineKiB) / 1024, Double(flat.finalKiB) / 1024, memorySlack,
                     flat.memoryIsFlat ? "flat" : "GROWING"))
        print("file descriptors outside the pools: baseline \(flat.baselineDescriptors), last quarter "
              + "\(flat.finalDescriptors) (slack \(descriptorSlack)): \(flat.descriptorsAreFlat ? "flat" : "GROWING")")
        print("pools: at most \(flat.peakDatabaseConnections) SQLite connections (bound \(flat.bounds.databaseConnections)), "
              + "\(flat.peakConnectedSockets) connected TCP ends (bound \(flat.bounds.connectedSockets)): "
              + (flat.poolsAreBounded ? "within bounds" : "OVER BOUND"))
        print(outcome.passed ? "PASS" : "FAIL")
    }
}

/// Operations done and failed so far, shared by the workers and the sampler.
final class Tally: Sendable {
    // NIO's lock rather than Synchronization.Mutex: the soak also runs under ThreadSanitizer,
    // which reports false races on a contended Mutex on Linux (see Docs/Reliability.md).
    let counts = NIOLockedValueBox<[SoakOperation: Int]>([:])
    let failures = NIOLockedValueBox<[String]>([])
}

/// What a soak run saw.
struct SoakOutcome: Sendable {
    let samples: [ResourceSample]
    let counts: [SoakOperation: Int]
    let failures: [String]
    let flatness: Flatness?

    var passed: Bool {
        guard let flatness, failures.isEmpty, !counts.isEmpty else { return false }
        return flatness.memoryIsFlat && flatness.descriptorsAreFlat && flatness.poolsAreBounded
    }
}

extension Duration {
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
