import Foundation
@_spi(Benchmarking) import UmbralCore

/// Runs the operations many times and samples the process's memory at checkpoints, to show that
/// nothing accumulates: each iteration encrypts and decrypts every plaintext, makes a 2-of-3
/// batch of kFrags, parses and verifies one, re-encrypts, parses and verifies the cFrag, and
/// decrypts with two cFrags. Run in a fresh process per backend, so the timing runs' memory does
/// not count.
struct LeakCheckResult: Codable, Sendable {
    struct Checkpoint: Codable, Sendable {
        let iteration: Int
        /// VmRSS and VmHWM from /proc/self/status, in KiB.
        let residentKiB: Int
        let peakKiB: Int
    }

    let backend: String
    let iterations: Int
    let checkpoints: [Checkpoint]

    /// Growth allowed over the last 90% of the run.
    static let flatLimitKiB = 4096

    /// The checkpoint at 10% of the run, where the baseline is taken (allocator pools and caches
    /// have filled by then).
    var baseline: Checkpoint? { checkpoints.first { $0.iteration >= iterations / 10 } }
    var last: Checkpoint? { checkpoints.last }
    var residentGrowthKiB: Int? { baseline.flatMap { base in last.map { $0.residentKiB - base.residentKiB } } }
    var peakGrowthKiB: Int? { baseline.flatMap { base in last.map { $0.peakKiB - base.peakKiB } } }
    var isFlat: Bool {
        guard let resident = residentGrowthKiB, let peak = peakGrowthKiB else { return false }
        return resident <= Self.flatLimitKiB && peak <= Self.flatLimitKiB
    }

    static func run(iterations: Int, plaintexts: [[UInt8]], progress: (String) -> Void) throws -> LeakCheckResult {
        let alice = SecretKey.random()
        let bob = SecretKey.random()
        let signer = Signer(SecretKey.random())
        let step = max(iterations / 20, 1)
        var checkpoints = [Checkpoint]()
        for iteration in 1...iterations {
            for plaintext in plaintexts {
                let (capsule, ciphertext) = try Umbral.encrypt(plaintext, for: alice.publicKey)
                guard try Umbral.decryptOriginal(ciphertext, capsule: capsule, secretKey: alice).count == plaintext.count else {
                    throw BenchmarkError.roundTripFailed("leak check: decryptOriginal")
                }
            }
            let (capsule, ciphertext) = try Umbral.encrypt(plaintexts[0], for: alice.publicKey)
            let keyFrags = try Umbral.generateKeyFrags(
                delegating: alice, receiving: bob.publicKey, signer: signer, threshold: 2, shares: 3)
            let keyFrag = try KeyFrag(messagePackBytes: keyFrags[0].messagePackBytes).verify(
                verifyingKey: signer.verifyingKey, delegatingKey: alice.publicKey, receivingKey: bob.publicKey)
            var capsuleFrags = [VerifiedCapsuleFrag]()
            for kfrag in [keyFrag, keyFrags[1]] {
                let bytes = Umbral.reencrypt(try Capsule(messagePackBytes: capsule.messagePackBytes), with: kfrag).messagePackBytes
                capsuleFrags.append(try CapsuleFrag(messagePackBytes: bytes).verify(
                    capsule: capsule, verifyingKey: signer.verifyingKey, delegatingKey: alice.publicKey,
                    receivingKey: bob.publicKey))
            }
            guard try Umbral.decryptReencrypted(
                ciphertext, capsule: capsule, capsuleFrags: capsuleFrags, receivingKey: bob,
                delegatingKey: alice.publicKey) == plaintexts[0]
            else { throw BenchmarkError.roundTripFailed("leak check: decryptReencrypted") }
            if iteration % step == 0 || iteration == iterations {
                let (resident, peak) = Self.memoryKiB()
                checkpoints.append(Checkpoint(iteration: iteration, residentKiB: resident, peakKiB: peak))
                progress("leak check \(BenchmarkingBackend.name): \(iteration)/\(iterations), VmRSS \(resident) KiB, VmHWM \(peak) KiB")
            }
        }
        return LeakCheckResult(backend: BenchmarkingBackend.name, iterations: iterations, checkpoints: checkpoints)
    }

    /// VmRSS and VmHWM in KiB.
    static func memoryKiB() -> (resident: Int, peak: Int) {
        guard let status = MachineDescription.readProcFile("/proc/self/status") else { return (0, 0) }
        func field(_ name: String) -> Int {
            for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
                return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
            }
            return 0
        }
        return (field("VmRSS"), field("VmHWM"))
    }

    /// Runs `executable --emit-json --leak-check N` and reads its result.
    static func runSubprocess(executable: String, iterations: Int, plaintextFiles: [URL]) throws -> LeakCheckResult {
        var arguments = ["--emit-json", "--leak-check", String(iterations)]
        for file in plaintextFiles { arguments += ["--plaintext-file", file.path] }
        #if DEBUG
        arguments.append("--allow-debug")
        #endif
        let result = try Subprocess.run(executable, arguments)
        guard result.status == 0 else {
            throw BenchmarkError.secondBackendFailed("\(executable) --leak-check exited with status \(result.status)")
        }
        do {
            return try JSONDecoder().decode(LeakCheckResult.self, from: Data(result.standardOutput.utf8))
        } catch {
            throw BenchmarkError.secondBackendFailed("\(executable) --leak-check printed unreadable JSON: \(error)")
        }
    }
}
