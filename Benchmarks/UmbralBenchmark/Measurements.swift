import Foundation
import KMSPolicy
@_spi(Benchmarking) import UmbralCore

/// Everything one round measures on one backend, in one process: the operations, the price of one
/// multiplication of each kind, the real and naive verification checks, and Ursula's parallel
/// re-encryption. A second copy of this program built with `--traits LibSecp256k1` prints it as
/// JSON (`--emit-json`), so both backends are measured by the same code on the same inputs.
struct BackendMeasurement: Codable, Sendable {
    /// `BenchmarkingBackend.name` of the process that measured.
    let backend: String
    /// Operation name → per-call samples in µs, sorted.
    let operations: [String: [Double]]
    /// Multiplication kind (``MultiplicationKind``) → median µs of one call.
    let multiplications: [String: Double]
    /// Check name → (real, naive) medians in µs.
    let verification: [String: VerificationTiming]
    let parallel: ParallelTiming
    /// `dem_encrypt_<size>` / `dem_decrypt_<size>` → median µs of the DEM alone on that plaintext.
    let dem: [String: Double]

    static func measure(
        plaintexts: [[UInt8]], iterations: Int, warmup: Int, progress: (String) -> Void
    ) async throws -> BackendMeasurement {
        let operations = try SwiftUmbralBenchmark.run(
            plaintexts: plaintexts, iterations: iterations, warmup: warmup, progress: progress)
        progress("multiplication costs")
        let multiplications = try MultiplicationKind.measure(iterations: max(iterations, 50), warmup: warmup)
        progress("DEM alone")
        var dem = [String: Double]()
        for plaintext in plaintexts {
            let cipher = try BenchmarkingDEM(plaintext: plaintext)
            dem["dem_encrypt_\(plaintext.count)"] = try Stopwatch.measure(iterations: iterations, warmup: warmup) {
                blackHole(try cipher.encrypt())
            }.median
            dem["dem_decrypt_\(plaintext.count)"] = try Stopwatch.measure(iterations: iterations, warmup: warmup) {
                blackHole(try cipher.decrypt())
            }.median
        }
        progress("naive verification")
        let verification = try VerificationTiming.measure(iterations: iterations, warmup: warmup)
        progress("parallel re-encryption")
        let parallel = try await ParallelTiming.measure(iterations: max(iterations / 3, 5), warmup: 1)
        return BackendMeasurement(
            backend: BenchmarkingBackend.name, operations: operations.mapValues(\.sortedMicroseconds),
            multiplications: multiplications, verification: verification, parallel: parallel, dem: dem)
    }
}

/// The four kinds of scalar multiplication the protocol code calls, as priced by the
/// `@_spi(Benchmarking)` hooks in `Sources/UmbralCore/Benchmarking/`.
enum MultiplicationKind: String, CaseIterable, Codable {
    /// k·G, constant-time (`Point.generatorMultiple`).
    case fixed
    /// k·P, constant-time (`Scalar * Point`).
    case variable
    /// a·P + b·G, variable-time (`Point.linearCombination` with the generator).
    case combinationWithG
    /// a·P + b·Q, variable-time (`Point.linearCombination` of two points).
    case combinationOfTwo
    /// One ECDSA verification on a prehash: (z/s)·G + (r/s)·Q as the backend verifies signatures.
    case ecdsaVerify

    var title: String {
        switch self {
        case .fixed: "k·G"
        case .variable: "k·P"
        case .combinationWithG: "a·P+b·G"
        case .combinationOfTwo: "a·P+b·Q"
        case .ecdsaVerify: "ECDSA vfy"
        }
    }

    var description: String {
        switch self {
        case .fixed: "fixed base k·G, constant-time (Point.generatorMultiple)"
        case .variable: "variable base k·P, constant-time (Scalar * Point)"
        case .combinationWithG: "a·P + b·G in one variable-time Point.linearCombination (ECDSA verification, capsule check)"
        case .combinationOfTwo: "a·P + b·Q in one variable-time Point.linearCombination (each cFrag proof equation)"
        case .ecdsaVerify: "one ECDSA verification on a prehash, (z/s)·G + (r/s)·Q as the backend verifies"
        }
    }

    /// The median of each kind over fresh random operands (a new set every 10 calls).
    static func measure(iterations: Int, warmup: Int) throws -> [String: Double] {
        let operandSets = (0..<max(iterations / 10, 1)).map { _ in MultiplicationOperands() }
        guard operandSets.allSatisfy(\.hooksAgree) else {
            throw BenchmarkError.roundTripFailed("the multiplication hooks disagree with each other")
        }
        var result = [String: Double]()
        for kind in allCases {
            var index = 0
            let summary = Stopwatch.measure(iterations: iterations, warmup: warmup) {
                let operands = operandSets[(index / 10) % operandSets.count]
                index += 1
                switch kind {
                case .fixed: blackHole(operands.fixedBase())
                case .variable: blackHole(operands.variableBase())
                case .combinationWithG: blackHole(operands.linearCombinationWithGenerator())
                case .combinationOfTwo: blackHole(operands.linearCombinationOfTwo())
                case .ecdsaVerify: blackHole(operands.ecdsaVerification())
                }
            }
            result[kind.rawValue] = summary.median
        }
        return result
    }
}

