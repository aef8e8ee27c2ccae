import Foundation
import Testing

/// The steps of the Umbral story as `kms` runs, with fixed file names, each required to succeed.
///
/// Keys: `alice.sk`/`alice.pk` (delegating), `bob.sk`/`bob.pk` (receiving), `signer.sk`/`signer.pk`.
/// Data: `plain.txt` → `data.capsule` + `data.ciphertext`; kFrags `kfrag1.kfrag`…; cFrags `N.cfrag`.
extension Workspace {
    static let plaintext = Array("The Umbral story, told by the kms command line.\n".utf8)

    /// The three key pairs.
    func makeKeys() throws {
        for name in ["alice", "bob", "signer"] {
            try require(run("umbral", "keygen", "--secret-key-out", "\(name).sk", "--public-key-out", "\(name).pk"))
        }
    }

    /// Keys, then `plain.txt` encrypted for Alice.
    func makeEncryptedData() throws {
        try makeKeys()
        try write("plain.txt", Self.plaintext)
        try require(run(
            "umbral", "encrypt", "--public-key", "alice.pk", "--plaintext", "plain.txt",
            "--capsule-out", "data.capsule", "--ciphertext-out", "data.ciphertext"))
    }

    /// Encrypted data, then `shares` kFrags from Alice for Bob.
    func makeKeyFrags(threshold: Int, shares: Int, flags: [String] = []) throws {
        try makeEncryptedData()
        try require(run(
            ["umbral", "generate-kfrags", "--delegating-secret-key", "alice.sk",
             "--receiving-public-key", "bob.pk", "--signing-secret-key", "signer.sk",
             "--threshold", "\(threshold)", "--shares", "\(shares)", "--out-prefix", "kfrag"] + flags))
    }

    /// kFrags, then one cFrag `N.cfrag` of the capsule per kFrag.
    func makeCapsuleFrags(threshold: Int, shares: Int) throws {
        try makeKeyFrags(threshold: threshold, shares: shares)
        for index in 1...shares {
            try require(reencrypt(kfrag: "kfrag\(index).kfrag", out: "\(index).cfrag"))
        }
    }

    func reencrypt(kfrag: String, capsule: String = "data.capsule", out: String) throws -> RunResult {
        try run(
            "umbral", "reencrypt", "--capsule", capsule, "--kfrag", kfrag, "--verifying-key", "signer.pk",
            "--delegating-public-key", "alice.pk", "--receiving-public-key", "bob.pk", "--out", out)
    }

    func verifyCapsuleFrag(_ cfrag: String, capsule: String = "data.capsule") throws -> RunResult {
        try run(
            "umbral", "verify-cfrag", "--cfrag", cfrag, "--capsule", capsule, "--verifying-key", "signer.pk",
            "--delegating-public-key", "alice.pk", "--receiving-public-key", "bob.pk")
    }

    func decryptReencrypted(
        cfrags: [String], ciphertext: String = "data.ciphertext", capsule: String = "data.capsule"
    ) throws -> RunResult {
        try run(
            ["umbral", "decrypt-reencrypted", "--secret-key", "bob.sk", "--delegating-public-key", "alice.pk",
             "--verifying-key", "signer.pk", "--capsule", capsule, "--ciphertext", ciphertext]
                + cfrags.flatMap { ["--cfrag", $0] } + ["--out", "opened.txt"])
    }

    func decryptOriginal(
        secretKey: String = "alice.sk", capsule: String = "data.capsule", ciphertext: String = "data.ciphertext"
    ) throws -> RunResult {
        try run(
            "umbral", "decrypt-original", "--secret-key", secretKey, "--capsule", capsule,
            "--ciphertext", ciphertext, "--out", "opened.txt")
    }

    /// Fails the test, showing the run, unless it succeeded.
    private func require(_ result: RunResult) throws {
        try #require(result.status == 0, "setup step failed: \(result)")
    }
}
