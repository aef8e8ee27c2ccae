import ArgumentParser

/// `kms ursula`: a proxy working on files, standing in for the network until there is one.
struct UrsulaGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ursula",
        abstract: "Ursula: re-encrypt Bob's requests with the kFrag Alice sealed to her, on files or as a network node.",
        discussion: """
            Ursula runs keygen and gives Alice her address and encrypting.pk, and Bob her address \
            and verifying.pk. For each ReencryptionRequest Bob brings she runs reencrypt; for \
            each RevocationOrder Alice sends her, revoke. The file Ursula has no ledger: she \
            checks that the kFrag was sealed to her, signed by the request's publisher for its \
            policy and not revoked at her, not whether the policy is paid for or expired, and \
            she does not evaluate the request's conditions. run starts her as a network node \
            (DHT, REST API, SQLite store) instead.
            """,
        subcommands: [
            Keygen.self,
            Reencrypt.self,
            Revoke.self,
            Run.self,
        ]
    )
}