/// One verification check, timed as UmbralCore runs it and as a naive evaluation that does one
/// scalar multiplication at a time and then adds (the `verifyNaively` hooks).
struct VerificationTiming: Codable, Sendable {
    let real: Double
    let naive: Double

    static let checks = ["verify_cfrag", "verify_kfrag", "capsule_self_check"]

    static func measure(iterations: Int, warmup: Int) throws -> [String: VerificationTiming] {
        let alice = SecretKey.random()
        let bob = SecretKey.random()
        let signer = Signer(SecretKey.random())
        let (capsule, _) = try Umbral.encrypt([1, 2, 3], for: alice.publicKey)
        let keyFrags = try Umbral.generateKeyFrags(
            delegating: alice, receiving: bob.publicKey, signer: signer, threshold: 2, shares: 3)
        let keyFrag = try KeyFrag(messagePackBytes: keyFrags[0].messagePackBytes)
        let capsuleFrag = try CapsuleFrag(messagePackBytes: Umbral.reencrypt(capsule, with: keyFrags[0]).messagePackBytes)
        let parsedCapsule = try Capsule(messagePackBytes: capsule.messagePackBytes)
        let keys = (verifying: signer.verifyingKey, delegating: alice.publicKey, receiving: bob.publicKey)

        // Both evaluations must accept the honest objects and reject a wrong capsule, or the
        // comparison would time two different things.
        let (otherCapsule, _) = try Umbral.encrypt([4], for: alice.publicKey)
        let realCFrag = (try? capsuleFrag.verify(
            capsule: capsule, verifyingKey: keys.verifying, delegatingKey: keys.delegating, receivingKey: keys.receiving)) != nil
        let realCFragOther = (try? capsuleFrag.verify(
            capsule: otherCapsule, verifyingKey: keys.verifying, delegatingKey: keys.delegating, receivingKey: keys.receiving)) != nil
        let naiveCFrag = capsuleFrag.verifyNaively(
            capsule: capsule, verifyingKey: keys.verifying, delegatingKey: keys.delegating, receivingKey: keys.receiving)
        let naiveCFragOther = capsuleFrag.verifyNaively(
            capsule: otherCapsule, verifyingKey: keys.verifying, delegatingKey: keys.delegating, receivingKey: keys.receiving)
        let naiveKFrag = keyFrag.verifyNaively(
            verifyingKey: keys.verifying, delegatingKey: keys.delegating, receivingKey: keys.receiving)
        let naiveKFragWrongKey = keyFrag.verifyNaively(
            verifyingKey: keys.delegating, delegatingKey: keys.delegating, receivingKey: keys.receiving)
        guard realCFrag, naiveCFrag, !realCFragOther, !naiveCFragOther, naiveKFrag, !naiveKFragWrongKey,
              parsedCapsule.verifiesItself, parsedCapsule.verifiesItselfNaively
        else {
            throw BenchmarkError.roundTripFailed("the naive verification does not decide as the real one does")
        }

        func pair(_ real: () -> Void, _ naive: () -> Void) -> VerificationTiming {
            VerificationTiming(
                real: Stopwatch.measure(iterations: iterations, warmup: warmup, real).median,
                naive: Stopwatch.measure(iterations: iterations, warmup: warmup, naive).median)
        }
        return [
            "verify_cfrag": pair({
                blackHole(try? capsuleFrag.verify(
                    capsule: capsule, verifyingKey: keys.verifying, delegatingKey: keys.delegating,
                    receivingKey: keys.receiving))
            }, {
                blackHole(capsuleFrag.verifyNaively(
                    capsule: capsule, verifyingKey: keys.verifying, delegatingKey: keys.delegating,
                    receivingKey: keys.receiving))
            }),
            "verify_kfrag": pair({
                blackHole(try? keyFrag.verify(
                    verifyingKey: keys.verifying, delegatingKey: keys.delegating, receivingKey: keys.receiving))
            }, {
                blackHole(keyFrag.verifyNaively(
                    verifyingKey: keys.verifying, delegatingKey: keys.delegating, receivingKey: keys.receiving))
            }),
            "capsule_self_check": pair({ blackHole(parsedCapsule.verifiesItself) }, { blackHole(parsedCapsule.verifiesItselfNaively) }),
        ]
    }
}

