import ArgumentParser
import KMSPolicy
import UmbralCore

extension AliceGroup {
    /// `kms alice policy-key`: the public key Enrico encrypts a label's data for.
    struct PolicyKey: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "policy-key",
            abstract: "Write the policy encrypting key of a label (33 bytes), for Enrico.",
            discussion: "The same keys and label always give the same key, before and after any grant."
        )

        @Option(help: ArgumentHelp("Alice's key directory, from alice keygen.", valueName: "dir"))
        var alice: String

        @Option(help: ArgumentHelp("The policy label; its UTF-8 bytes name the policy.", valueName: "label"))
        var label: String

        @Option(help: ArgumentHelp("Where to write the 33-byte policy encrypting key.", valueName: "file"))
        var out: String

        func run() throws {
            let keys = try AliceKeys(KeyDirectory("--alice", alice))
            let policyKey = keys.keyFactory.makeKey(label: Array(label.utf8)).publicKey
            try FileOption("--out", out).write(policyKey.compressedBytes)
        }
    }
}
