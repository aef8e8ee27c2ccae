import Foundation
import Testing

/// Every object file is authenticated: a flipped bit anywhere makes the command fail cleanly.
@Suite("kms umbral: tampered files")
struct TamperingTests {
    /// Bytes flipped: the MessagePack framing, the middle, and the end (signatures, tags).
    static let offsets = [0, 1, 5, 20, 40, 60, 100, -70, -33, -1]

    /// In a 310-byte kFrag, bytes 244..<308 are the signature for the receiver, which kFrag
    /// verification does not cover (as in umbral-pre); -80 and -70 land in the signature for the
    /// proxy instead, and -1 flips the receiving-key flag.
    static let keyFragOffsets = [0, 1, 5, 20, 40, 60, 100, -80, -70, -1]

    @Test("A tampered kFrag fails verify-kfrag and reencrypt, which writes no cFrag", arguments: keyFragOffsets)
    func tamperedKeyFrag(offset: Int) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeKeyFrags(threshold: 1, shares: 1)
        try workspace.tamper("kfrag1.kfrag", at: offset)

        try workspace.run(
            "umbral", "verify-kfrag", "--kfrag", "kfrag1.kfrag", "--verifying-key", "signer.pk",
            "--delegating-public-key", "alice.pk", "--receiving-public-key", "bob.pk"
        ).expectFailure([ExitStatus.verificationFailed, ExitStatus.invalidInput], mentioning: ["--kfrag 'kfrag1.kfrag'"])
        try workspace.reencrypt(kfrag: "kfrag1.kfrag", out: "1.cfrag")
            .expectFailure([ExitStatus.verificationFailed, ExitStatus.invalidInput], mentioning: ["--kfrag 'kfrag1.kfrag'"])
        #expect(!workspace.exists("1.cfrag"))
    }

    @Test("A kFrag with a tampered signature for the receiver yields a cFrag that verify-cfrag refuses")
    func tamperedReceiverSignature() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeKeyFrags(threshold: 1, shares: 1)
        try workspace.tamper("kfrag1.kfrag", at: -33)

        try workspace.reencrypt(kfrag: "kfrag1.kfrag", out: "1.cfrag").expectSuccess()
        try workspace.verifyCapsuleFrag("1.cfrag")
            .expectFailure([ExitStatus.verificationFailed], mentioning: ["--cfrag '1.cfrag'"])
    }

    @Test("A tampered cFrag fails verify-cfrag and decrypt-reencrypted", arguments: offsets)
    func tamperedCapsuleFrag(offset: Int) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeCapsuleFrags(threshold: 2, shares: 2)
        try workspace.tamper("2.cfrag", at: offset)

        try workspace.verifyCapsuleFrag("2.cfrag")
            .expectFailure([ExitStatus.verificationFailed, ExitStatus.invalidInput], mentioning: ["--cfrag '2.cfrag'"])
        try workspace.decryptReencrypted(cfrags: ["1.cfrag", "2.cfrag"])
            .expectFailure([ExitStatus.verificationFailed, ExitStatus.invalidInput], mentioning: ["--cfrag '2.cfrag'"])
        #expect(!workspace.exists("opened.txt"))
    }

    @Test("A tampered capsule fails decrypt-original, reencrypt and decrypt-reencrypted", arguments: offsets)
    func tamperedCapsule(offset: Int) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeCapsuleFrags(threshold: 1, shares: 1)
        try workspace.tamper("data.capsule", at: offset)

        let codes: Set = [ExitStatus.verificationFailed, ExitStatus.invalidInput]
        try workspace.decryptOriginal().expectFailure(codes, mentioning: ["--capsule 'data.capsule'"])
        try workspace.reencrypt(kfrag: "kfrag1.kfrag", out: "2.cfrag")
            .expectFailure(codes, mentioning: ["--capsule 'data.capsule'"])
        try workspace.decryptReencrypted(cfrags: ["1.cfrag"])
            .expectFailure(codes, mentioning: ["--capsule 'data.capsule'"])
        #expect(!workspace.exists("opened.txt"))
        #expect(!workspace.exists("2.cfrag"))
    }

    @Test(
        "A tampered ciphertext (nonce, body or tag) fails both decryptions as a decryption failure",
        arguments: [0, 23, 24, 30, -17, -1])
    func tamperedCiphertext(offset: Int) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeCapsuleFrags(threshold: 1, shares: 1)
        try workspace.tamper("data.ciphertext", at: offset)

        try workspace.decryptOriginal()
            .expectFailure([ExitStatus.verificationFailed], mentioning: ["decryption failed"])
        try workspace.decryptReencrypted(cfrags: ["1.cfrag"])
            .expectFailure([ExitStatus.verificationFailed], mentioning: ["decryption failed"])
        #expect(!workspace.exists("opened.txt"))
    }

    @Test("A truncated ciphertext shorter than its nonce is reported as bad input")
    func truncatedCiphertext() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeEncryptedData()
        try workspace.write("data.ciphertext", Array(try workspace.read("data.ciphertext").prefix(10)))
        try workspace.decryptOriginal()
            .expectFailure([ExitStatus.invalidInput], mentioning: ["--ciphertext 'data.ciphertext'", "10 bytes"])
    }
}