/// Ursula's re-encryption of one request's capsules: a serial loop of `Umbral.reencrypt` (what she
/// did before) against `Ursula.reencrypt(_:with:using:)`, which spreads them over the cores.
struct ParallelTiming: Codable, Sendable {
    let capsules: Int
    let cores: Int
    let serial: Double
    let parallel: Double
    /// Process CPU time ÷ wall time over all samples of each: the cores actually kept busy. Near 1
    /// for the serial loop; near the core count for the parallel one unless the machine's other
    /// load (or its scheduler's share for this process) leaves fewer.
    let serialCoresUsed: Double
    let parallelCoresUsed: Double
    /// The control: the same split (one task per unit, a serial loop against a task group) over
    /// pure integer work with no cryptography, memory or locks. Its speedup is what this machine
    /// gives two threads at the time of the run, the ceiling for the re-encryption's.
    let controlSerial: Double
    let controlParallel: Double

    static let capsuleCount = 8

    static func measure(iterations: Int, warmup: Int) async throws -> ParallelTiming {
        let alice = SecretKey.random()
        let bob = SecretKey.random()
        let signer = Signer(SecretKey.random())
        let keyFrag = try Umbral.generateKeyFrags(
            delegating: alice, receiving: bob.publicKey, signer: signer, threshold: 2, shares: 3)[0]
        let capsules = try (0..<capsuleCount).map { _ in try Umbral.encrypt([0], for: alice.publicKey).capsule }
        let clock = ContinuousClock()
        var serialSamples = [Double]()
        var parallelSamples = [Double]()
        var rng = SystemRandom()
        var serialCPU = 0.0
        var parallelCPU = 0.0
        for iteration in 0..<(warmup + iterations) {
            // Alternate the two within each iteration, so a burst of load hits both.
            let serialCPUStart = processCPUMicroseconds()
            let serialStart = clock.now
            blackHole(capsules.map { Umbral.reencrypt($0, with: keyFrag, using: &rng) })
            let serialTime = (clock.now - serialStart).microseconds
            let serialCPUTime = processCPUMicroseconds() - serialCPUStart
            let parallelCPUStart = processCPUMicroseconds()
            let parallelStart = clock.now
            blackHole(await Ursula.reencrypt(capsules, with: keyFrag, using: &rng))
            let parallelTime = (clock.now - parallelStart).microseconds
            let parallelCPUTime = processCPUMicroseconds() - parallelCPUStart
            if iteration >= warmup {
                serialSamples.append(serialTime)
                parallelSamples.append(parallelTime)
                serialCPU += serialCPUTime
                parallelCPU += parallelCPUTime
            }
        }
        // The control's unit takes about as long as one re-encryption (calibrated once here).
        let perMillion = max(Self.spinMicrosecondsPer(1_000_000), 1)
        let unit = min(max(Int(TimingSummary.median(serialSamples) / Double(capsuleCount) / perMillion * 1_000_000), 1000), 100_000_000)
        var controlSerialSamples = [Double]()
        var controlParallelSamples = [Double]()
        for iteration in 0..<(warmup + iterations) {
            let serialStart = clock.now
            blackHole((0..<capsuleCount).map { spin(unit &+ $0) })
            let serialTime = (clock.now - serialStart).microseconds
            let parallelStart = clock.now
            blackHole(await withTaskGroup(of: UInt64.self) { group in
                for index in 0..<capsuleCount { group.addTask { spin(unit &+ index) } }
                var sum: UInt64 = 0
                for await value in group { sum &+= value }
                return sum
            })
            let parallelTime = (clock.now - parallelStart).microseconds
            if iteration >= warmup {
                controlSerialSamples.append(serialTime)
                controlParallelSamples.append(parallelTime)
            }
        }
        return ParallelTiming(
            capsules: capsuleCount, cores: ProcessInfo.processInfo.activeProcessorCount,
            serial: TimingSummary.median(serialSamples), parallel: TimingSummary.median(parallelSamples),
            serialCoresUsed: serialCPU / serialSamples.reduce(0, +),
            parallelCoresUsed: parallelCPU / parallelSamples.reduce(0, +),
            controlSerial: TimingSummary.median(controlSerialSamples),
            controlParallel: TimingSummary.median(controlParallelSamples))
    }
}

/// A pure integer loop of `count` xorshift steps, for the control. Unoptimized on purpose: the
/// optimizer may otherwise see a pure function and move or merge its calls out of the timed region.
@_optimize(none)
func spin(_ count: Int) -> UInt64 {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: count)
    for _ in 0..<count {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
    }
    return state
}

extension ParallelTiming {
    /// µs one call of `spin(count)` takes here (median of 5).
    static func spinMicrosecondsPer(_ count: Int) -> Double {
        Stopwatch.measure(iterations: 5, warmup: 1) { blackHole(spin(count)) }.median
    }
}

/// CPU time of the whole process (all threads), in µs.
func processCPUMicroseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1_000_000 + Double(time.tv_nsec) / 1000
}
