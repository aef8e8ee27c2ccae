import Foundation
import KMSNetwork
import KMSPolicy
import Testing
import UmbralCore

/// No secret reaches a log or an error message: a whole network story runs with the Ursulas
/// logging at trace level, and every byte the processes printed is searched for every secret.
@Suite("No secret in any log or output", .serialized)
struct SecretsInLogsTests {
    @Test("grant, retrieve, revoke and refusals at trace level print no secret key, seed or passphrase, in hex or base64")
    func noSecretInLogs() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let ledger = workspace.files.appendingPathComponent("ledger").path
        let ursulas = try UrsulaProcessTests.startUrsulas(3, named: "s", in: workspace, ledger: ledger, logLevel: "trace")
        defer { for ursula in ursulas { ursula.stop() } }
        let network = ["--bootstrap", ursulas[0].dhtAddress, "--ledger", ledger, "--network-timeout", "3"]
            + ursulas.flatMap { ["--network-ursula", $0.address] }
        var printed: [String] = []
        func run(_ arguments: [String], expecting status: Int32? = 0) throws {
            let result = try workspace.run(arguments)
            printed += [result.stdout, result.stderr]
            if let status { #expect(result.status == status, "\(result)") }
        }

        try run(["alice", "keygen", "--out-dir", "alice"])
        try run(["bob", "keygen", "--out-dir", "bob"])
        try run(["alice", "grant", "--alice", "alice", "--label", "secrets", "--bob-encrypting-key", "bob/encrypting.pk",
                 "--bob-verifying-key", "bob/verifying.pk", "--threshold", "2", "--shares", "3", "--out-dir", "policy"]
                + network)
        try run(["alice", "policy-key", "--alice", "alice", "--label", "secrets", "--out", "policy.pk"])
        try Data("the plaintext".utf8).write(to: workspace.files.appendingPathComponent("plain.txt"))
        try run(["enrico", "encrypt", "--policy-key", "policy.pk", "--plaintext", "plain.txt", "--out", "m.kit"])
        let retrieve = ["bob", "retrieve", "--bob", "bob", "--alice-verifying-key", "alice/verifying.pk",
                        "--label", "secrets", "--message-kit", "m.kit", "--out", "out.txt"] + network
        try run(retrieve)
        // Failures print errors: a secret key where a public key belongs, a kit for another label.
        try run(["alice", "grant", "--alice", "alice", "--label", "x", "--bob-encrypting-key", "bob/encrypting.sk",
                 "--bob-verifying-key", "bob/verifying.pk", "--threshold", "1", "--shares", "1", "--out-dir", "p2"]
                + network, expecting: nil)
        try run(["bob", "retrieve", "--bob", "bob", "--alice-verifying-key", "alice/verifying.pk", "--label", "other",
                 "--message-kit", "m.kit", "--out", "x.txt"] + network, expecting: nil)
        try run(["alice", "revoke", "--alice", "alice", "--policy-dir", "policy"] + network)
        try run(retrieve, expecting: nil)
        for ursula in ursulas { ursula.stop() }

        for index in ursulas.indices {
            for suffix in [".out", ".out.log"] {
                printed.append(try String(contentsOf: workspace.files.appendingPathComponent("s\(index)\(suffix)"), encoding: .utf8))
            }
        }
        let everything = printed.joined(separator: "\n")
        // The search has something to search: the Ursulas' trace logs and the commands' output.
        #expect(everything.contains("trace"), "the Ursulas logged nothing at trace level")
        #expect(everything.utf8.count > 4096, "only \(everything.utf8.count) bytes were printed")

        var secrets: [(name: String, bytes: [UInt8])] = []
        for file in ["alice/signing.sk", "alice/key-factory.seed", "bob/signing.sk", "bob/encrypting.sk"] {
            secrets.append((file, Array(try Data(contentsOf: workspace.files.appendingPathComponent(file)))))
        }
        let factory = try SecretKeyFactory(seed: secrets[1].bytes)
        secrets.append(("the label's delegating key", factory.makeKey(label: Array("secrets".utf8)).bigEndianBytes))
        for ursula in ursulas {
            let keys = try NodeKeyStore(directory: ursula.dataDirectory).load(passphrase: SecretBytes(Array(ursula.passphrase.utf8)))
            secrets.append(("\(ursula.address) signing key", keys.signingKey.bigEndianBytes))
            secrets.append(("\(ursula.address) decrypting key", keys.decryptingKey.bigEndianBytes))
            secrets.append(("\(ursula.address) passphrase", Array(ursula.passphrase.utf8)))
        }
        for (name, bytes) in secrets {
            #expect(bytes.count >= 16, "\(name) is not a secret of any size")
            for form in Self.printedForms(of: bytes) {
                #expect(!everything.contains(form), "\(name) was printed as \(form)")
            }
        }
    }

    /// The ways a secret could appear in text: hex either case, base64, and the raw text of a
    /// passphrase; and, for keys, any 16-byte window of the hex (a truncated or split print).
    static func printedForms(of bytes: [UInt8]) -> [String] {
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        var forms = [hex, hex.uppercased(), Data(bytes).base64EncodedString()]
        if let text = String(bytes: bytes, encoding: .utf8), text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == " " }) {
            forms.append(text)
        }
        if bytes.count > 16 {
            for start in stride(from: 0, through: hex.count - 32, by: 8) {
                let window = hex.dropFirst(start).prefix(32)
                forms.append(String(window))
            }
        }
        return forms
    }
}
