import ArgumentParser
import UmbralCore

extension UmbralGroup {
    /// `kms umbral encrypt`: what Alice (or Enrico) does to store data for a public key.
    struct Encrypt: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "encrypt",
            abstract: "Encrypt a file for a public key, producing a capsule and a ciphertext."
        )

        @Option(help: ArgumentHelp("The 33-byte public key to encrypt for.", valueName: "file"))
        var publicKey: String

        @Option(help: ArgumentHelp("The data to encrypt.", valueName: "file"))
        var plaintext: String

        @Option(help: ArgumentHelp("Where to write the capsule.", valueName: "file"))
        var capsuleOut: String

        @Option(help: ArgumentHelp("Where to write the ciphertext.", valueName: "file"))
        var ciphertextOut: String

        func run() throws {
            let publicKey = try FileOption("--public-key", publicKey).readPublicKey()
            let plaintext = try FileOption("--plaintext", plaintext).readBytes()
            let encrypted: (capsule: Capsule, ciphertext: [UInt8])
            do {
                encrypted = try Umbral.encrypt(plaintext, for: publicKey)
            } catch {
                throw CommandError.internalFailure("encryption failed: \(error)")
            }
            try FileOption("--capsule-out", capsuleOut).write(encrypted.capsule.messagePackBytes)
            try FileOption("--ciphertext-out", ciphertextOut).write(encrypted.ciphertext)
        }
    }
}
