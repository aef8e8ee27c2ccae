import ArgumentParser
import UmbralCore

/// `kms alice`: the data owner's side of a policy, on files in nucypher-core 0.16's forms.
struct AliceGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alice",
        abstract: "Alice: policy keys and grants, on files in nucypher-core 0.16's forms.",
        discussion: """
            Alice runs keygen once, hands out policy-key for a label so Enrico can encrypt, and \
            runs grant to give Bob an m-of-n policy over the label: it writes the encrypted \
            treasure map for Bob, each Ursula's encrypted kFrag and the signed revocation order \
            for each Ursula.
            """,
        subcommands: [
            Keygen.self,
            PolicyKey.self,
            Grant.self,
            PublishGrant.self,
            Revoke.self,
        ]
    )
}

/// Alice's keys, read from the directory `kms alice keygen` wrote.
struct AliceKeys {
    let signer: Signer
    let keyFactory: SecretKeyFactory

    init(_ directory: KeyDirectory) throws(CommandError) {
        signer = Signer(try directory.file(KeyFileName.signingSecretKey).readSecretKey())
        keyFactory = try directory.file(KeyFileName.keyFactorySeed).readKeyFactory()
    }
}
