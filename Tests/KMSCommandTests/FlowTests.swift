import Foundation
import Testing
import UmbralCore

/// The whole Umbral story through the `kms umbral` commands, and the files they exchange.
@Suite("kms umbral: the end-to-end flow")
struct FlowTests {
    @Test("keygen, encrypt and decrypt-original round-trip a file in umbral-pre's byte forms")
    func encryptDecryptOriginal() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeEncryptedData()

        #expect(try workspace.read("alice.sk").count == 32)
        #expect(try workspace.read("alice.pk").count == 33)
        #expect(try workspace.read("data.capsule").count == 105)
        #expect(try workspace.read("data.ciphertext").count == Workspace.plaintext.count + 40)

        try workspace.decryptOriginal().expectSuccess()
        #expect(try workspace.read("opened.txt") == Workspace.plaintext)
    }

    @Test("The files kms writes are the ones UmbralCore reads, and the other way round")
    func filesMatchTheLibrary() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeKeyFrags(threshold: 1, shares: 1)

        let alice = try SecretKey(bigEndianBytes: workspace.read("alice.sk"))
        #expect(alice.publicKey.compressedBytes == (try workspace.read("alice.pk")))
        let capsule = try Capsule(messagePackBytes: workspace.read("data.capsule"))
        let plaintext = try Umbral.decryptOriginal(
            workspace.read("data.ciphertext"), capsule: capsule, secretKey: alice)
        #expect(plaintext == Workspace.plaintext)
        let keyFrag = try KeyFrag(messagePackBytes: workspace.read("kfrag1.kfrag"))
        _ = try keyFrag.verify(
            verifyingKey: PublicKey(compressedBytes: workspace.read("signer.pk")),
            delegatingKey: alice.publicKey,
            receivingKey: PublicKey(compressedBytes: workspace.read("bob.pk")))

        // A capsule and ciphertext made by the library open with the command line.
        let (libraryCapsule, libraryCiphertext) = try Umbral.encrypt(Array("from the library".utf8), for: alice.publicKey)
        try workspace.write("library.capsule", libraryCapsule.messagePackBytes)
        try workspace.write("library.ciphertext", libraryCiphertext)
        try workspace.decryptOriginal(capsule: "library.capsule", ciphertext: "library.ciphertext").expectSuccess()
        #expect(try workspace.read("opened.txt") == Array("from the library".utf8))
    }

    @Test("public-key derives the same public key keygen wrote")
    func publicKeyMatchesKeygen() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeKeys()
        try workspace.run("umbral", "public-key", "--secret-key", "bob.sk", "--out", "derived.pk").expectSuccess()
        #expect(try workspace.read("derived.pk") == workspace.read("bob.pk"))
        #expect(try workspace.read("derived.pk") != workspace.read("alice.pk"))
    }

    @Test("2-of-3: kFrags verify, re-encrypt, cFrags verify, and any two cFrags decrypt")
    func thresholdFlow() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeKeyFrags(threshold: 2, shares: 3)
        #expect(!workspace.exists("kfrag4.kfrag"))

        for index in 1...3 {
            let verified = try workspace.run(
                "umbral", "verify-kfrag", "--kfrag", "kfrag\(index).kfrag", "--verifying-key", "signer.pk",
                "--delegating-public-key", "alice.pk", "--receiving-public-key", "bob.pk")
            verified.expectSuccess()
            #expect(verified.stdout == "kFrag verified\n")
            try workspace.reencrypt(kfrag: "kfrag\(index).kfrag", out: "\(index).cfrag").expectSuccess()
            let cfragVerified = try workspace.verifyCapsuleFrag("\(index).cfrag")
            cfragVerified.expectSuccess()
            #expect(cfragVerified.stdout == "cFrag verified\n")
        }

        for pair in [["1.cfrag", "2.cfrag"], ["3.cfrag", "1.cfrag"], ["2.cfrag", "3.cfrag"]] {
            try? FileManager.default.removeItem(at: workspace.url("opened.txt"))
            try workspace.decryptReencrypted(cfrags: pair).expectSuccess()
            #expect(try workspace.read("opened.txt") == Workspace.plaintext, "cFrags \(pair)")
        }
        try workspace.decryptReencrypted(cfrags: ["1.cfrag", "2.cfrag", "3.cfrag"]).expectSuccess()
    }
}
