import ArgumentParser
import KMSPolicy
import UmbralCore

extension UrsulaGroup {
    /// `kms ursula revoke`: Ursula accepts Alice's order to drop a kFrag.
    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: "Accept a RevocationOrder: refuse the kFrag it names from then on.",
            discussion: """
                The order must be addressed to this Ursula, signed by --publisher-verifying-key, \
                and name a kFrag sealed to her. It is kept in revoked/ in her key directory; \
                reencrypt then refuses every request bringing that kFrag with that publisher key.
                """
        )

        @Option(help: ArgumentHelp("Ursula's key directory, from ursula keygen.", valueName: "dir"))
        var ursula: String

        @Option(help: ArgumentHelp("Alice's RevocationOrder, from alice grant.", valueName: "file"))
        var order: String

        @Option(help: ArgumentHelp("Alice's 33-byte publisher verifying key.", valueName: "file"))
        var publisherVerifyingKey: String

        func run() throws {
            let directory = KeyDirectory("--ursula", ursula)
            let address = try directory.file(KeyFileName.address).readAddress()
            let decryptingKey = try directory.file(KeyFileName.encryptingSecretKey).readSecretKey()
            let publisher = try FileOption("--publisher-verifying-key", publisherVerifyingKey).readPublicKey()
            let orderFile = FileOption("--order", order)
            let order = try orderFile.readRevocationOrder()

            // The checks of KMSPolicy's Ursula.revoke.
            guard order.stakingProviderAddress == address else {
                throw CommandError.verificationFailed(
                    "\(orderFile): addressed to Ursula \(order.stakingProviderAddress), not to this Ursula (\(address))")
            }
            let encryptedKeyFrag: EncryptedKeyFrag
            do {
                (_, encryptedKeyFrag) = try order.verify(aliceVerifyingKey: publisher)
            } catch {
                throw policyFailure(error, orderFile)
            }
            do {
                _ = try Umbral.decryptOriginal(
                    encryptedKeyFrag.ciphertext, capsule: encryptedKeyFrag.capsule, secretKey: decryptingKey)
            } catch {
                throw CommandError.verificationFailed("\(orderFile): the kFrag it names was not sealed to this Ursula")
            }
            let revocations = Revocations(ursula: directory)
            try revocations.directory.create()
            try revocations.file(encryptedKeyFrag, publisherVerifyingKey: publisher).write(order.bytes)
        }
    }
}
