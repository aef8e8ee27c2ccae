import ArgumentParser

/// `kms bob`: the recipient's side of a policy, on files in nucypher-core 0.16's forms.
struct BobGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bob",
        abstract: "Bob: open a treasure map, ask Ursulas to re-encrypt, and decrypt.",
        discussion: """
            Bob runs keygen and gives Alice his encrypting.pk and verifying.pk. With the \
            treasure-map.etmap of her grant he runs treasure-map to check and open it, request \
            to make a ReencryptionRequest for each Ursula he asks, and decrypt with at least the \
            threshold of their ReencryptionResponses; every response is checked and a bad one is \
            named by its Ursula's address.
            """,
        subcommands: [
            Keygen.self,
            TreasureMapCommand.self,
            Request.self,
            Decrypt.self,
            Retrieve.self,
        ]
    )
}
