import ArgumentParser

extension UmbralGroup {
    /// `kms umbral verify-kfrag`: what an Ursula checks before accepting a kFrag from Alice.
    struct VerifyKeyFrag: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify-kfrag",
            abstract: "Check a kFrag's commitment and its signer's signature."
        )

        @Option(help: ArgumentHelp("The kFrag.", valueName: "file"))
        var kfrag: String

        @OptionGroup var keys: KeyFragVerificationOptions

        func run() throws {
            _ = try keys.readVerifiedKeyFrag(FileOption("--kfrag", kfrag))
            print("kFrag verified")
        }
    }
}
