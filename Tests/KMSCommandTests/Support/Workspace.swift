import Foundation
import Testing

/// What one run of `kms` did.
struct RunResult: CustomStringConvertible {
    let arguments: [String]
    let status: Int32
    let stdout: String
    let stderr: String

    var description: String {
        "kms \(arguments.joined(separator: " ")) → exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)"
    }
}

/// A fresh temporary directory that `kms` runs in, so tests name files relative to it and never
/// see each other's files. Call ``remove()`` when done.
struct Workspace {
    /// The commands' working directory; holds only the files the test and `kms` create.
    let files: URL
    /// Where each run's stdout and stderr are captured, outside ``files``.
    private let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("kms-command-tests-\(UUID().uuidString)")
        files = root.appendingPathComponent("files")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }

    func url(_ name: String) -> URL { files.appendingPathComponent(name) }

    func read(_ name: String) throws -> [UInt8] { try [UInt8](Data(contentsOf: url(name))) }

    func write(_ name: String, _ bytes: [UInt8]) throws { try Data(bytes).write(to: url(name)) }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: url(name).path) }

    /// Every name in ``files``, hidden ones included, sorted.
    func listing() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: files.path).sorted()
    }

    /// Flips one bit of the byte at `offset` (negative offsets count from the end).
    func tamper(_ name: String, at offset: Int) throws {
        var bytes = try read(name)
        bytes[offset >= 0 ? offset : bytes.count + offset] ^= 0x01
        try write(name, bytes)
    }

    /// Runs `kms` with `arguments` in ``files`` and waits for it.
    @discardableResult
    func run(_ arguments: String...) throws -> RunResult {
        try run(arguments)
    }

    func run(_ arguments: [String]) throws -> RunResult {
        let binary = try KMSBinary.location.get()
        let stdoutURL = root.appendingPathComponent("stdout")
        let stderrURL = root.appendingPathComponent("stderr")
        // Files rather than pipes: a full pipe could block the child while we wait for it.
        try Data().write(to: stdoutURL)
        try Data().write(to: stderrURL)
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? stdout.close()
            try? stderr.close()
        }

        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = files
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        process.waitUntilExit()

        let status = process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
        return RunResult(
            arguments: arguments, status: status,
            stdout: try String(contentsOf: stdoutURL, encoding: .utf8),
            stderr: try String(contentsOf: stderrURL, encoding: .utf8))
    }
}

extension RunResult {
    /// Expects success with nothing on stderr.
    func expectSuccess(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(status == 0, "\(self)", sourceLocation: sourceLocation)
        #expect(stderr.isEmpty, "\(self)", sourceLocation: sourceLocation)
    }

    /// Expects failure with one of `codes` and exactly one `error: ` line on stderr that contains
    /// every string in `mentioning`.
    func expectFailure(
        _ codes: Set<Int32>, mentioning: [String] = [], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(codes.contains(status), "\(self)", sourceLocation: sourceLocation)
        #expect(stderr.hasPrefix("error: "), "\(self)", sourceLocation: sourceLocation)
        #expect(stderr.hasSuffix("\n"), "\(self)", sourceLocation: sourceLocation)
        #expect(stderr.filter(\.isNewline).count == 1, "\(self)", sourceLocation: sourceLocation)
        #expect(stdout.isEmpty, "\(self)", sourceLocation: sourceLocation)
        for text in mentioning {
            #expect(stderr.contains(text), "stderr lacks \"\(text)\": \(self)", sourceLocation: sourceLocation)
        }
    }
}

/// The exit codes `kms` documents.
enum ExitStatus {
    static let verificationFailed: Int32 = 1
    static let invalidInput: Int32 = 3
    static let io: Int32 = 4
    static let usage: Int32 = 64
}

extension Sequence where Element == UInt8 {
    /// Lowercase hex, two digits per byte.
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}
