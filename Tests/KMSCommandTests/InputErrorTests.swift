import Foundation
import Testing

/// Bad command lines and bad or missing input files: one clear line on stderr, a distinct exit code.
@Suite("kms umbral: bad inputs")
struct InputErrorTests {
    /// A key file of the wrong form, where the command expects a key.
    struct BadKeyCase: CustomTestStringConvertible, Sendable {
        let description: String
        let bytes: [UInt8]
        let option: String
        let message: String
        var testDescription: String { description }
    }

    @Test(
        "Key files of the wrong length or form are refused, naming the option, file and problem",
        arguments: [
            BadKeyCase(description: "31-byte secret key", bytes: Array(repeating: 7, count: 31),
                       option: "--secret-key", message: "expected 32 bytes, got 31"),
            BadKeyCase(description: "33-byte secret key", bytes: Array(repeating: 7, count: 33),
                       option: "--secret-key", message: "expected 32 bytes, got 33"),
            BadKeyCase(description: "empty secret key", bytes: [],
                       option: "--secret-key", message: "expected 32 bytes, got 0"),
            BadKeyCase(description: "zero secret key", bytes: Array(repeating: 0, count: 32),
                       option: "--secret-key", message: "zero"),
            BadKeyCase(description: "secret key ≥ n", bytes: Array(repeating: 0xff, count: 32),
                       option: "--secret-key", message: "curve order"),
            BadKeyCase(description: "32-byte public key", bytes: Array(repeating: 2, count: 32),
                       option: "--delegating-public-key", message: "expected 33 bytes, got 32"),
            BadKeyCase(description: "34-byte public key", bytes: [2] + Array(repeating: 1, count: 33),
                       option: "--delegating-public-key", message: "expected 33 bytes, got 34"),
            BadKeyCase(description: "public key with prefix 04", bytes: [4] + Array(repeating: 1, count: 32),
                       option: "--delegating-public-key", message: "public key"),
        ])
    func badKeyFile(_ bad: BadKeyCase) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeCapsuleFrags(threshold: 1, shares: 1)
        try workspace.write("bad.key", bad.bytes)
        var arguments = [
            "umbral", "decrypt-reencrypted", "--secret-key", "bob.sk", "--delegating-public-key", "alice.pk",
            "--verifying-key", "signer.pk", "--capsule", "data.capsule", "--ciphertext", "data.ciphertext",
            "--cfrag", "1.cfrag", "--out", "opened.txt",
        ]
        arguments[arguments.firstIndex(of: bad.option)! + 1] = "bad.key"
        try workspace.run(arguments)
            .expectFailure([ExitStatus.invalidInput], mentioning: ["\(bad.option) 'bad.key'", bad.message])
        #expect(!workspace.exists("opened.txt"))
    }

    @Test("Each command reports a missing input file by option and path, as an I/O error")
    func missingFiles() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeCapsuleFrags(threshold: 1, shares: 1)
        let commands: [[String]] = [
            ["umbral", "public-key", "--secret-key", "alice.sk", "--out", "x.pk"],
            ["umbral", "encrypt", "--public-key", "alice.pk", "--plaintext", "plain.txt",
             "--capsule-out", "x.capsule", "--ciphertext-out", "x.ciphertext"],
            ["umbral", "decrypt-original", "--secret-key", "alice.sk", "--capsule", "data.capsule",
             "--ciphertext", "data.ciphertext", "--out", "x.txt"],
            ["umbral", "generate-kfrags", "--delegating-secret-key", "alice.sk", "--receiving-public-key", "bob.pk",
             "--signing-secret-key", "signer.sk", "--threshold", "1", "--shares", "1", "--out-prefix", "x"],
            ["umbral", "verify-kfrag", "--kfrag", "kfrag1.kfrag", "--verifying-key", "signer.pk",
             "--delegating-public-key", "alice.pk", "--receiving-public-key", "bob.pk"],
            ["umbral", "reencrypt", "--capsule", "data.capsule", "--kfrag", "kfrag1.kfrag", "--verifying-key",
             "signer.pk", "--delegating-public-key", "alice.pk", "--receiving-public-key", "bob.pk", "--out", "x.cfrag"],
            ["umbral", "verify-cfrag", "--cfrag", "1.cfrag", "--capsule", "data.capsule", "--verifying-key",
             "signer.pk", "--delegating-public-key", "alice.pk", "--receiving-public-key", "bob.pk"],
            ["umbral", "decrypt-reencrypted", "--secret-key", "bob.sk", "--delegating-public-key", "alice.pk",
             "--verifying-key", "signer.pk", "--capsule", "data.capsule", "--ciphertext", "data.ciphertext",
             "--cfrag", "1.cfrag", "--out", "x.txt"],
        ]
        var checked = 0
        for command in commands {
            // Every input option (not an output) in turn points at a file that does not exist.
            for index in command.indices where command[index].hasPrefix("--") && !command[index].contains("out") {
                guard index + 1 < command.count, !command[index + 1].hasPrefix("--"),
                      command[index] != "--threshold", command[index] != "--shares" else { continue }
                var arguments = command
                arguments[index + 1] = "absent.bin"
                try workspace.run(arguments).expectFailure(
                    [ExitStatus.io], mentioning: ["\(command[index]) 'absent.bin'", "No such file or directory"])
                checked += 1
            }
        }
        #expect(checked == 29)
        #expect(try workspace.listing().filter { $0.hasPrefix("x") }.isEmpty)
    }

    @Test("A directory where a file is expected is an I/O error")
    func directoryAsInput() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeKeys()
        try FileManager.default.createDirectory(at: workspace.url("folder"), withIntermediateDirectories: false)
        try workspace.run("umbral", "public-key", "--secret-key", "folder", "--out", "x.pk")
            .expectFailure([ExitStatus.io], mentioning: ["--secret-key 'folder'"])
    }

    @Test("An object file of the wrong type is refused as bad input")
    func wrongObjectType() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeKeyFrags(threshold: 1, shares: 1)
        try workspace.decryptOriginal(capsule: "kfrag1.kfrag")
            .expectFailure([ExitStatus.invalidInput], mentioning: ["--capsule 'kfrag1.kfrag'"])
        try workspace.run(
            "umbral", "verify-kfrag", "--kfrag", "data.capsule", "--verifying-key", "signer.pk"
        ).expectFailure([ExitStatus.invalidInput], mentioning: ["--kfrag 'data.capsule'"])
    }

    @Test(
        "generate-kfrags refuses a threshold of 0 or above the shares, and writes no kFrag",
        arguments: [(0, 3), (4, 3), (-1, 3), (1, 0)])
    func invalidThreshold(threshold: Int, shares: Int) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeKeys()
        let before = try workspace.listing()
        try workspace.run(
            "umbral", "generate-kfrags", "--delegating-secret-key", "alice.sk", "--receiving-public-key", "bob.pk",
            "--signing-secret-key", "signer.sk", "--threshold=\(threshold)", "--shares=\(shares)", "--out-prefix", "kfrag"
        ).expectFailure([ExitStatus.usage], mentioning: ["--threshold"])
        #expect(try workspace.listing() == before)
    }

    @Test("Malformed command lines are usage errors on one line")
    func usageErrors() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeCapsuleFrags(threshold: 1, shares: 1)
        for arguments: [String] in [
            ["umbral", "keygen", "--secret-key-out", "a.sk"],
            ["umbral", "keygen", "--secret-key-out", "a.sk", "--public-key-out", "a.pk", "--bogus"],
            ["umbral", "no-such-command"],
            ["umbral", "generate-kfrags", "--delegating-secret-key", "alice.sk", "--receiving-public-key", "bob.pk",
             "--signing-secret-key", "signer.sk", "--threshold", "two", "--shares", "3", "--out-prefix", "k"],
            ["umbral", "decrypt-reencrypted", "--secret-key", "bob.sk", "--delegating-public-key", "alice.pk",
             "--verifying-key", "signer.pk", "--capsule", "data.capsule", "--ciphertext", "data.ciphertext",
             "--out", "x.txt"],
        ] {
            try workspace.run(arguments).expectFailure([ExitStatus.usage])
        }
        #expect(!workspace.exists("a.sk"))
        #expect(!workspace.exists("x.txt"))
    }

    @Test("An output in a missing directory or over a directory is an I/O error and leaves no temp file")
    func unwritableOutput() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeKeys()
        try FileManager.default.createDirectory(at: workspace.url("folder"), withIntermediateDirectories: false)
        let before = try workspace.listing()
        try workspace.run("umbral", "public-key", "--secret-key", "alice.sk", "--out", "missing/alice.pk")
            .expectFailure([ExitStatus.io], mentioning: ["--out 'missing/alice.pk'"])
        try workspace.run("umbral", "public-key", "--secret-key", "alice.sk", "--out", "folder")
            .expectFailure([ExitStatus.io], mentioning: ["--out 'folder'"])
        #expect(try workspace.listing() == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.url("folder").path).isEmpty)
    }
}
