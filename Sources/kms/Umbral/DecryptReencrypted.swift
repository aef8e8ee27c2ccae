import ArgumentParser
import UmbralCore

extension UmbralGroup {
    /// `kms umbral decrypt-reencrypted`: Bob opening a ciphertext with cFrags from Ursulas.
    struct DecryptReencrypted: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decrypt-reencrypted",
            abstract: "Verify cFrags, then decrypt a ciphertext with them and Bob's secret key.",
            discussion: "Each cFrag is verified for the public key of --secret-key; at least the threshold are needed."
        )

        @Option(help: ArgumentHelp("Bob's 32-byte secret key.", valueName: "file"))
        var secretKey: String

        @Option(help: ArgumentHelp("Alice's 33-byte public key, which the data was encrypted for.", valueName: "file"))
        var delegatingPublicKey: String

        @Option(help: ArgumentHelp("The 33-byte public key of the kFrags' signer.", valueName: "file"))
        var verifyingKey: String

        @Option(help: ArgumentHelp("The ciphertext's capsule.", valueName: "file"))
        var capsule: String

        @Option(help: ArgumentHelp("The ciphertext.", valueName: "file"))
        var ciphertext: String

        @Option(help: ArgumentHelp("A cFrag of the capsule; repeat for each one.", valueName: "file"))
        var cfrag: [String] = []

        @Option(help: ArgumentHelp("Where to write the plaintext.", valueName: "file"))
        var out: String

        func validate() throws {
            guard !cfrag.isEmpty else { throw ValidationError("at least one --cfrag is required") }
        }

        func run() throws {
            let secretKey = try FileOption("--secret-key", secretKey).readSecretKey()
            let delegatingKey = try FileOption("--delegating-public-key", delegatingPublicKey).readPublicKey()
            let verifyingKey = try FileOption("--verifying-key", verifyingKey).readPublicKey()
            let capsule = try FileOption("--capsule", capsule).readCapsule()
            let ciphertextFile = FileOption("--ciphertext", ciphertext)
            let ciphertext = try ciphertextFile.readBytes()
            let capsuleFrags = try cfrag.map { path throws(CommandError) in
                let file = FileOption("--cfrag", path)
                return try Verification.capsuleFrag(
                    file.readCapsuleFrag(), from: file, capsule: capsule, verifyingKey: verifyingKey,
                    delegatingKey: delegatingKey, receivingKey: secretKey.publicKey)
            }
            let plaintext: [UInt8]
            do {
                plaintext = try Umbral.decryptReencrypted(
                    ciphertext, capsule: capsule, capsuleFrags: capsuleFrags, receivingKey: secretKey,
                    delegatingKey: delegatingKey)
            } catch {
                throw Verification.decryptionError(error, ciphertext: ciphertextFile)
            }
            try FileOption("--out", out).write(plaintext)
        }
    }
}
