import ArgumentParser

/// `kms umbral`: the Umbral primitives on files, for scripting and for interop with umbral-pre.
struct UmbralGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "umbral",
        abstract: "Umbral proxy re-encryption on files in umbral-pre's formats.",
        discussion: """
            Alice encrypts for her public key and can decrypt-original. To share with Bob she \
            runs generate-kfrags for his public key and gives one kFrag to each Ursula; each \
            Ursula runs reencrypt (which checks her kFrag first) to make a cFrag; Bob runs \
            decrypt-reencrypted with at least the threshold of cFrags.
            """,
        subcommands: [
            Keygen.self,
            DerivePublicKey.self,
            Encrypt.self,
            DecryptOriginal.self,
            GenerateKeyFrags.self,
            VerifyKeyFrag.self,
            Reencrypt.self,
            VerifyCapsuleFrag.self,
            DecryptReencrypted.self,
        ]
    )
}
