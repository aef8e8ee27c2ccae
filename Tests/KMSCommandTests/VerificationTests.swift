import Foundation
import Testing

/// kFrag and cFrag verification, and decryption refusing what does not belong together.
@Suite("kms umbral: verification and threshold")
struct VerificationTests {
    /// Which public keys `verify-kfrag` needs for kFrags made with some `--no-sign-*` flags.
    struct SigningCase: CustomTestStringConvertible, Sendable {
        let flags: [String]
        let needsDelegating: Bool
        let needsReceiving: Bool
        var testDescription: String { flags.isEmpty ? "both keys signed" : flags.joined(separator: " ") }
    }

    @Test(
        "verify-kfrag needs exactly the public keys the kFrag signs, and reencrypt likewise",
        arguments: [
            SigningCase(flags: [], needsDelegating: true, needsReceiving: true),
            SigningCase(flags: ["--no-sign-delegating-key"], needsDelegating: false, needsReceiving: true),
            SigningCase(flags: ["--no-sign-receiving-key"], needsDelegating: true, needsReceiving: false),
            SigningCase(
                flags: ["--no-sign-delegating-key", "--no-sign-receiving-key"],
                needsDelegating: false, needsReceiving: false),
        ])
    func keysNeededToVerify(_ signing: SigningCase) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeKeyFrags(threshold: 2, shares: 3, flags: signing.flags)

