import ArgumentParser
import KMSNetwork
import KMSPolicy
import UmbralCore

extension BobGroup {
    /// `kms bob retrieve`: Bob finds his treasure map in the DHT, asks the Ursulas and decrypts.
    struct Retrieve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retrieve",
            abstract: "Retrieve and decrypt a message kit through a live network of Ursulas.",
            discussion: """
                Computes the policy's HRAC from Alice's verifying key, his own and --label, finds \
                the treasure map in the DHT, asks the Ursulas it names over REST (all at once; the \
                first --threshold honest answers suffice), checks every cFrag and writes the \
                plaintext to --out. Exits 1 when too few Ursulas answered honestly (naming each \
                and why), 69 when the network cannot be reached.
                """
        )

        @Option(help: ArgumentHelp("Bob's key directory, from bob keygen.", valueName: "dir"))
        var bob: String
        @Option(help: ArgumentHelp("Alice's 33-byte verifying key.", valueName: "file"))
        var aliceVerifyingKey: String
        @Option(help: ArgumentHelp("The policy label.", valueName: "label"))
        var label: String
        @Option(help: ArgumentHelp("The MessageKit from Enrico.", valueName: "file"))
        var messageKit: String
        @Option(help: ArgumentHelp("Where to write the plaintext.", valueName: "file"))
        var out: String
        @OptionGroup var network: NetworkOptions

        func validate() throws { try network.requireComplete() }

        func run() async throws {
            let directory = KeyDirectory("--bob", bob)
            let encrypting = try directory.file(KeyFileName.encryptingSecretKey).readSecretKey()
            let signer = Signer(try directory.file(KeyFileName.signingSecretKey).readSecretKey())
            let alice = try FileOption("--alice-verifying-key", aliceVerifyingKey).readPublicKey()
            let kit = try FileOption("--message-kit", messageKit).readMessageKit()
            let label = Array(label.utf8)
            let plaintext = try await network.withTransport { transport in
                let bob = Bob(encryptingKey: encrypting, signer: signer, transport: transport)
                do throws(KMSPolicyError) { return try await bob.retrieveAndDecrypt(kit, label: label, publisherVerifyingKey: alice) } catch {
                    throw networkFailure(error)
                }
            }
            try FileOption("--out", out).write(plaintext, mode: 0o600)
        }
    }
}
