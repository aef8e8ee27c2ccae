import Foundation
import Testing

/// Secret keys stay private: owner-only files, never echoed; outputs are replaced atomically.
@Suite("kms umbral: secrets and file safety")
struct FileSafetyTests {
    private func permissions(_ workspace: Workspace, _ name: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: workspace.url(name).path)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    @Test("keygen writes the secret key with mode 0600, even over an existing world-readable file")
    func secretKeyMode() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.write("alice.sk", Array("old".utf8))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: workspace.url("alice.sk").path)

        try workspace.run("umbral", "keygen", "--secret-key-out", "alice.sk", "--public-key-out", "alice.pk")
            .expectSuccess()
        #expect(try permissions(workspace, "alice.sk") == 0o600)
        #expect(try workspace.read("alice.sk").count == 32)
        // The public key is not a secret: readable by others under the usual umask.
        #expect(try permissions(workspace, "alice.pk") & 0o044 != 0)
    }

    @Test("No command prints a secret key, on success or on failure")
    func secretsNeverPrinted() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        var results = [RunResult]()
        for name in ["alice", "bob", "signer"] {
            results.append(try workspace.run(
                "umbral", "keygen", "--secret-key-out", "\(name).sk", "--public-key-out", "\(name).pk"))
        }
        try workspace.write("plain.txt", Workspace.plaintext)
        results += [
            try workspace.run(
                "umbral", "encrypt", "--public-key", "alice.pk", "--plaintext", "plain.txt",
                "--capsule-out", "data.capsule", "--ciphertext-out", "data.ciphertext"),
            try workspace.run(
                "umbral", "generate-kfrags", "--delegating-secret-key", "alice.sk", "--receiving-public-key",
                "bob.pk", "--signing-secret-key", "signer.sk", "--threshold", "1", "--shares", "1",
                "--out-prefix", "kfrag"),
            try workspace.run("umbral", "public-key", "--secret-key", "alice.sk", "--out", "x.pk"),
            // Secret keys where public keys, objects or data are expected.
            try workspace.run(
                "umbral", "encrypt", "--public-key", "alice.sk", "--plaintext", "plain.txt",
                "--capsule-out", "c", "--ciphertext-out", "t"),
            try workspace.decryptOriginal(capsule: "alice.sk"),
            try workspace.decryptOriginal(ciphertext: "alice.sk"),
            try workspace.decryptOriginal(secretKey: "bob.sk"),
            try workspace.run(
                "umbral", "verify-kfrag", "--kfrag", "signer.sk", "--verifying-key", "signer.pk"),
            try workspace.run(
                "umbral", "verify-kfrag", "--kfrag", "kfrag1.kfrag", "--verifying-key", "signer.sk"),
            try workspace.run(
                "umbral", "verify-kfrag", "--kfrag", "kfrag1.kfrag", "--verifying-key", "signer.pk"),
            try workspace.run(
                "umbral", "generate-kfrags", "--delegating-secret-key", "alice.pk", "--receiving-public-key",
                "bob.sk", "--signing-secret-key", "signer.sk", "--threshold", "1", "--shares", "1",
                "--out-prefix", "k"),
            try workspace.decryptReencrypted(cfrags: ["bob.sk"]),
        ]
        #expect(results.filter { $0.status != 0 }.count == 9)

        let secrets = try ["alice.sk", "bob.sk", "signer.sk"].map { try workspace.read($0) }
        for result in results {
            let output = (result.stdout + result.stderr).lowercased()
            for secret in secrets {
                #expect(!output.contains(secret.hex), "secret key printed: \(result)")
                #expect(!output.contains(secret.prefix(8).hex), "secret key prefix printed: \(result)")
            }
        }
    }

    @Test("A successful run leaves exactly its outputs: no temporary files")
    func noTemporaryFiles() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeCapsuleFrags(threshold: 2, shares: 3)
        try workspace.decryptReencrypted(cfrags: ["1.cfrag", "2.cfrag"]).expectSuccess()
        #expect(try workspace.listing() == [
            "1.cfrag", "2.cfrag", "3.cfrag", "alice.pk", "alice.sk", "bob.pk", "bob.sk",
            "data.capsule", "data.ciphertext", "kfrag1.kfrag", "kfrag2.kfrag", "kfrag3.kfrag",
            "opened.txt", "plain.txt", "signer.pk", "signer.sk",
        ])
    }

    @Test("Outputs replace existing files whole, including when an output is also an input")
    func outputsReplaceExistingFiles() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeEncryptedData()
        try workspace.write("opened.txt", Array(repeating: 0x41, count: 4096))
        try workspace.decryptOriginal().expectSuccess()
        #expect(try workspace.read("opened.txt") == Workspace.plaintext)

        try workspace.run(
            "umbral", "decrypt-original", "--secret-key", "alice.sk", "--capsule", "data.capsule",
            "--ciphertext", "data.ciphertext", "--out", "data.ciphertext"
        ).expectSuccess()
        #expect(try workspace.read("data.ciphertext") == Workspace.plaintext)
    }
}
