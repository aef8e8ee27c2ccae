import ArgumentParser
import Foundation
@_spi(Benchmarking) import UmbralCore

/// Times UmbralCore on both curve backends against umbral-pre 0.11 and pyUmbral 0.3 on the same
/// inputs in one run.
@main
struct UmbralBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "umbral-benchmark",
        abstract: "Time UmbralCore on OpenSSL and on libsecp256k1 against umbral-pre 0.11 (Rust) and pyUmbral 0.3 (Python) on the same inputs.",
        discussion: """
            The one command (from the package root):
              swift build -c release --scratch-path .build-bench --product umbral-benchmark
              .build-bench/release/umbral-benchmark --leak-check 10000 --markdown Docs/Benchmarks.md

            This program is built with the default traits, so its UmbralCore runs on OpenSSL. It \
            builds a second copy of itself with --traits LibSecp256k1 in the scratch path \
            .build-bench-secp (an up-to-date copy takes seconds; --secp-binary names a prebuilt one) \
            and runs it as a subprocess in --emit-json mode.

            Writes random 1 KiB and 1 MiB plaintexts to a temporary directory, then, --rounds times \
            in turn: times UmbralCore on OpenSSL in this process; the libsecp256k1 copy on the same \
            files; and Benchmarks/reference_umbral_bench.py (umbral-pre 0.11 and pyUmbral 0.3) on \
            the same files with the same iteration counts. Operations: encrypt and \
            decrypt_original (each size), generate_kfrags (2-of-3, 5-of-10), verify_kfrag, \
            reencrypt, verify_cfrag and decrypt_reencrypted (2 and 5 cFrags). Each backend also \
            prices one multiplication of each kind (k·G, k·P, a·P+b·G, a·P+b·Q, one ECDSA \
            verification) and the DEM alone, from which the report gives every operation's \
            multiplication floor; times its verification checks against a naive \
            one-multiplication-at-a-time evaluation; and times Ursula's parallel re-encryption of \
            an 8-capsule request against a serial loop, beside a control of pure integer work. --leak-check N then runs \
            the operations N times in a fresh process per backend and reports VmRSS/VmHWM growth.

            Prints one report of medians, ratios and verdicts on the issue's targets. The exit \
            status is 0 whatever the numbers are; it is non-zero only when the run fails.

            A debug build is refused unless --allow-debug is given. --markdown writes the results \
            between the markers "<!-- umbral-benchmark:begin … -->" and "<!-- umbral-benchmark:end -->" \
            of an existing file (text outside them is kept), or creates the file; an existing file \
            without the markers is never overwritten.
            """)

    @Option(help: "Timed calls per operation, each timed on its own.")
    var iterations = 30

    @Option(help: "Untimed calls per operation before timing.")
    var warmup = 2

    @Option(help: ArgumentHelp(
        "How many times to run the whole comparison.",
        discussion: "Each round times ours on OpenSSL, ours on libsecp256k1, then runs the reference script; every "
            + "figure is the median over rounds of the per-round medians, so a burst of load from other processes "
            + "does not fall on one implementation only."))
    var rounds = 5

    @Option(help: ArgumentHelp(
        "The reference Python interpreter.",
        discussion: "Default: $KMS_REFERENCE_PYTHON if set, otherwise the interpreter printed by "
            + "Scripts/reference-env.sh, which builds the pinned environment if needed.",
        valueName: "path"))
    var python: String?

    @Flag(help: "Do not run umbral-pre 0.11 and pyUmbral 0.3: no reference ratios, no verdict on them.")
    var skipReference = false

    @Flag(help: "Do not build or run the libsecp256k1 copy: the OpenSSL backend only.")
    var skipSecp = false

    @Option(help: ArgumentHelp(
        "A prebuilt libsecp256k1 copy of this program to run instead of building one.", valueName: "path"))
    var secpBinary: String?

    @Option(help: ArgumentHelp(
        "Also run the operations N times per backend (the issue asks for 10000) and check memory stays flat.",
        valueName: "N"))
    var leakCheck: Int?

    @Option(help: ArgumentHelp("Also write the results as Markdown to this file.", valueName: "file"))
    var markdown: String?

    @Flag(help: "Run even when built in debug (the numbers are then meaningless).")
    var allowDebug = false

    @Flag(help: .hidden)
    var emitJSON = false

    @Option(name: .customLong("plaintext-file"), help: .hidden)
    var plaintextFiles: [String] = []

    func validate() throws {
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1") }
        guard warmup >= 0 else { throw ValidationError("--warmup must not be negative") }
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1") }
        if let leakCheck, leakCheck < 20 { throw ValidationError("--leak-check needs at least 20 iterations") }
        if skipReference && python != nil {
            throw ValidationError("--python and --skip-reference contradict each other")
        }
        if skipSecp && secpBinary != nil {
            throw ValidationError("--secp-binary and --skip-secp contradict each other")
        }
        if emitJSON && plaintextFiles.isEmpty { throw ValidationError("--emit-json needs --plaintext-file") }
    }

    func run() async throws {
        var warnings = [String]()
        #if DEBUG
        let debugWarning = "this is a DEBUG build of umbral-benchmark; its timings say nothing about "
            + "UmbralCore's speed. Build with: swift build -c release --scratch-path .build-bench --product umbral-benchmark"
        guard allowDebug else {
            progressNote("error: \(debugWarning)")
            throw ExitCode(2)
        }
        if !emitJSON { progressNote("WARNING: \(debugWarning)") }
        warnings.append(debugWarning)
        #endif

        if emitJSON {
            try await emitJSONMeasurement()
            return
        }
        guard BenchmarkingBackend.name == "openssl" else {
            throw BenchmarkError.wrongBackend(
                "this copy of umbral-benchmark runs on \(BenchmarkingBackend.name); build the one you run with the "
                    + "default traits (it builds the libsecp256k1 copy itself)")
        }
        if skipReference {
            warnings.append("--skip-reference: umbral-pre 0.11 and pyUmbral 0.3 were not run; no reference ratios")
        }
        if skipSecp {
            warnings.append("--skip-secp: the libsecp256k1 backend was not measured")
        }

        let markdownFile = markdown.map { MarkdownFile(url: URL(fileURLWithPath: $0)) }
        try markdownFile?.validate()
        let root = try Self.packageRoot()

        var reference: ReferenceBenchmark?
        var referenceDescription: (python: String, version: String?)?
        if !skipReference {
            let (interpreter, source) = try ReferenceBenchmark.resolvePython(explicit: python, packageRoot: root)
            let bench = ReferenceBenchmark(
                python: interpreter, script: root.appendingPathComponent("Benchmarks/reference_umbral_bench.py"))
            progressNote("reference interpreter: \(interpreter) (from \(source))")
            guard let version = bench.pythonVersion() else {
                throw BenchmarkError.referenceEnvironmentFailed("cannot run \(interpreter) (from \(source))")
            }
            reference = bench
            referenceDescription = (interpreter, version)
        }
        var secp: SecondBackend?
        if !skipSecp {
            secp = try secpBinary.map { SecondBackend(executable: $0) } ?? SecondBackend.build(packageRoot: root)
        }

        let inputs = try BenchmarkInputs.make()
        defer { inputs.remove() }
        let machine = MachineDescription.current()

        let operations = OperationNames.all(sizes: inputs.plaintexts.map(\.count))
        let usageAtStart = CPUUsageSnapshot.now()
        var openSSLRounds = [BackendMeasurement]()
        var secpRounds = [BackendMeasurement]()
        var referenceRounds = [[String: [String: ReferenceTiming]]]()
        for round in 1...rounds {
            progressNote("round \(round) of \(rounds): ours on OpenSSL (\(iterations) iterations, \(warmup) warmup)")
            openSSLRounds.append(try await BackendMeasurement.measure(
                plaintexts: inputs.plaintexts, iterations: iterations, warmup: warmup,
                progress: { progressNote("  \($0)") }))
            if let secp {
                progressNote("round \(round) of \(rounds): ours on libsecp256k1 (subprocess)")
                secpRounds.append(try secp.measure(iterations: iterations, warmup: warmup, plaintextFiles: inputs.files))
            }
            if let reference {
                progressNote("round \(round) of \(rounds): reference script")
                referenceRounds.append(
                    try reference.run(iterations: iterations, warmup: warmup, plaintextFiles: inputs.files))
            }
        }
        let loadAtEnd = MachineDescription.loadAverage()
        var otherCores: Double?
        if let usageAtStart, let usageAtEnd = CPUUsageSnapshot.now() {
            otherCores = CPUUsageSnapshot.otherCores(from: usageAtStart, to: usageAtEnd, cores: machine.logicalCores)
        }

        var leakChecks = [LeakCheckResult]()
        if let leakCheck {
            let selfPath = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
            progressNote("leak check on OpenSSL: \(leakCheck) iterations in a fresh process")
            leakChecks.append(try LeakCheckResult.runSubprocess(
                executable: selfPath, iterations: leakCheck, plaintextFiles: inputs.files))
            if let secp {
                progressNote("leak check on libsecp256k1: \(leakCheck) iterations in a fresh process")
                leakChecks.append(try secp.leakCheck(iterations: leakCheck, plaintextFiles: inputs.files))
            }
        }

        if reference != nil {
            for implementation in [ReferenceBenchmark.umbralPre, ReferenceBenchmark.pyUmbral] {
                let missing = operations.filter { operation in
                    referenceRounds.contains { $0[implementation]?[operation] == nil }
                }
                if !missing.isEmpty {
                    warnings.append("\(implementation) reported no timing for \(missing.joined(separator: ", "))")
                }
            }
        }
        if let otherCores, otherCores > 0.25 {
            warnings.append(String(
                format: "other processes kept %.2f of the %d logical cores busy on average during the timing; "
                    + "expect noise in every column", otherCores, machine.logicalCores))
        }

        func referenceMedian(_ implementation: String, _ operation: String) -> Double? {
            let medians = referenceRounds.compactMap { $0[implementation]?[operation]?.medianMicroseconds }
            guard !medians.isEmpty, medians.count == referenceRounds.count else { return nil }
            return TimingSummary.median(medians)
        }
        func ourMedian(_ rounds: [BackendMeasurement], _ operation: String) -> Double? {
            let medians = rounds.compactMap { $0.operations[operation] }.map(TimingSummary.median)
            guard !medians.isEmpty, medians.count == rounds.count else { return nil }
            return TimingSummary.median(medians)
        }
        let rows = operations.map { operation in
            ReportRow(
                operation: operation, openSSL: ourMedian(openSSLRounds, operation) ?? .nan,
                libsecp256k1: ourMedian(secpRounds, operation),
                umbralPre: referenceMedian(ReferenceBenchmark.umbralPre, operation),
                pyUmbral: referenceMedian(ReferenceBenchmark.pyUmbral, operation))
        }
        guard let openSSLSummary = BackendSummary.combine(openSSLRounds) else {
            throw BenchmarkError.roundTripFailed("no OpenSSL round was measured")
        }
        let report = Report(
            rows: rows, openSSL: openSSLSummary, libsecp256k1: BackendSummary.combine(secpRounds),
            leakChecks: leakChecks, machine: machine, iterations: iterations, warmup: warmup, rounds: rounds,
            loadAverageAtEnd: loadAtEnd, otherCores: otherCores, reference: referenceDescription,
            invocation: Self.invocation(), warnings: warnings)

        print("")
        print(report.terminalText())
        if let markdownFile {
            try markdownFile.write(report.markdown())
            progressNote("wrote \(markdownFile.url.path)")
        }
    }

    /// `--emit-json`: one round of ours, or the leak check, on this build's backend, as JSON on stdout.
    private func emitJSONMeasurement() async throws {
        let plaintexts = try plaintextFiles.map { [UInt8](try Data(contentsOf: URL(fileURLWithPath: $0))) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        if let leakCheck {
            data = try encoder.encode(try LeakCheckResult.run(
                iterations: leakCheck, plaintexts: plaintexts, progress: { progressNote("  \($0)") }))
        } else {
            data = try encoder.encode(try await BackendMeasurement.measure(
                plaintexts: plaintexts, iterations: iterations, warmup: warmup,
                progress: { progressNote("  [\(BenchmarkingBackend.name)] \($0)") }))
        }
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    /// The directory holding `Benchmarks/reference_umbral_bench.py`: the working directory, or
    /// the package this program was built from.
    static func packageRoot() throws -> URL {
        let sourceRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath), sourceRoot]
        for candidate in candidates
        where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("Benchmarks/reference_umbral_bench.py").path) {
            return candidate.standardizedFileURL
        }
        throw BenchmarkError.packageRootNotFound(searched: candidates.map(\.path))
    }

    /// This run's command line, as given.
    static func invocation() -> String {
        CommandLine.arguments.map { argument in
            argument.isEmpty || argument.contains(where: { " \"'$`\\".contains($0) }) ? "'\(argument)'" : argument
        }.joined(separator: " ")
    }
}

/// Progress and diagnostics go to stderr, so stdout holds only the report.
func progressNote(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
