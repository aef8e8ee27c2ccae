import ArgumentParser
import UmbralCore

extension UmbralGroup {
    /// `kms umbral keygen`: a fresh random key pair.
    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keygen",
            abstract: "Generate a random secret key and its public key."
        )

        @Option(help: ArgumentHelp("Where to write the 32-byte secret key (mode 0600).", valueName: "file"))
        var secretKeyOut: String

        @Option(help: ArgumentHelp("Where to write the 33-byte compressed public key.", valueName: "file"))
        var publicKeyOut: String

        func run() throws {
            let secretKey = SecretKey.random()
            try FileOption("--secret-key-out", secretKeyOut).writeSecretKey(secretKey)
            try FileOption("--public-key-out", publicKeyOut).write(secretKey.publicKey.compressedBytes)
        }
    }
}
