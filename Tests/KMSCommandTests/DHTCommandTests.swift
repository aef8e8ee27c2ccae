import Foundation
import Testing

/// `kms dht`: long-running nodes in separate processes on loopback, and one-shot set and get.
@Suite("kms dht: nodes, set and get over loopback UDP", .serialized)
struct DHTCommandTests {
    /// A `kms dht node` process; stopped by PID (SIGTERM, then SIGKILL) when the test ends.
    final class NodeProcess {
        let process = Process()
        let output: URL
        private(set) var address = ""
        private(set) var id = ""

        init(in workspace: Workspace, bootstrap: [String]) throws {
            output = workspace.files.appendingPathComponent("node-\(UUID().uuidString).out")
            try Data().write(to: output)
            process.executableURL = try KMSBinary.location.get()
            process.arguments = ["dht", "node", "--port", "0", "--timeout", "1", "--log-level", "error"]
                + bootstrap.flatMap { ["--bootstrap", $0] }
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: output)
            process.standardError = FileHandle.nullDevice
            try process.run()
            // The READY line, within 20 s: the node must bind and join first.
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
                if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("READY ") }) {
                    let fields = line.split(separator: " ")
                    id = String(fields[1])
                    address = String(fields[2])
                    return
                }
                guard process.isRunning else { break }
                Thread.sleep(forTimeInterval: 0.05)
            }
            stop()
            throw NodeDidNotStart(output: (try? String(contentsOf: output, encoding: .utf8)) ?? "")
        }

        /// SIGTERM, then SIGKILL if it has not exited within 5 s; returns how it ended.
        @discardableResult
        func stop() -> (reason: Process.TerminationReason, status: Int32) {
            if process.isRunning { kill(process.processIdentifier, SIGTERM) }
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
            return (process.terminationReason, process.terminationStatus)
        }
    }

    struct NodeDidNotStart: Error, CustomStringConvertible {
        let output: String
        var description: String { "kms dht node printed no READY line: \(output)" }
    }

    @Test("three node processes: set through one, get through another, missing keys exit 1, SIGTERM exits 0")
    func setAndGetAcrossProcesses() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let first = try NodeProcess(in: workspace, bootstrap: [])
        defer { first.stop() }
        let second = try NodeProcess(in: workspace, bootstrap: [first.address])
        defer { second.stop() }
        let third = try NodeProcess(in: workspace, bootstrap: [second.address])
        defer { third.stop() }
        #expect(first.address.hasPrefix("127.0.0.1:"))
        #expect(first.id.count == 40 && first.id.allSatisfy(\.isHexDigit))
        #expect(Set([first.id, second.id, third.id]).count == 3)

        let key = "greeting-\(UUID().uuidString)"
        let value = "hello, Bob — \(UUID().uuidString)"
        let set = try workspace.run("dht", "set", "--bootstrap", third.address, "--timeout", "1", key, value)
        #expect(set.status == 0, "\(set)")
        #expect(set.stdout.hasPrefix("stored on "), "\(set)")

        let get = try workspace.run("dht", "get", "--bootstrap", first.address, "--timeout", "1", key)
        #expect(get.status == 0, "\(get)")
        #expect(get.stdout == value + "\n", "\(get)")

        let missing = try workspace.run("dht", "get", "--bootstrap", second.address, "--timeout", "1", "no-such-\(key)")
        missing.expectFailure([1], mentioning: ["no value under"])

        let ending = second.stop()
        #expect(ending.reason == .exit && ending.status == 0, "SIGTERM should stop the node cleanly")
    }

    @Test("set and get fail with 69 when no bootstrap node answers, and 64 without --bootstrap")
    func unreachableBootstrap() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        // A bound UDP socket that never answers stands in for a dead node.
        let silent = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(silent) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(silent, pointer, length)
                return getsockname(silent, pointer, &length)
            }
        }
        let dead = "127.0.0.1:\(UInt16(bigEndian: address.sin_port))"
        try workspace.run("dht", "get", "--bootstrap", dead, "--timeout", "0.2", "k").expectFailure([69], mentioning: [dead])
        try workspace.run("dht", "set", "--bootstrap", dead, "--timeout", "0.2", "k", "v").expectFailure([69], mentioning: [dead])
        try workspace.run("dht", "get", "k").expectFailure([64], mentioning: ["--bootstrap"])
        try workspace.run("dht", "set", "--bootstrap", "nonsense", "k", "v").expectFailure([64], mentioning: ["nonsense"])
    }

    @Test("--help works for the dht group and each subcommand", arguments: [
        ["dht"], ["dht", "node"], ["dht", "set"], ["dht", "get"],
    ])
    func help(path: [String]) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let result = try workspace.run(path + ["--help"])
        result.expectSuccess()
        #expect(result.stdout.contains("USAGE: kms \(path.joined(separator: " "))"), "\(result)")
    }
}
