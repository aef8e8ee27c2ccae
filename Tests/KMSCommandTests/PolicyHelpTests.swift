import Foundation
import Testing

/// `--help` for the alice, bob, enrico and ursula groups: the exact command tree and option names.
@Suite("kms alice, bob, enrico, ursula: help")
struct PolicyHelpTests {
    static let commands: [(path: [String], options: [String])] = [
        (["alice"], []),
        (["alice", "keygen"], ["--out-dir"]),
        (["alice", "policy-key"], ["--alice", "--label", "--out"]),
        (["alice", "grant"], [
            "--alice", "--label", "--bob-encrypting-key", "--bob-verifying-key", "--threshold", "[--shares",
            "[--hours", "[--ursula", "--out-dir", "[--bootstrap", "[--ledger", "[--network-ursula",
        ]),
        (["enrico"], []),
        (["enrico", "encrypt"], ["--policy-key", "--plaintext", "[--conditions", "--out"]),
        (["bob"], []),
        (["bob", "keygen"], ["--out-dir"]),
        (["bob", "treasure-map"], [
            "--bob", "--encrypted-treasure-map", "--publisher-verifying-key", "[--label", "--out",
        ]),
        (["bob", "request"], ["--bob", "--treasure-map", "--message-kit", "--ursula", "--out"]),
        (["bob", "decrypt"], ["--bob", "--treasure-map", "--message-kit", "--ursula", "--response", "--out"]),
        (["ursula"], []),
        (["ursula", "keygen"], ["--out-dir", "[--address"]),
        (["ursula", "reencrypt"], ["--ursula", "--request", "--out"]),
        (["ursula", "revoke"], ["--ursula", "--order", "--publisher-verifying-key"]),
        (["ursula", "run"], ["--data-dir", "--ledger", "--rest-port", "[--dht-port", "[--bootstrap"]),
        (["alice", "revoke"], ["--alice", "--policy-dir", "--ledger"]),
        (["bob", "retrieve"], ["--bob", "--alice-verifying-key", "--label", "--message-kit", "--out", "--ledger"]),
    ]

    @Test("--help works for every policy command, exits 0 and shows its usage", arguments: commands)
    func help(path: [String], options: [String]) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let result = try workspace.run(path + ["--help"])
        result.expectSuccess()
        let usage = try #require(
            result.stdout.split(separator: "\n").first { $0.hasPrefix("USAGE: ") }, "no USAGE line: \(result)")
        #expect(usage.hasPrefix("USAGE: \((["kms"] + path).joined(separator: " ")) "), "\(result)")
        for option in options {
            // ArgumentParser folds a long usage's optional options into "[<options>]"; those must
            // then be listed under OPTIONS.
            let folded = option.hasPrefix("[") && usage.contains("[<options>]")
            if folded {
                let name = String(option.dropFirst())
                #expect(result.stdout.contains("\n  \(name) "), "OPTIONS lacks \(name): \(result.stdout)")
            } else {
                #expect(usage.contains(option), "usage lacks \(option): \(usage)")
            }
        }
    }

    @Test("Each group lists exactly its subcommands", arguments: ["alice", "enrico", "bob", "ursula"])
    func subcommandList(group: String) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let result = try workspace.run(group, "--help")
        result.expectSuccess()
        let section = try #require(result.stdout.components(separatedBy: "SUBCOMMANDS:").last)
        let listed = section.split(separator: "\n")
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
            .filter { $0 != "See" }
        let expected = Self.commands.filter { $0.path.count == 2 && $0.path[0] == group }.map { $0.path[1] }
        #expect(listed == expected)
    }

    @Test("The root help lists the four character groups after umbral, then dht and economy")
    func rootLists() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let result = try workspace.run("--help")
        result.expectSuccess()
        let section = try #require(result.stdout.components(separatedBy: "SUBCOMMANDS:").last)
        let listed = section.split(separator: "\n")
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
            .filter { $0 != "See" }
        #expect(listed == ["umbral", "alice", "bob", "enrico", "ursula", "dht", "economy"])
    }
}