        let delegating = ["--delegating-public-key", "alice.pk"]
        let receiving = ["--receiving-public-key", "bob.pk"]
        for (keys, hasDelegating, hasReceiving) in [
            ([String](), false, false), (delegating, true, false), (receiving, false, true),
            (delegating + receiving, true, true),
        ] {
            try? FileManager.default.removeItem(at: workspace.url("1.cfrag"))
            let verify = try workspace.run(
                ["umbral", "verify-kfrag", "--kfrag", "kfrag1.kfrag", "--verifying-key", "signer.pk"] + keys)
            let reencrypt = try workspace.run(
                ["umbral", "reencrypt", "--capsule", "data.capsule", "--kfrag", "kfrag1.kfrag",
                 "--verifying-key", "signer.pk", "--out", "1.cfrag"] + keys)
            if signing.needsDelegating && !hasDelegating {
                verify.expectFailure([ExitStatus.usage], mentioning: ["--kfrag 'kfrag1.kfrag'", "--delegating-public-key"])
                reencrypt.expectFailure([ExitStatus.usage], mentioning: ["--delegating-public-key"])
                #expect(!workspace.exists("1.cfrag"))
            } else if signing.needsReceiving && !hasReceiving {
                verify.expectFailure([ExitStatus.usage], mentioning: ["--kfrag 'kfrag1.kfrag'", "--receiving-public-key"])
                reencrypt.expectFailure([ExitStatus.usage], mentioning: ["--receiving-public-key"])
                #expect(!workspace.exists("1.cfrag"))
            } else {
                verify.expectSuccess()
                #expect(verify.stdout == "kFrag verified\n")
                reencrypt.expectSuccess()
                #expect(workspace.exists("1.cfrag"))
            }
        }
    }

    @Test("kFrags made with both --no-sign-* flags still carry the threshold flow through decryption")
    func unsignedKeysFlow() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeKeyFrags(
            threshold: 2, shares: 3, flags: ["--no-sign-delegating-key", "--no-sign-receiving-key"])
        for index in 1...2 {
            try workspace.run(
                "umbral", "reencrypt", "--capsule", "data.capsule", "--kfrag", "kfrag\(index).kfrag",
                "--verifying-key", "signer.pk", "--out", "\(index).cfrag"
            ).expectSuccess()
            try workspace.verifyCapsuleFrag("\(index).cfrag").expectSuccess()
        }
        try workspace.decryptReencrypted(cfrags: ["1.cfrag", "2.cfrag"]).expectSuccess()
        #expect(try workspace.read("opened.txt") == Workspace.plaintext)
    }

    @Test("One cFrag of a 2-of-3 policy does not decrypt, and no output is written")
    func belowThreshold() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeCapsuleFrags(threshold: 2, shares: 3)
        for cfrag in ["1.cfrag", "2.cfrag", "3.cfrag"] {
            try workspace.decryptReencrypted(cfrags: [cfrag]).expectFailure([ExitStatus.verificationFailed])
            #expect(!workspace.exists("opened.txt"))
        }
    }

    @Test("The same cFrag twice is refused")
    func repeatedCapsuleFrag() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeCapsuleFrags(threshold: 2, shares: 2)
        try workspace.decryptReencrypted(cfrags: ["1.cfrag", "1.cfrag"])
            .expectFailure([ExitStatus.invalidInput], mentioning: ["--cfrag", "repeated"])
        #expect(!workspace.exists("opened.txt"))
    }

    @Test("A kFrag checked against the wrong verifying key fails, and reencrypt then writes nothing")
    func wrongVerifyingKey() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeKeyFrags(threshold: 1, shares: 1)
        let keys = ["--delegating-public-key", "alice.pk", "--receiving-public-key", "bob.pk"]
        try workspace.run(["umbral", "verify-kfrag", "--kfrag", "kfrag1.kfrag", "--verifying-key", "alice.pk"] + keys)
            .expectFailure([ExitStatus.verificationFailed], mentioning: ["--kfrag 'kfrag1.kfrag'"])
        try workspace.run(
            ["umbral", "reencrypt", "--capsule", "data.capsule", "--kfrag", "kfrag1.kfrag",
             "--verifying-key", "alice.pk", "--out", "1.cfrag"] + keys
        ).expectFailure([ExitStatus.verificationFailed], mentioning: ["--kfrag 'kfrag1.kfrag'"])
        #expect(!workspace.exists("1.cfrag"))
    }

    @Test("A kFrag made for Bob does not verify for another receiving key")
    func wrongReceivingKeyForKeyFrag() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeKeyFrags(threshold: 1, shares: 1)
        try workspace.run(
            "umbral", "verify-kfrag", "--kfrag", "kfrag1.kfrag", "--verifying-key", "signer.pk",
            "--delegating-public-key", "alice.pk", "--receiving-public-key", "alice.pk"
        ).expectFailure([ExitStatus.verificationFailed], mentioning: ["--kfrag 'kfrag1.kfrag'"])
    }

    @Test("verify-cfrag fails for the wrong receiving, delegating or verifying key")
    func wrongKeysForCapsuleFrag() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeCapsuleFrags(threshold: 1, shares: 1)
        let right = ["signer.pk", "alice.pk", "bob.pk"]
        for wrongIndex in right.indices {
            var keys = right
            keys[wrongIndex] = keys[wrongIndex] == "bob.pk" ? "alice.pk" : "bob.pk"
            try workspace.run(
                "umbral", "verify-cfrag", "--cfrag", "1.cfrag", "--capsule", "data.capsule",
                "--verifying-key", keys[0], "--delegating-public-key", keys[1], "--receiving-public-key", keys[2]
            ).expectFailure([ExitStatus.verificationFailed], mentioning: ["--cfrag '1.cfrag'"])
        }
    }

    @Test("cFrags of another capsule are refused by verify-cfrag and decrypt-reencrypted")
    func capsuleFragsOfAnotherCapsule() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeKeyFrags(threshold: 2, shares: 2)
        try workspace.run(
            "umbral", "encrypt", "--public-key", "alice.pk", "--plaintext", "plain.txt",
            "--capsule-out", "other.capsule", "--ciphertext-out", "other.ciphertext"
        ).expectSuccess()
        for index in 1...2 {
            try workspace.reencrypt(kfrag: "kfrag\(index).kfrag", capsule: "other.capsule", out: "\(index).cfrag")
                .expectSuccess()
        }
        try workspace.verifyCapsuleFrag("1.cfrag").expectFailure([ExitStatus.verificationFailed])
        try workspace.decryptReencrypted(cfrags: ["1.cfrag", "2.cfrag"])
            .expectFailure([ExitStatus.verificationFailed], mentioning: ["--cfrag '1.cfrag'"])
        #expect(!workspace.exists("opened.txt"))
        // They do open the capsule they were made for.
        try workspace.decryptReencrypted(
            cfrags: ["1.cfrag", "2.cfrag"], ciphertext: "other.ciphertext", capsule: "other.capsule"
        ).expectSuccess()
    }

    @Test("decrypt-original with a key other than the one encrypted for fails")
    func decryptOriginalWrongKey() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeEncryptedData()
        try workspace.decryptOriginal(secretKey: "bob.sk")
            .expectFailure([ExitStatus.verificationFailed], mentioning: ["decryption failed"])
        #expect(!workspace.exists("opened.txt"))
    }
}
