import ArgumentParser
import UmbralCore

extension UmbralGroup {
    /// `kms umbral reencrypt`: what an Ursula does for Bob with her kFrag.
    struct Reencrypt: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reencrypt",
            abstract: "Verify a kFrag, then re-encrypt a capsule with it into a cFrag."
        )

        @Option(help: ArgumentHelp("The capsule to re-encrypt.", valueName: "file"))
        var capsule: String

        @Option(help: ArgumentHelp("This Ursula's kFrag.", valueName: "file"))
        var kfrag: String

        @OptionGroup var keys: KeyFragVerificationOptions

        @Option(help: ArgumentHelp("Where to write the cFrag.", valueName: "file"))
        var out: String

        func run() throws {
            let capsule = try FileOption("--capsule", capsule).readCapsule()
            let keyFrag = try keys.readVerifiedKeyFrag(FileOption("--kfrag", kfrag))
            let capsuleFrag = Umbral.reencrypt(capsule, with: keyFrag)
            try FileOption("--out", out).write(capsuleFrag.messagePackBytes)
        }
    }
}
