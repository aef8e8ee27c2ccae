import ArgumentParser
import UmbralCore

extension BobGroup {
    /// `kms bob keygen`: Bob's encrypting and signing key pairs.
    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keygen",
            abstract: "Generate Bob's encrypting and signing keys.",
            discussion: """
                Writes encrypting.sk and signing.sk (32 bytes each, mode 0600), and encrypting.pk \
                and verifying.pk (33 bytes each), the two public keys Alice grants to.
                """
        )

        @Option(help: ArgumentHelp("The directory to write Bob's keys to (made with mode 0700 if missing).", valueName: "dir"))
        var outDir: String

        func run() throws {
            let directory = KeyDirectory("--out-dir", outDir)
            try directory.create()
            let encryptingKey = SecretKey.random()
            let signingKey = SecretKey.random()
            try directory.file(KeyFileName.encryptingSecretKey).writeSecretKey(encryptingKey)
            try directory.file(KeyFileName.signingSecretKey).writeSecretKey(signingKey)
            try directory.file(KeyFileName.encryptingKey).write(encryptingKey.publicKey.compressedBytes)
            try directory.file(KeyFileName.verifyingKey).write(signingKey.publicKey.compressedBytes)
        }
    }
}
