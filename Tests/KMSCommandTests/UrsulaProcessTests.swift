import Foundation
import KMSNetwork
import KMSPolicy
import Logging
import Testing
import UmbralCore

/// Five `kms ursula run` processes on loopback sharing a ledger directory, with Alice and Bob in
/// this process reaching them through the DHT and REST: grants, retrievals, `kill -9`, restarts
/// and revocation.
@Suite("kms ursula run: separate Ursula processes on loopback", .serialized)
struct UrsulaProcessTests {
    /// One `kms ursula run` process, stopped by PID when the test is done with it.
    final class UrsulaProcess {
        let dataDirectory: String
        let restPort: UInt16
        private(set) var dhtPort: UInt16
        private(set) var address = ""
        private var process = Process()

        init(dataDirectory: String, restPort: UInt16) {
            self.dataDirectory = dataDirectory
            self.restPort = restPort
            self.dhtPort = 0
        }

        /// Her passphrase, from the environment.
        var passphrase: String { "test passphrase for \(restPort)" }

        /// Starts (or restarts, on the same ports) and waits up to 30 s for the READY line. Her
        /// log (stderr) goes to `output` with `.log` appended.
        func start(ledger: String, bootstrap: [String], output: URL, logLevel: String = "error") throws {
            process = Process()
            try Data().write(to: output)
            let log = URL(fileURLWithPath: output.path + ".log")
            try Data().write(to: log)
            process.executableURL = try KMSBinary.location.get()
            process.arguments = ["ursula", "run", "--data-dir", dataDirectory, "--ledger", ledger,
                                 "--rest-port", "\(restPort)", "--dht-port", "\(dhtPort)", "--timeout", "1",
                                 "--log-level", logLevel] + bootstrap.flatMap { ["--bootstrap", $0] }
            process.environment = ProcessInfo.processInfo.environment.merging(
                ["KMS_URSULA_PASSPHRASE": passphrase]) { $1 }
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: output)
            process.standardError = try FileHandle(forWritingTo: log)
            try process.run()
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
                if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("READY ") }) {
                    let fields = line.split(separator: " ")
                    address = String(fields[1])
                    if let dht = fields.first(where: { $0.hasPrefix("dht=") }), let port = dht.split(separator: ":").last {
                        dhtPort = UInt16(port) ?? 0
                    }
                    return
                }
                guard process.isRunning else { break }
                Thread.sleep(forTimeInterval: 0.05)
            }
            stop(signal: SIGKILL)
            throw ProcessDidNotStart(output: (try? String(contentsOf: output, encoding: .utf8)) ?? "")
        }

        var dhtAddress: String { "127.0.0.1:\(dhtPort)" }

        /// Sends `signal`, waits up to 10 s, then SIGKILL.
        func stop(signal: Int32 = SIGTERM) {
            guard process.isRunning else { return }
            kill(process.processIdentifier, signal)
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }

        /// Freezes (SIGSTOP) or thaws (SIGCONT) the process: a frozen Ursula accepts connections
        /// into the kernel's backlog but never answers, the worst kind of slow.
        func freeze(_ frozen: Bool) {
            guard process.isRunning else { return }
            kill(process.processIdentifier, frozen ? SIGSTOP : SIGCONT)
        }

        var exitedCleanly: Bool { !process.isRunning && process.terminationReason == .exit && process.terminationStatus == 0 }
    }

    struct ProcessDidNotStart: Error, CustomStringConvertible {
        let output: String
        var description: String { "kms ursula run printed no READY line: \(output)" }
    }

    /// Starts `count` Ursula processes sharing `ledger`, each joining the DHT through the first.
    static func startUrsulas(
        _ count: Int, named prefix: String, in workspace: Workspace, ledger: String, logLevel: String = "error"
    ) throws -> [UrsulaProcess] {
        var ursulas: [UrsulaProcess] = []
        do {
            for index in 0..<count {
                let ursula = UrsulaProcess(dataDirectory: workspace.files.appendingPathComponent("\(prefix)\(index)").path,
                                           restPort: try LoopbackPort.freeTCP())
                ursulas.append(ursula)
                try ursula.start(ledger: ledger, bootstrap: ursulas.count > 1 ? [ursulas[0].dhtAddress] : [],
                                 output: workspace.files.appendingPathComponent("\(prefix)\(index).out"), logLevel: logLevel)
            }
        } catch {
            for ursula in ursulas { ursula.stop() }
            throw error
        }
        return ursulas
    }

    /// Runs `body` with a transport on a DHT node of the test's own that joined `ursulas`, and the
    /// ledger they share; the node stops when `body` returns or throws.
    static func withClient(
        of ursulas: [UrsulaProcess], ledger directory: String, timeout: Double,
        _ body: (NetworkPolicyTransport, DirectoryPolicyLedger) async throws -> Void
    ) async throws {
        let ledger = try DirectoryPolicyLedger(directory: directory)
        let dht = KademliaServerConfiguration(rpcTimeout: .seconds(1))
        let clientDHT = try await KademliaServer.bind(host: "127.0.0.1", port: 0, configuration: dht, logger: logger)
        let addresses = try ursulas.map { try Address(text: $0.address) }
        let seeds = ursulas.map { NodeAddress(host: "127.0.0.1", port: $0.dhtPort) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await clientDHT.run() }
            defer { group.cancelAll() }
            await clientDHT.bootstrap(seeds)
            try await body(NetworkPolicyTransport(dht: clientDHT, ursulas: addresses, timeout: timeout), ledger)
            await clientDHT.shutdown()
        }
    }

    static let logger: Logger = {
        var logger = Logger(label: "kms.ursula-process-test")
        logger.logLevel = .critical
        return logger
    }()

    @Test("grant 3-of-5 and retrieve; kill -9 two and retrieve; restart them and a 5-of-5 policy still decrypts; revoke and Bob is refused")
    func fiveUrsulaProcesses() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let ledgerDirectory = workspace.files.appendingPathComponent("ledger").path
        let ursulas = try Self.startUrsulas(5, named: "ursula-", in: workspace, ledger: ledgerDirectory)
        defer { for ursula in ursulas { ursula.stop() } }
        let started = ursulas

        let ledger = try DirectoryPolicyLedger(directory: ledgerDirectory)
        let dht = KademliaServerConfiguration(rpcTimeout: .seconds(1))
        let aliceDHT = try await KademliaServer.bind(host: "127.0.0.1", port: 0, configuration: dht, logger: Self.logger)
        let bobDHT = try await KademliaServer.bind(host: "127.0.0.1", port: 0, configuration: dht, logger: Self.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await aliceDHT.run() }
            group.addTask { await bobDHT.run() }
            defer { group.cancelAll() }
            await aliceDHT.bootstrap(started.map { NodeAddress(host: "127.0.0.1", port: $0.dhtPort) })
            await bobDHT.bootstrap(started.map { NodeAddress(host: "127.0.0.1", port: $0.dhtPort) })
            let addresses = try started.map { try Address(text: $0.address) }
            let alice = Alice(transport: NetworkPolicyTransport(dht: aliceDHT, ursulas: addresses, timeout: 30), ledger: ledger)
            let bob = Bob(transport: NetworkPolicyTransport(dht: bobDHT, ursulas: addresses, timeout: 30))
            let expiration = UnixTime(secondsSinceEpoch: Int64(Date().timeIntervalSince1970) + 3600)

            let threeOfFive = Array("three of five".utf8)
            let first = try await alice.grant(to: bob.card, label: threeOfFive, threshold: 3, shares: 5, expiration: expiration)
            let kit = try Enrico(policyEncryptingKey: first.policyEncryptingKey).encrypt(Array("first".utf8))
            #expect(try await bob.retrieveAndDecrypt(kit, label: threeOfFive, publisherVerifyingKey: alice.verifyingKey)
                == Array("first".utf8))

            // Every Ursula acknowledges her arrangement of a 5-of-5 policy, then two die without warning.
            let allFive = Array("five of five".utf8)
            let second = try await alice.grant(to: bob.card, label: allFive, threshold: 5, shares: 5, expiration: expiration)
            started[0].stop(signal: SIGKILL)
            started[1].stop(signal: SIGKILL)
            #expect(try await bob.retrieveAndDecrypt(kit, label: threeOfFive, publisherVerifyingKey: alice.verifyingKey)
                == Array("first".utf8), "three of five still answer")

            // Restarted on the same data directories, they still hold what they acknowledged.
            for (index, ursula) in started.prefix(2).enumerated() {
                try ursula.start(ledger: ledgerDirectory, bootstrap: [started[2].dhtAddress],
                                 output: workspace.files.appendingPathComponent("ursula-\(index)-restarted.out"))
                #expect(ursula.address == addresses[index].checksummed, "the same keys, so the same address")
            }
            let secondKit = try Enrico(policyEncryptingKey: second.policyEncryptingKey).encrypt(Array("second".utf8))
            #expect(try await bob.retrieveAndDecrypt(secondKit, label: allFive, publisherVerifyingKey: alice.verifyingKey)
                == Array("second".utf8), "a 5-of-5 policy needs the restarted Ursulas' arrangements")

            let faults = try await alice.revoke(first)
            #expect(faults.isEmpty, "every Ursula is up to hear the revocation: \(faults)")
            await #expect(throws: KMSPolicyError.self) {
                try await bob.retrieveAndDecrypt(kit, label: threeOfFive, publisherVerifyingKey: alice.verifyingKey)
            }
            await aliceDHT.shutdown()
            await bobDHT.shutdown()
        }
        for ursula in started {
            ursula.stop()
            #expect(ursula.exitedCleanly, "SIGTERM stops an Ursula with status 0")
        }
    }

    @Test("the command line end to end: alice grant, enrico encrypt, bob retrieve, two Ursulas killed, bob retrieve, alice revoke, bob refused")
    func commandLineAgainstALiveNetwork() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let ledger = workspace.files.appendingPathComponent("ledger").path
        let ursulas = try Self.startUrsulas(5, named: "u", in: workspace, ledger: ledger)
        defer { for ursula in ursulas { ursula.stop() } }
        let network = ["--bootstrap", ursulas[1].dhtAddress, "--ledger", ledger, "--network-timeout", "3"]
            + ursulas.flatMap { ["--network-ursula", $0.address] }
        try workspace.run("alice", "keygen", "--out-dir", "alice").expectSuccess()
        try workspace.run("bob", "keygen", "--out-dir", "bob").expectSuccess()
        let grant = try workspace.run(["alice", "grant", "--alice", "alice", "--label", "vitals",
                                       "--bob-encrypting-key", "bob/encrypting.pk", "--bob-verifying-key", "bob/verifying.pk",
                                       "--threshold", "3", "--shares", "5", "--out-dir", "policy"] + network)
        #expect(grant.status == 0, "\(grant)")
        try workspace.run("alice", "policy-key", "--alice", "alice", "--label", "vitals", "--out", "policy.pk").expectSuccess()
        let secret = "heart rate \(UUID().uuidString)"
        try Data(secret.utf8).write(to: workspace.files.appendingPathComponent("message.txt"))
        try workspace.run("enrico", "encrypt", "--policy-key", "policy.pk", "--plaintext", "message.txt", "--out", "message.kit")
            .expectSuccess()
        let retrieve = ["bob", "retrieve", "--bob", "bob", "--alice-verifying-key", "alice/verifying.pk", "--label", "vitals",
                        "--message-kit", "message.kit"]

        try workspace.run(retrieve + ["--out", "first.txt"] + network).expectSuccess()
        #expect(try String(contentsOf: workspace.files.appendingPathComponent("first.txt"), encoding: .utf8) == secret)

        ursulas[3].stop(signal: SIGKILL)
        ursulas[4].stop(signal: SIGKILL)
        try workspace.run(retrieve + ["--out", "second.txt"] + network).expectSuccess()
        #expect(try String(contentsOf: workspace.files.appendingPathComponent("second.txt"), encoding: .utf8) == secret)

        let revoke = try workspace.run(["alice", "revoke", "--alice", "alice", "--policy-dir", "policy"] + network)
        #expect(revoke.status == 0, "\(revoke)")
        #expect(revoke.stdout.contains("3 of 5 Ursulas told"), "\(revoke)")
        try workspace.run(retrieve + ["--out", "third.txt"] + network).expectFailure([1], mentioning: ["policyRevoked"])
        #expect(!FileManager.default.fileExists(atPath: workspace.files.appendingPathComponent("third.txt").path))
    }

    @Test("kill -9 an Ursula in the middle of a stream of grants: after a restart she serves every policy she acknowledged")
    func killDuringGrants() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let ledgerDirectory = workspace.files.appendingPathComponent("ledger").path
        let ursulas = try Self.startUrsulas(3, named: "k", in: workspace, ledger: ledgerDirectory)
        defer { for ursula in ursulas { ursula.stop() } }
        let started = ursulas
        let victim = started[0]
        try await Self.withClient(of: started, ledger: ledgerDirectory, timeout: 30) { transport, ledger in
            let alice = Alice(transport: transport, ledger: ledger)
            let bob = Bob(transport: transport)
            let expiration = UnixTime(secondsSinceEpoch: Int64(Date().timeIntervalSince1970) + 3600)

            // All-of-three policies, one after another, until the victim dies under one of them.
            let (firstAcknowledgement, acknowledging) = AsyncStream.makeStream(of: Void.self)
            let granting = Task { () -> [[UInt8]] in
                defer { acknowledging.finish() }
                var acknowledged: [[UInt8]] = []
                for index in 0..<10_000 {
                    let label = Array("stream-\(index)".utf8)
                    do {
                        _ = try await alice.grant(to: bob.card, label: label, threshold: 3, shares: 3, expiration: expiration)
                        acknowledged.append(label)
                        if acknowledged.count == 1 { acknowledging.yield() }
                    } catch {
                        break
                    }
                }
                return acknowledged
            }
            // Once one grant is through (however slow the build, e.g. under ThreadSanitizer), kill -9
            // at a moment unrelated to any grant's steps.
            for await _ in firstAcknowledgement { break }
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...500)))
            victim.stop(signal: SIGKILL)
            let acknowledged = await granting.value
            #expect(!acknowledged.isEmpty, "some grants finished before the kill")

            try victim.start(ledger: ledgerDirectory, bootstrap: [started[1].dhtAddress],
                             output: workspace.files.appendingPathComponent("k0-restarted.out"))
            for label in acknowledged {
                let policyKit = try await bob.findTreasureMap(label: label, publisherVerifyingKey: alice.verifyingKey)
                let kit = try Enrico(policyEncryptingKey: policyKit.policyEncryptingKey).encrypt(label)
                let retrieval = try await bob.retrieveAndDecrypt([kit], from: policyKit)
                #expect(retrieval.cleartexts == [label], "policy \(String(decoding: label, as: UTF8.self)) needs the restarted Ursula")
            }
        }
    }

    @Test("kill -9 an Ursula during streams of revocations and re-encryptions: after a restart every acknowledged revocation holds, her log counts every answer, and SQLite is consistent")
    func killDuringRevocationsAndReencryptions() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let ledgerDirectory = workspace.files.appendingPathComponent("ledger").path
        let ursulas = try Self.startUrsulas(3, named: "r", in: workspace, ledger: ledgerDirectory)
        defer { for ursula in ursulas { ursula.stop() } }
        let started = ursulas
        let victim = started[0]
        let victimAddress = try Address(text: victim.address)
        try await Self.withClient(of: started, ledger: ledgerDirectory, timeout: 30) { transport, ledger in
            let alice = Alice(transport: transport, ledger: ledger)
            let bob = Bob(transport: transport)
            let expiration = UnixTime(secondsSinceEpoch: Int64(Date().timeIntervalSince1970) + 3600)
            var policies: [Policy] = []
            for index in 0..<60 {
                policies.append(try await alice.grant(
                    to: bob.card, label: Array("r-\(index)".utf8), threshold: 3, shares: 3, expiration: expiration))
            }
            // Bob's request to the victim for one policy, with a fresh capsule.
            func request(for policy: Policy) throws -> ReencryptionRequest {
                let kit = try Enrico(policyEncryptingKey: policy.policyEncryptingKey).encrypt(policy.label)
                return ReencryptionRequest(
                    capsules: [kit.capsule], hrac: policy.hrac, encryptedKeyFrag: try #require(policy.treasureMap.destinations[victimAddress]),
                    publisherVerifyingKey: alice.verifyingKey, bobVerifyingKey: bob.signer.verifyingKey)
            }
            let served = policies[0]
            let revocable = Array(policies.dropFirst())
            let orders = try revocable.map { policy in
                try #require(alice.revocationOrders(for: policy).first { $0.stakingProviderAddress == victimAddress })
            }
            let publisher = alice.verifyingKey
            let servedRequest = try request(for: served)

            let (firstRevocation, revocationProgress) = AsyncStream.makeStream(of: Void.self)
            let (firstAnswer, answerProgress) = AsyncStream.makeStream(of: Void.self)
            let revoking = Task { () -> Int in
                defer { revocationProgress.finish() }
                var acknowledged = 0
                for order in orders {
                    do { try await transport.revoke(order, publisherVerifyingKey: publisher) } catch { break }
                    acknowledged += 1
                    if acknowledged == 1 { revocationProgress.yield() }
                }
                return acknowledged
            }
            let reencrypting = Task { () -> Int in
                defer { answerProgress.finish() }
                var answered = 0
                while (try? await transport.reencrypt(servedRequest, at: victimAddress)) != nil {
                    answered += 1
                    if answered == 1 { answerProgress.yield() }
                }
                return answered
            }
            // Once both streams are under way (however slow the build), kill -9 at a moment
            // unrelated to any request's steps.
            for await _ in firstRevocation { break }
            for await _ in firstAnswer { break }
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...250)))
            victim.stop(signal: SIGKILL)
            let (acknowledged, answered) = (await revoking.value, await reencrypting.value)
            #expect(answered > 0, "some re-encryptions were answered before the kill")

            try victim.start(ledger: ledgerDirectory, bootstrap: [started[1].dhtAddress],
                             output: workspace.files.appendingPathComponent("r0-restarted.out"))
            for policy in revocable.prefix(acknowledged) {
                do {
                    _ = try await transport.reencrypt(try request(for: policy), at: victimAddress)
                    Issue.record("policy \(policy.hrac): her acknowledged revocation was lost")
                } catch let error as KMSPolicyError {
                    guard case .ursulaRefused(_, error: "keyFragRevoked", message: _) = error else {
                        Issue.record("policy \(policy.hrac): expected keyFragRevoked, got \(error)")
                        continue
                    }
                }
            }
            _ = try await transport.reencrypt(servedRequest, at: victimAddress)

            // Her store, read after a clean stop: consistent, and nothing she answered is missing.
            victim.stop()
            let database = try UrsulaDatabase(directory: victim.dataDirectory)
            try await database.checkIntegrity()
            #expect(try await database.reencryptionCount(for: served.hrac) >= answered + 1)
            for order in orders.prefix(acknowledged) {
                #expect(try await database.isRevoked(order.encryptedKeyFrag, publisherVerifyingKey: publisher))
            }
            try database.close()
        }
    }

    @Test("two Ursulas frozen mid-policy (SIGSTOP): Bob still decrypts within his timeouts (5 s a call) from the three that answer, and blames no one else")
    func frozenUrsulas() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let ledgerDirectory = workspace.files.appendingPathComponent("ledger").path
        let ursulas = try Self.startUrsulas(5, named: "f", in: workspace, ledger: ledgerDirectory)
        defer {
            for ursula in ursulas {
                ursula.freeze(false)
                ursula.stop()
            }
        }
        let started = ursulas
        let addresses = try started.map { try Address(text: $0.address) }
        try await Self.withClient(of: started, ledger: ledgerDirectory, timeout: 5) { transport, ledger in
            let alice = Alice(transport: transport, ledger: ledger)
            let bob = Bob(transport: transport)
            let label = Array("frozen".utf8)
            let policy = try await alice.grant(
                to: bob.card, label: label, threshold: 3, shares: 5,
                expiration: UnixTime(secondsSinceEpoch: Int64(Date().timeIntervalSince1970) + 3600))
            let map = try await bob.findTreasureMap(label: label, publisherVerifyingKey: alice.verifyingKey)
            let kit = try Enrico(policyEncryptingKey: policy.policyEncryptingKey).encrypt(Array("still here".utf8))

            started[1].freeze(true)
            started[2].freeze(true)
            let clock = ContinuousClock()
            let start = clock.now
            let retrieval = try await bob.retrieveAndDecrypt([kit], from: map)
            let elapsed = clock.now - start
            #expect(retrieval.cleartexts == [Array("still here".utf8)])
            #expect(elapsed < .seconds(60), "bounded by the client's 5 s timeouts, took \(elapsed)")
            let frozen = Set([addresses[1], addresses[2]])
            #expect(Set(retrieval.contributors).isDisjoint(with: frozen))
            #expect(Set(retrieval.faults.map(\.address)).isSubset(of: frozen), "only the frozen Ursulas are at fault: \(retrieval.faults)")
        }
    }
}
