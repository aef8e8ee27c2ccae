import ArgumentParser

extension UmbralGroup {
    /// `kms umbral verify-cfrag`: what Bob checks before trusting an Ursula's cFrag.
    struct VerifyCapsuleFrag: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify-cfrag",
            abstract: "Check a cFrag's proof of re-encryption and its kFrag's signature."
        )

        @Option(help: ArgumentHelp("The cFrag.", valueName: "file"))
        var cfrag: String

        @Option(help: ArgumentHelp("The capsule it was made from.", valueName: "file"))
        var capsule: String

        @Option(help: ArgumentHelp("The 33-byte public key of the kFrags' signer.", valueName: "file"))
        var verifyingKey: String

        @Option(help: ArgumentHelp("Alice's 33-byte public key.", valueName: "file"))
        var delegatingPublicKey: String

        @Option(help: ArgumentHelp("Bob's 33-byte public key.", valueName: "file"))
        var receivingPublicKey: String

        func run() throws {
            let file = FileOption("--cfrag", cfrag)
            _ = try Verification.capsuleFrag(
                file.readCapsuleFrag(), from: file,
                capsule: FileOption("--capsule", capsule).readCapsule(),
                verifyingKey: FileOption("--verifying-key", verifyingKey).readPublicKey(),
                delegatingKey: FileOption("--delegating-public-key", delegatingPublicKey).readPublicKey(),
                receivingKey: FileOption("--receiving-public-key", receivingPublicKey).readPublicKey())
            print("cFrag verified")
        }
    }
}
