import ArgumentParser
import UmbralCore

extension UmbralGroup {
    /// `kms umbral decrypt-original`: Alice opening her own ciphertext, without any re-encryption.
    struct DecryptOriginal: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decrypt-original",
            abstract: "Decrypt a ciphertext with the secret key it was encrypted for."
        )

        @Option(help: ArgumentHelp("The 32-byte secret key of the public key encrypted for.", valueName: "file"))
        var secretKey: String

        @Option(help: ArgumentHelp("The ciphertext's capsule.", valueName: "file"))
        var capsule: String

        @Option(help: ArgumentHelp("The ciphertext.", valueName: "file"))
        var ciphertext: String

        @Option(help: ArgumentHelp("Where to write the plaintext.", valueName: "file"))
        var out: String

        func run() throws {
            let secretKey = try FileOption("--secret-key", secretKey).readSecretKey()
            let capsule = try FileOption("--capsule", capsule).readCapsule()
            let ciphertextFile = FileOption("--ciphertext", ciphertext)
            let ciphertext = try ciphertextFile.readBytes()
            let plaintext: [UInt8]
            do {
                plaintext = try Umbral.decryptOriginal(ciphertext, capsule: capsule, secretKey: secretKey)
            } catch {
                throw Verification.decryptionError(error, ciphertext: ciphertextFile)
            }
            try FileOption("--out", out).write(plaintext)
        }
    }
}
