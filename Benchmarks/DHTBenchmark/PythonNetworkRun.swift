import Foundation

/// The Python network: `python_network.py` under the reference interpreter, read back as JSON.
enum PythonNetworkRun {
    private struct Output: Decodable {
        let nodes: Int
        let found: Int
        let latency_ms: [Double]
        let rounds: [Int]
        let rpcs: [Int]
        let startup_s: Double
        let rpc_timeouts: Int
    }

    static func measure(_ parameters: NetworkParameters, interpreter: String?) throws -> NetworkMeasurement {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let python = try interpreter ?? resolveInterpreter(root: root)
        let script = root.appendingPathComponent("Benchmarks/DHTBenchmark/python_network.py").path
        let arguments = [script, "--nodes", "\(parameters.nodes)", "--keys", "\(parameters.keys)",
                         "--lookups", "\(parameters.lookups)", "--peers", "\(parameters.peers)",
                         "--seed", "\(parameters.seed & 0xFFFF_FFFF_FFFF)"]
        let (status, output) = try run(python, arguments)
        guard status == 0 else { throw BenchmarkFailure("python_network.py exited with status \(status)") }
        guard let line = output.split(separator: "\n").last,
              let result = try? JSONDecoder().decode(Output.self, from: Data(line.utf8)) else {
            throw BenchmarkFailure("python_network.py printed no JSON result")
        }
        if result.rpc_timeouts > 0 { printProgress("python: \(result.rpc_timeouts) RPCs timed out") }
        return NetworkMeasurement(name: "Python", startupSeconds: result.startup_s, latencyMilliseconds: result.latency_ms,
                                  rounds: result.rounds, queries: result.rpcs, found: result.found)
    }

    /// `$KMS_REFERENCE_PYTHON`, else the interpreter `Scripts/reference-env.sh` prints last.
    private static func resolveInterpreter(root: URL) throws -> String {
        if let configured = ProcessInfo.processInfo.environment["KMS_REFERENCE_PYTHON"], !configured.isEmpty {
            return configured
        }
        let (status, output) = try run(root.appendingPathComponent("Scripts/reference-env.sh").path, [])
        guard status == 0, let last = output.split(separator: "\n").last else {
            throw BenchmarkFailure("Scripts/reference-env.sh failed (status \(status)); pass --python")
        }
        return String(last).trimmingCharacters(in: .whitespaces)
    }

    /// Runs a program with stdin closed and stderr passed through; returns its status and stdout.
    private static func run(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw BenchmarkFailure("cannot start \(executable): \(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// Why the benchmark could not finish, in one line.
struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A progress line on stderr, so stdout keeps only the report.
func printProgress(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
