import Foundation

/// One operation's timing as the reference script reports it.
struct ReferenceTiming: Decodable, Sendable {
    let medianMicroseconds: Double
    let samples: Int

    enum CodingKeys: String, CodingKey {
        case medianMicroseconds = "median_us"
        case samples
    }
}

/// `Benchmarks/reference_umbral_bench.py`, run with the pinned reference interpreter.
struct ReferenceBenchmark {
    static let umbralPre = "umbral-pre-0.11"
    static let pyUmbral = "pyumbral-0.3"

    let python: String
    let script: URL

    /// The interpreter, in order of preference: `--python`, `$KMS_REFERENCE_PYTHON`, or the last
    /// stdout line of `Scripts/reference-env.sh` (which creates the pinned venv if needed).
    static func resolvePython(explicit: String?, packageRoot: URL) throws -> (python: String, source: String) {
        if let explicit { return (explicit, "--python") }
        if let fromEnvironment = ProcessInfo.processInfo.environment["KMS_REFERENCE_PYTHON"], !fromEnvironment.isEmpty {
            return (fromEnvironment, "$KMS_REFERENCE_PYTHON")
        }
        let script = packageRoot.appendingPathComponent("Scripts/reference-env.sh").path
        guard FileManager.default.isExecutableFile(atPath: script) else {
            throw BenchmarkError.referenceEnvironmentFailed("\(script) is missing or not executable")
        }
        let result = try Subprocess.run(script, [])
        guard result.status == 0 else {
            throw BenchmarkError.referenceEnvironmentFailed("Scripts/reference-env.sh exited with status \(result.status)")
        }
        let lines = result.standardOutput.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let python = lines.last(where: { !$0.isEmpty }) else {
            throw BenchmarkError.referenceEnvironmentFailed("Scripts/reference-env.sh printed no interpreter path")
        }
        return (python, "Scripts/reference-env.sh")
    }

    /// The interpreter's version, e.g. `3.11.7`, for the report.
    func pythonVersion() -> String? {
        Subprocess.firstLine(python, ["-c", "import sys; print(sys.version.split()[0])"])
    }

    /// Runs the script on the given plaintext files and returns implementation → operation → timing.
    func run(iterations: Int, warmup: Int, plaintextFiles: [URL]) throws -> [String: [String: ReferenceTiming]] {
        var arguments = [script.path, "--iterations", String(iterations), "--warmup", String(warmup)]
        for file in plaintextFiles {
            arguments += ["--plaintext-file", file.path]
        }
        let result: Subprocess.Result
        do {
            result = try Subprocess.run(python, arguments)
        } catch {
            throw BenchmarkError.referenceFailed("cannot start \(python): \(error)")
        }
        guard result.status == 0 else {
            throw BenchmarkError.referenceFailed("\(python) \(script.lastPathComponent) exited with status \(result.status)")
        }
        do {
            return try JSONDecoder().decode(
                [String: [String: ReferenceTiming]].self, from: Data(result.standardOutput.utf8))
        } catch {
            throw BenchmarkError.referenceOutputUnreadable("\(error)")
        }
    }
}
