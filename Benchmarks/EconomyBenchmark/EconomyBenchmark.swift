import ArgumentParser
import KMSContracts

/// `economy-benchmark`: the cost of simulating the contracts at scale.
@main
struct EconomyBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "economy-benchmark",
        abstract: "Time a year of daily periods of the simulated contracts: per period and per transaction.",
        discussion: """
            Defaults to the issue's scale: 365 periods, 10,000 stakers and about 100,000 policies \
            (274 a period, 30 paid periods each, 3 Ursulas per policy, 1,000 clients). Prints each \
            period's summary with its time and time per transaction, then the totals and the median \
            per period. Run it in a release build: swift run -c release economy-benchmark.
            """
    )

    @Option(help: "Periods to run.") var periods = 365
    @Option(help: "Stakers.") var stakers = 10_000
    @Option(help: "Clients.") var clients = 1_000
    @Option(help: "New policies per period.") var policiesPerPeriod = 274
    @Option(help: "The seed.") var seed: UInt64 = 1

    func validate() throws {
        guard periods >= 1, stakers >= 3, clients >= 1, policiesPerPeriod >= 0 else {
            throw ValidationError("need --periods >= 1, --stakers >= 3, --clients >= 1")
        }
    }

    func run() throws {
        var parameters = ChainParameters.test2018
        parameters.totalSupply = 1_000_000_000_000
        let clock = ContinuousClock()
        let setupStart = clock.now
        var simulation = try EconomySimulation(configuration: .init(
            parameters: parameters, stakers: stakers, clients: clients, clientFunds: 100_000_000,
            policiesPerPeriod: policiesPerPeriod, policyPeriods: 30, misbehavingStakers: 1, seed: seed))
        print("setup (deploy, fund, \(stakers) deposits): \(Self.seconds(clock.now - setupStart)) s")
        var perPeriod: [Double] = []
        for _ in 0..<periods {
            let start = clock.now
            let summary = try simulation.runPeriod()
            let elapsed = Self.seconds(clock.now - start)
            perPeriod.append(elapsed)
            let perTransaction = summary.transactions > 0 ? elapsed / Double(summary.transactions) * 1e6 : 0
            print("\(summary) | \(Self.format(elapsed)) s, \(Self.format(perTransaction)) µs per transaction")
        }
        let sorted = perPeriod.sorted()
        let total = perPeriod.reduce(0, +)
        let transactions = simulation.totals.transactions
        print(simulation.totals)
        print("time: \(Self.format(total)) s in all; median \(Self.format(sorted[sorted.count / 2])) s per period; "
              + "\(Self.format(transactions > 0 ? total / Double(transactions) * 1e6 : 0)) µs per transaction")
    }

    static func seconds(_ duration: Duration) -> Double {
        let (whole, attoseconds) = duration.components
        return Double(whole) + Double(attoseconds) / 1e18
    }

    static func format(_ value: Double) -> String {
        let hundredths = (value * 100).rounded() / 100
        return "\(hundredths)"
    }
}
