import Foundation

/// The libsecp256k1 copy of this program: the same sources built with `--traits LibSecp256k1` in
/// its own scratch path, run as a subprocess in `--emit-json` mode on the same plaintext files.
/// A backend is chosen when UmbralCore is compiled, so one process cannot hold both.
struct SecondBackend {
    static let scratchPath = ".build-bench-secp"
    static let expectedBackend = "libsecp256k1"

    let executable: String

    /// `swift build` of this product with the trait, in the configuration of this build, then the
    /// built executable. An up-to-date build returns in seconds.
    static func build(packageRoot: URL) throws -> SecondBackend {
        #if DEBUG
        let configuration = "debug"
        #else
        let configuration = "release"
        #endif
        let scratch = packageRoot.appendingPathComponent(scratchPath).path
        let arguments = [
            "build", "-c", configuration, "--scratch-path", scratch, "--product", "umbral-benchmark",
            "--traits", "LibSecp256k1", "--package-path", packageRoot.path,
        ]
        progressNote("building the libsecp256k1 copy: swift \(arguments.joined(separator: " "))")
        let result = try Subprocess.run("swift", arguments)
        guard result.status == 0 else {
            let tail = result.standardOutput.split(separator: "\n").suffix(15).joined(separator: "\n")
            throw BenchmarkError.secondBackendFailed(
                "swift build --traits LibSecp256k1 exited with status \(result.status):\n\(tail)")
        }
        return SecondBackend(executable: "\(scratch)/\(configuration)/umbral-benchmark")
    }

    /// One round of our operations on the libsecp256k1 backend.
    func measure(iterations: Int, warmup: Int, plaintextFiles: [URL]) throws -> BackendMeasurement {
        var arguments = ["--emit-json", "--iterations", String(iterations), "--warmup", String(warmup)]
        for file in plaintextFiles { arguments += ["--plaintext-file", file.path] }
        #if DEBUG
        arguments.append("--allow-debug")
        #endif
        let measurement: BackendMeasurement = try run(arguments)
        guard measurement.backend == Self.expectedBackend else {
            throw BenchmarkError.secondBackendFailed(
                "\(executable) measured the \(measurement.backend) backend, not \(Self.expectedBackend)")
        }
        return measurement
    }

    /// The leak check on the libsecp256k1 backend.
    func leakCheck(iterations: Int, plaintextFiles: [URL]) throws -> LeakCheckResult {
        try LeakCheckResult.runSubprocess(executable: executable, iterations: iterations, plaintextFiles: plaintextFiles)
    }

    private func run<T: Decodable>(_ arguments: [String]) throws -> T {
        let result: Subprocess.Result
        do {
            result = try Subprocess.run(executable, arguments)
        } catch {
            throw BenchmarkError.secondBackendFailed("cannot start \(executable): \(error)")
        }
        guard result.status == 0 else {
            throw BenchmarkError.secondBackendFailed("\(executable) \(arguments.first ?? "") exited with status \(result.status)")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(result.standardOutput.utf8))
        } catch {
            throw BenchmarkError.secondBackendFailed("\(executable) printed JSON this program cannot read: \(error)")
        }
    }
}
