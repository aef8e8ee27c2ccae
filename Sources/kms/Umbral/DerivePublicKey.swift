import ArgumentParser
import UmbralCore

extension UmbralGroup {
    /// `kms umbral public-key`: the public key of an existing secret key.
    struct DerivePublicKey: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "public-key",
            abstract: "Write the public key of a secret key."
        )

        @Option(help: ArgumentHelp("The 32-byte secret key.", valueName: "file"))
        var secretKey: String

        @Option(help: ArgumentHelp("Where to write the 33-byte compressed public key.", valueName: "file"))
        var out: String

        func run() throws {
            let secretKey = try FileOption("--secret-key", secretKey).readSecretKey()
            try FileOption("--out", out).write(secretKey.publicKey.compressedBytes)
        }
    }
}
