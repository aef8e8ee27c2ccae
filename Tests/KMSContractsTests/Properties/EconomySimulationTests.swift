import KMSContracts
import Testing

@Suite("The economy simulation")
struct EconomySimulationTests {
    @Test("Thirty periods with downtime, revocations and two cheaters keep every invariant and repeat for the same seed")
    func simulationRunsAndRepeats() throws {
        let configuration = EconomySimulation.Configuration(
            stakers: 25, clients: 8, policiesPerPeriod: 3, downtimeProbability: 0.2, revocationProbability: 0.1,
            misbehavingStakers: 2, seed: 2018)
        var first = try EconomySimulation(configuration: configuration)
        let initialSupply = first.chain.token.totalSupply
        var summaries: [EconomySimulation.PeriodSummary] = []
        for _ in 0..<30 {
            summaries.append(try first.runPeriod())
            try InvariantPropertyTests.checkInvariants(first.chain, initialSupply: initialSupply)
        }
        let totals = first.totals
        #expect(totals.periods == 30)
        #expect(totals.policies == summaries.reduce(0) { $0 + $1.newPolicies })
        #expect(totals.policies > 50)
        #expect(totals.revocations > 0)
        // Each cheater is slashed the penalty once, in the first two periods.
        #expect(totals.slashed == 200)
        #expect(summaries[0].slashed == 100 && summaries[1].slashed == 100)
        #expect(!totals.minted.isZero && !totals.feesEarned.isZero && !totals.refunded.isZero)
        // Some stakers were down each period, so fewer than all confirmed.
        #expect(summaries.allSatisfy { $0.activeStakers < 25 && $0.activeStakers > 10 })

        var second = try EconomySimulation(configuration: configuration)
        for _ in 0..<30 { _ = try second.runPeriod() }
        #expect(second.totals == totals)
        #expect(second.chain.escrow.issuer == first.chain.escrow.issuer)
        #expect(second.chain.token.holders == first.chain.token.holders)
    }
}
