import ArgumentParser
import Foundation

/// Times UmbralCore against umbral-pre 0.11 and pyUmbral 0.3 on the same inputs in one run.
@main
struct UmbralBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "umbral-benchmark",
        abstract: "Time UmbralCore against umbral-pre 0.11 (Rust) and pyUmbral 0.3 (Python) on the same inputs.",
        discussion: """
            Writes random 1 KiB and 1 MiB plaintexts to a temporary directory, times UmbralCore's \
            encrypt, decrypt_original, generate_kfrags (2-of-3, 5-of-10), verify_kfrag, reencrypt, \
            verify_cfrag and decrypt_reencrypted (2 and 5 cFrags) with the semantics of \
            Benchmarks/reference_umbral_bench.py, then runs that script on the same files with the \
            same iteration counts, --rounds times in turn, and prints one table of medians with time \
            ratios (ours ÷ reference). \
            The exit status is 0 whatever the numbers are; it is non-zero only when the run fails.

            Build in release first: a debug build is refused unless --allow-debug is given:
              swift build -c release --scratch-path .build-bench --product umbral-benchmark
              .build-bench/release/umbral-benchmark --markdown Docs/Benchmarks.md

            --markdown writes the results between the markers \
            "<!-- umbral-benchmark:begin … -->" and "<!-- umbral-benchmark:end -->" of an existing \
            file (text outside them is kept), or creates the file; an existing file without the \
            markers is never overwritten.
            """)

    @Option(help: "Timed calls per operation, each timed on its own.")
    var iterations = 30

    @Option(help: "Untimed calls per operation before timing.")
    var warmup = 2

    @Option(help: ArgumentHelp(
        "How many times to run the whole comparison.",
        discussion: "Each round times UmbralCore and then runs the reference script; every figure is the "
            + "median over rounds of the per-round medians, so a burst of load from other processes "
            + "does not fall on one implementation only."))
    var rounds = 5

    @Option(help: ArgumentHelp(
        "The reference Python interpreter.",
        discussion: "Default: $KMS_REFERENCE_PYTHON if set, otherwise the interpreter printed by "
            + "Scripts/reference-env.sh, which builds the pinned environment if needed.",
        valueName: "path"))
    var python: String?

    @Flag(help: "Time only UmbralCore, for quick local runs: no reference timings, no ratios, no verdict.")
    var skipReference = false

    @Option(help: ArgumentHelp("Also write the results as Markdown to this file.", valueName: "file"))
    var markdown: String?

    @Flag(help: "Run even when built in debug (the numbers are then meaningless).")
    var allowDebug = false

    func validate() throws {
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1") }
        guard warmup >= 0 else { throw ValidationError("--warmup must not be negative") }
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1") }
        if skipReference && python != nil {
            throw ValidationError("--python and --skip-reference contradict each other")
        }
    }

    func run() throws {
        var warnings = [String]()
        #if DEBUG
        let debugWarning = "this is a DEBUG build of umbral-benchmark; its timings say nothing about "
            + "UmbralCore's speed. Build with: swift build -c release --scratch-path .build-bench --product umbral-benchmark"
        guard allowDebug else {
            progressNote("error: \(debugWarning)")
            throw ExitCode(2)
        }
        progressNote("WARNING: \(debugWarning)")
        warnings.append(debugWarning)
        #endif
        if skipReference {
            warnings.append("--skip-reference: umbral-pre 0.11 and pyUmbral 0.3 were not run; no ratios were computed")
        }

        let markdownFile = markdown.map { MarkdownFile(url: URL(fileURLWithPath: $0)) }
        try markdownFile?.validate()

        var reference: ReferenceBenchmark?
        var referenceDescription: (python: String, version: String?)?
        if !skipReference {
            let root = try Self.packageRoot()
            let (interpreter, source) = try ReferenceBenchmark.resolvePython(explicit: python, packageRoot: root)
            let bench = ReferenceBenchmark(
                python: interpreter, script: root.appendingPathComponent("Benchmarks/reference_umbral_bench.py"))
            progressNote("reference interpreter: \(interpreter) (from \(source))")
            // Fail before the timing starts rather than after it.
            guard let version = bench.pythonVersion() else {
                throw BenchmarkError.referenceEnvironmentFailed("cannot run \(interpreter) (from \(source))")
            }
            reference = bench
            referenceDescription = (interpreter, version)
        }

        let inputs = try BenchmarkInputs.make()
        defer { inputs.remove() }
        let machine = MachineDescription.current()

        let operations = OperationNames.all(sizes: inputs.plaintexts.map(\.count))
        let usageAtStart = CPUUsageSnapshot.now()
        var ourRounds = [[String: TimingSummary]]()
        var referenceRounds = [[String: [String: ReferenceTiming]]]()
        var ladderMedians = [Double]()
        for round in 1...rounds {
            progressNote("round \(round) of \(rounds): UmbralCore (\(iterations) iterations, \(warmup) warmup)")
            ourRounds.append(try SwiftUmbralBenchmark.run(
                plaintexts: inputs.plaintexts, iterations: iterations, warmup: warmup,
                progress: { progressNote("  \($0)") }))
            ladderMedians.append(SwiftUmbralBenchmark.ladder(iterations: iterations, warmup: warmup).median)
            if let reference {
                progressNote("round \(round) of \(rounds): reference script")
                referenceRounds.append(
                    try reference.run(iterations: iterations, warmup: warmup, plaintextFiles: inputs.files))
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
                let short = operations.filter { operation in
                    referenceRounds.contains { ($0[implementation]?[operation]?.samples).map { $0 != iterations } ?? false }
                }
                if !short.isEmpty {
                    warnings.append("\(implementation) used a different sample count for \(short.joined(separator: ", "))")
                }
            }
        }

        /// The median over rounds of one reference implementation's medians, if every round has one.
        func referenceMedian(_ implementation: String, _ operation: String) -> Double? {
            let medians = referenceRounds.compactMap { $0[implementation]?[operation]?.medianMicroseconds }
            guard !medians.isEmpty, medians.count == referenceRounds.count else { return nil }
            return TimingSummary.median(medians)
        }
        let rows = operations.map { operation in
            let summaries = ourRounds.compactMap { $0[operation] }
            return ReportRow(
                operation: operation,
                ours: TimingSummary.median(summaries.map(\.median)),
                oursP90: TimingSummary(microseconds: summaries.flatMap(\.sortedMicroseconds)).p90,
                umbralPre: referenceMedian(ReferenceBenchmark.umbralPre, operation),
                pyUmbral: referenceMedian(ReferenceBenchmark.pyUmbral, operation))
        }
        let loadAtEnd = MachineDescription.loadAverage()
        var otherCores: Double?
        if let usageAtStart, let usageAtEnd = CPUUsageSnapshot.now() {
            otherCores = CPUUsageSnapshot.otherCores(from: usageAtStart, to: usageAtEnd, cores: machine.logicalCores)
        }
        if let otherCores, otherCores > 0.25 {
            warnings.append(String(
                format: "other processes kept %.2f of the %d logical cores busy on average during the timing; "
                    + "expect noise in every column", otherCores, machine.logicalCores))
        }
        let report = Report(
            rows: rows, machine: machine, iterations: iterations, warmup: warmup, rounds: rounds,
            loadAverageAtEnd: loadAtEnd, otherCores: otherCores,
            ladderMicroseconds: TimingSummary.median(ladderMedians), reference: referenceDescription,
            invocation: Self.invocation(), warnings: warnings)

        print("")
        print(report.terminalText())
        if let markdownFile {
            try markdownFile.write(report.markdown())
            progressNote("wrote \(markdownFile.url.path)")
        }
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
