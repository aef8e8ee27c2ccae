import ArgumentParser
import KMSPolicy
import UmbralCore

extension AliceGroup {
    /// `kms alice keygen`: Alice's publisher signing key and key-factory seed.
    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keygen",
            abstract: "Generate Alice's signing key and key-factory seed.",
            discussion: """
                Writes signing.sk (32 bytes) and key-factory.seed (32 bytes), both mode 0600, and \
                verifying.pk (33 bytes), her publisher verifying key, which Bob and Ursulas check \
                her signatures with. Policy keys derive from the seed, one per label.
                """
        )

        @Option(help: ArgumentHelp("The directory to write Alice's keys to (made with mode 0700 if missing).", valueName: "dir"))
        var outDir: String

        func run() throws {
            let directory = KeyDirectory("--out-dir", outDir)
            try directory.create()
            let signingKey = SecretKey.random()
            var seed = [UInt8](repeating: 0, count: SecretKeyFactory.seedSize)
            defer { wipe(&seed) }
            var rng = SystemRandom()
            for index in seed.indices { seed[index] = rng.next() }
            try directory.file(KeyFileName.signingSecretKey).writeSecretKey(signingKey)
            try directory.file(KeyFileName.keyFactorySeed).writeSeed(seed)
            try directory.file(KeyFileName.verifyingKey).write(signingKey.publicKey.compressedBytes)
        }
    }
}
