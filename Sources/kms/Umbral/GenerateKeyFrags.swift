import ArgumentParser
import UmbralCore

extension UmbralGroup {
    /// `kms umbral generate-kfrags`: Alice splitting a re-encryption key for Bob among Ursulas.
    struct GenerateKeyFrags: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate-kfrags",
            abstract: "Split a re-encryption key into kFrags, any threshold of which re-encrypt.",
            discussion: "Writes <prefix>1.kfrag … <prefix>N.kfrag, one per Ursula."
        )

        @Option(help: ArgumentHelp("Alice's 32-byte secret key, the one data was encrypted for.", valueName: "file"))
        var delegatingSecretKey: String

        @Option(help: ArgumentHelp("Bob's 33-byte public key.", valueName: "file"))
        var receivingPublicKey: String

        @Option(help: ArgumentHelp("The 32-byte secret key that signs the kFrags.", valueName: "file"))
        var signingSecretKey: String

        @Option(help: ArgumentHelp("How many cFrags Bob needs (1 ≤ M ≤ N).", valueName: "M"))
        var threshold: Int

        @Option(help: ArgumentHelp("How many kFrags to make.", valueName: "N"))
        var shares: Int

        @Flag(help: "Do not sign the delegating public key, so Ursulas need not know it to verify.")
        var noSignDelegatingKey = false

        @Flag(help: "Do not sign the receiving public key, so Ursulas need not know it to verify.")
        var noSignReceivingKey = false

        @Option(help: ArgumentHelp("The path prefix of the kFrag files.", valueName: "prefix"))
        var outPrefix: String

        func validate() throws {
            guard threshold >= 1 else {
                throw ValidationError("--threshold must be at least 1, got \(threshold)")
            }
            guard shares >= threshold else {
                throw ValidationError("--shares (\(shares)) must be at least --threshold (\(threshold))")
            }
        }

        func run() throws {
            let delegating = try FileOption("--delegating-secret-key", delegatingSecretKey).readSecretKey()
            let receiving = try FileOption("--receiving-public-key", receivingPublicKey).readPublicKey()
            let signing = try FileOption("--signing-secret-key", signingSecretKey).readSecretKey()
            let keyFrags: [VerifiedKeyFrag]
            do {
                keyFrags = try Umbral.generateKeyFrags(
                    delegating: delegating, receiving: receiving, signer: Signer(signing),
                    threshold: threshold, shares: shares,
                    signDelegatingKey: !noSignDelegatingKey, signReceivingKey: !noSignReceivingKey)
            } catch {
                throw CommandError.internalFailure("kFrag generation failed: \(error)")
            }
            for (index, keyFrag) in keyFrags.enumerated() {
                try FileOption("--out-prefix", "\(outPrefix)\(index + 1).kfrag").write(keyFrag.messagePackBytes)
            }
        }
    }
}
