import ArgumentParser
import UmbralCore

/// `kms alice`: the data owner's side of a policy, on a live network or on files in nucypher-core 0.16's forms.
struct AliceGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alice",
        abstract: "Alice: policy keys, grants and revocations, on a live network or on files.",
        discussion: """
            Alice runs keygen once, hands out policy-key for a label so Enrico can encrypt, and \
            runs grant to give Bob an m-of-n policy over the label: on a live network it places \
            each kFrag with its Ursula and publishes the treasure map in the DHT; on files it \
            writes the encrypted treasure map for Bob and each Ursula's encrypted kFrag. Either \
            way it keeps the signed revocation order for each Ursula, which revoke sends.
            """,
        subcommands: [
            Keygen.self,
            PolicyKey.self,
            Grant.self,
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
