import ArgumentParser
import UmbralCore

/// The keys an Ursula checks a kFrag against, shared by `verify-kfrag` and `reencrypt`.
struct KeyFragVerificationOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The 33-byte public key of the kFrags' signer.", valueName: "file"))
    var verifyingKey: String

    @Option(help: ArgumentHelp("Alice's public key; needed if the kFrag signs it.", valueName: "file"))
    var delegatingPublicKey: String?

    @Option(help: ArgumentHelp("Bob's public key; needed if the kFrag signs it.", valueName: "file"))
    var receivingPublicKey: String?

    /// Reads the kFrag in `file` and verifies it against these keys.
    func readVerifiedKeyFrag(_ file: FileOption) throws(CommandError) -> VerifiedKeyFrag {
        let keyFrag = try file.readKeyFrag()
        let verifyingKey = try FileOption("--verifying-key", verifyingKey).readPublicKey()
        let delegatingKey = try delegatingPublicKey.map { path throws(CommandError) in
            try FileOption("--delegating-public-key", path).readPublicKey()
        }
        let receivingKey = try receivingPublicKey.map { path throws(CommandError) in
            try FileOption("--receiving-public-key", path).readPublicKey()
        }
        return try Verification.keyFrag(
            keyFrag, from: file, verifyingKey: verifyingKey, delegatingKey: delegatingKey,
            receivingKey: receivingKey)
    }
}
