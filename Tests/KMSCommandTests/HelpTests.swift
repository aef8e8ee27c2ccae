import Foundation
import Testing

/// `--help` and `--version`, and the exact command tree and option names.
@Suite("kms: help and version")
struct HelpTests {
    /// Every command, with the options its usage line must show.
    static let commands: [(path: [String], options: [String])] = [
        ([], []),
        (["umbral"], []),
        (["umbral", "keygen"], ["--secret-key-out", "--public-key-out"]),
        (["umbral", "public-key"], ["--secret-key", "--out"]),
        (["umbral", "encrypt"], ["--public-key", "--plaintext", "--capsule-out", "--ciphertext-out"]),
        (["umbral", "decrypt-original"], ["--secret-key", "--capsule", "--ciphertext", "--out"]),
        (["umbral", "generate-kfrags"], [
            "--delegating-secret-key", "--receiving-public-key", "--signing-secret-key", "--threshold",
            "--shares", "[--no-sign-delegating-key]", "[--no-sign-receiving-key]", "--out-prefix",
        ]),
        (["umbral", "verify-kfrag"], [
            "--kfrag", "--verifying-key", "[--delegating-public-key", "[--receiving-public-key",
        ]),
        (["umbral", "reencrypt"], [
            "--capsule", "--kfrag", "--verifying-key", "[--delegating-public-key", "[--receiving-public-key", "--out",
        ]),
        (["umbral", "verify-cfrag"], [
            "--cfrag", "--capsule", "--verifying-key", "--delegating-public-key", "--receiving-public-key",
        ]),
        (["umbral", "decrypt-reencrypted"], [
            "--secret-key", "--delegating-public-key", "--verifying-key", "--capsule", "--ciphertext",
            "--cfrag", "--out",
        ]),
    ]

    @Test("--help works for every command, exits 0 and shows its usage", arguments: commands)
    func help(path: [String], options: [String]) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let result = try workspace.run(path + ["--help"])
        result.expectSuccess()
        let usage = try #require(
            result.stdout.split(separator: "\n").first { $0.hasPrefix("USAGE: ") }, "no USAGE line: \(result)")
        #expect(usage.hasPrefix("USAGE: \((["kms"] + path).joined(separator: " ")) "), "\(result)")
        for option in options {
            #expect(usage.contains(option), "usage lacks \(option): \(usage)")
        }
    }

    @Test("The umbral group lists exactly the nine subcommands")
    func subcommandList() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let result = try workspace.run("umbral", "--help")
        result.expectSuccess()
        let section = try #require(result.stdout.components(separatedBy: "SUBCOMMANDS:").last)
        let listed = section.split(separator: "\n")
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
            .filter { $0 != "See" }
        #expect(listed == Self.commands.dropFirst(2).map { $0.path[1] })
    }

    @Test("The root help mentions NuCypher KMS and Umbral proxy re-encryption")
    func rootAbstract() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let result = try workspace.run("--help")
        result.expectSuccess()
        #expect(result.stdout.contains("NuCypher KMS"))
        #expect(result.stdout.contains("Umbral"))
        #expect(result.stdout.contains("umbral"))
    }

    @Test("--version prints a version and exits 0")
    func version() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let result = try workspace.run("--version")
        result.expectSuccess()
        #expect(result.stdout.split(separator: "\n") == ["0.1.0"])
    }
}
