import ArgumentParser
import KMSPolicy
import UmbralCore

extension UrsulaGroup {
    /// `kms ursula keygen`: Ursula's keys and the address that names her.
    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keygen",
            abstract: "Generate Ursula's encrypting and signing keys, and her address.",
            discussion: """
                Writes encrypting.sk and signing.sk (32 bytes each, mode 0600), encrypting.pk and \
                verifying.pk (33 bytes each), and address: her staking-provider address as EIP-55 \
                text and a newline. Without --address it is the Ethereum address of her verifying \
                key.
                """
        )

        @Option(help: ArgumentHelp("The directory to write Ursula's keys to (made with mode 0700 if missing).", valueName: "dir"))
        var outDir: String

        @Option(help: ArgumentHelp("Her staking-provider address, 0x and 40 hex digits.", valueName: "address"))
        var address: String?

        func run() throws {
            let stakingProvider: Address?
            do {
                stakingProvider = try address.map { text throws(KMSPolicyError) in try Address(text: text) }
            } catch {
                throw CommandError.usage("--address '\(address ?? "")': \(error)")
            }
            let directory = KeyDirectory("--out-dir", outDir)
            try directory.create()
            let encryptingKey = SecretKey.random()
            let signingKey = SecretKey.random()
            let named = stakingProvider ?? Address(publicKey: signingKey.publicKey)
            try directory.file(KeyFileName.encryptingSecretKey).writeSecretKey(encryptingKey)
            try directory.file(KeyFileName.signingSecretKey).writeSecretKey(signingKey)
            try directory.file(KeyFileName.encryptingKey).write(encryptingKey.publicKey.compressedBytes)
            try directory.file(KeyFileName.verifyingKey).write(signingKey.publicKey.compressedBytes)
            try directory.file(KeyFileName.address).write(Array("\(named.checksummed)\n".utf8))
        }
    }
}
