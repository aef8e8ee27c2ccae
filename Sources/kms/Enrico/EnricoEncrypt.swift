import ArgumentParser
import KMSPolicy
import UmbralCore

extension EnricoGroup {
    /// `kms enrico encrypt`: a message kit for a policy key.
    struct Encrypt: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "encrypt",
            abstract: "Encrypt a file for a policy encrypting key, as a MessageKit.",
            discussion: """
                The conditions travel with the kit unauthenticated and unparsed, as in \
                nucypher-core; Bob's requests carry them to the Ursulas.
                """
        )

        @Option(help: ArgumentHelp("The 33-byte policy encrypting key, from alice policy-key.", valueName: "file"))
        var policyKey: String

        @Option(help: ArgumentHelp("The file to encrypt.", valueName: "file"))
        var plaintext: String

        @Option(help: ArgumentHelp("Access conditions for the Ursulas, usually JSON, stored as given.", valueName: "text"))
        var conditions: String?

        @Option(help: ArgumentHelp("Where to write the MessageKit.", valueName: "file"))
        var out: String

        func run() throws {
            let policyKey = try FileOption("--policy-key", policyKey).readPublicKey()
            let plaintext = try FileOption("--plaintext", plaintext).readBytes()
            let messageKit: MessageKit
            do {
                messageKit = try Enrico(policyEncryptingKey: policyKey).encrypt(plaintext, conditions: conditions)
            } catch {
                throw CommandError.internalFailure("encryption failed: \(error)")
            }
            try FileOption("--out", out).write(messageKit.bytes)
        }
    }
}
