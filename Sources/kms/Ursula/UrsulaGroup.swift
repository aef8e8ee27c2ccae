import ArgumentParser

/// `kms ursula`: a proxy working on files, standing in for the network until there is one.
struct UrsulaGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ursula",
        abstract: "Ursula: re-encrypt Bob's requests with the kFrag Alice sealed to her, on files.",
        discussion: """
            Ursula runs keygen and gives Alice her address and encrypting.pk, and Bob her address \
            and verifying.pk. For each ReencryptionRequest Bob brings she runs reencrypt. The file \
            Ursula has no ledger: she checks that the kFrag was sealed to her and signed by the \
            request's publisher for its policy, not whether the policy is paid for, expired or \
            revoked.
            """,
        subcommands: [
            Keygen.self,
            Reencrypt.self,
        ]
    )
}
