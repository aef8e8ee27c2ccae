import Foundation

/// Runs a program to completion with stdin closed and stderr passed through (so the Python
/// script's progress lines and errors reach the terminal), and returns its stdout.
enum Subprocess {
    struct Result {
        let status: Int32
        let standardOutput: String
    }

    /// `executable` is a path, or a bare name looked up on `PATH` through `/usr/bin/env`.
    static func run(_ executable: String, _ arguments: [String], passStandardError: Bool = true) throws -> Result {
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        if !passStandardError { process.standardError = FileHandle.nullDevice }
        try process.run()
        // Only stdout is piped, so reading it to the end before waiting cannot deadlock.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, standardOutput: String(decoding: data, as: UTF8.self))
    }

    /// The first line of a command's stdout, or nil if it cannot be run or fails.
    static func firstLine(_ executable: String, _ arguments: [String]) -> String? {
        guard let result = try? run(executable, arguments, passStandardError: false), result.status == 0 else {
            return nil
        }
        let line = result.standardOutput.split(separator: "\n").first.map(String.init)
        return line?.trimmingCharacters(in: .whitespaces)
    }
}
