import ArgumentParser
import KMSContracts

extension EconomyGroup {
    /// `kms economy simulate`: a seeded many-period run of the simulated contracts.
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "simulate",
            abstract: "Run the contracts for many periods and print a summary per period and the totals.",
            discussion: """
                Stakers lock tokens in the miner escrow and confirm activity (or miss periods with \
                --downtime); clients pay for policies whose Ursulas are sampled by stake; some \
                policies are revoked and refunded; --misbehaving stakers each return one bad cFrag, \
                which the adjudicator slashes on real Umbral evidence. Runs on the 2018 test \
                coefficients (1-hour periods, k1 = 4, k2 = 8·10⁷, 4 awarded periods). The same \
                --seed gives the same run.
                """
        )

        @Option(help: "Periods to run.") var periods = 24
        @Option(help: "Stakers.") var stakers = 20
        @Option(help: "Clients paying for policies.") var clients = 10
        @Option(help: "New policies per period.") var policiesPerPeriod = 2
        @Option(help: "Ursulas per policy.") var nodesPerPolicy = 3
        @Option(help: "Paid periods per policy.") var policyPeriods: UInt64 = 10
        @Option(help: "Chance that a staker misses a period.") var downtime = 0.1
        @Option(help: "Chance per period that a running policy is revoked.") var revocation = 0.05
        @Option(help: "Stakers that cheat once.") var misbehaving = 1
        @Option(help: "The seed.") var seed: UInt64 = 1

        func validate() throws {
            guard periods >= 1, stakers >= 1, clients >= 1, policiesPerPeriod >= 0, policyPeriods >= 1 else {
                throw ValidationError("--periods, --stakers, --clients and --policy-periods must be at least 1")
            }
            guard (1...stakers).contains(nodesPerPolicy) else { throw ValidationError("--nodes-per-policy must be in 1...--stakers") }
            guard (0...1).contains(downtime), (0...1).contains(revocation) else {
                throw ValidationError("--downtime and --revocation are probabilities in 0...1")
            }
            guard (0...stakers).contains(misbehaving) else { throw ValidationError("--misbehaving must be in 0...--stakers") }
        }

        func run() throws {
            let configuration = EconomySimulation.Configuration(
                stakers: stakers, clients: clients, policiesPerPeriod: policiesPerPeriod, nodesPerPolicy: nodesPerPolicy,
                policyPeriods: policyPeriods, downtimeProbability: downtime, revocationProbability: revocation,
                misbehavingStakers: misbehaving, seed: seed)
            do {
                var simulation = try EconomySimulation(configuration: configuration)
                for _ in 0..<periods {
                    print(try simulation.runPeriod())
                }
                print(simulation.totals)
            } catch {
                throw CommandError.invalidInput("the simulation reverted: \(error)")
            }
        }
    }
}
