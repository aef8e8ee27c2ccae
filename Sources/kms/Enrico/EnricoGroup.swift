import ArgumentParser

/// `kms enrico`: the data source, encrypting for a policy without any of Alice's secrets.
struct EnricoGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrico",
        abstract: "Enrico: encrypt data for a policy key, as a nucypher-core 0.16 MessageKit.",
        discussion: "Enrico needs only the policy encrypting key from alice policy-key.",
        subcommands: [Encrypt.self]
    )
}
