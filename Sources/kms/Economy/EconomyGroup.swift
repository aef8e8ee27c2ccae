import ArgumentParser

/// `kms economy`: the simulated NuCypher token economy (KMSContracts).
struct EconomyGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "economy",
        abstract: "The simulated token economy: stakers, policies, fees, rewards and slashing.",
        subcommands: [Simulate.self]
    )
}
