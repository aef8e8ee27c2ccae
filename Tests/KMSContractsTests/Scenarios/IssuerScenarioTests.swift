import KMSContracts
import Testing

@Suite("Scenarios 30 and 31: the Issuer's formula")
struct IssuerScenarioTests {
    @Test("Scenario 30: rewards to the unit with a 2·10⁴⁰ supply (10, 30, 70, 110)")
    func rewardsMatchTheFormulaToTheUnit() throws {
        var issuer = Issuer(
            miningCoefficient: 10_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000,
            lockedPeriodsCoefficient: 10_000_000, rewardedPeriods: 10_000_000,
            supplyCap: 20_000_000_000_000_000_000_000_000_000_000_000_000_000, period: 0)
        // The reserve is 2·10⁴⁰ − 10³⁰, so 10³⁰ circulates.
        try issuer.initialize(circulatingSupply: 1_000_000_000_000_000_000_000_000_000_000)
        #expect(throws: KMSContractsError.escrowAlreadyInitialized) { try issuer.initialize(circulatingSupply: 1) }

        var balance = TokenAmount.zero
        balance = try balance.adding(issuer.mint(period: 0, lockedValue: 1_000, totalLocked: 2_000, lockedPeriods: 0))
        #expect(balance == 10)
        balance = try balance.adding(issuer.mint(period: 0, lockedValue: 500, totalLocked: 500, lockedPeriods: 0))
        #expect(balance == 30)
        balance = try balance.adding(issuer.mint(period: 0, lockedValue: 500, totalLocked: 500, lockedPeriods: 10_000_000))
        #expect(balance == 70)
        // 2·10⁷ periods are capped at the 10⁷ rewarded periods.
        balance = try balance.adding(issuer.mint(period: 0, lockedValue: 500, totalLocked: 500, lockedPeriods: 20_000_000))
        #expect(balance == 110)
        // What was paid out is what the issuer counts as newly circulating.
        let expected: TokenAmount = 1_000_000_000_000_000_000_000_000_000_110
        #expect(issuer.currentSupply == expected)
    }

    // Scenario 31 gives no numbers; these are chosen so one period's issuance (5·10²⁰ per mint,
    // two mints) moves the next snapshot by more than k2 and the decay shows in whole units.
    @Test("Scenario 31: mints sharing a snapshot period pay alike; a later period pays less")
    func issuanceDecaysPerPeriod() throws {
        var issuer = Issuer(
            miningCoefficient: 20_000_000_000_000_000_000, lockedPeriodsCoefficient: 1, rewardedPeriods: 1,
            supplyCap: 20_000_000_000_000_000_000_000_000_000_000_000_000_000, period: 10)
        try issuer.initialize(circulatingSupply: 10_000_000_000_000_000_000_000_000_000_000_000_000_000)
        let x1 = try issuer.mint(period: 11, lockedValue: 1, totalLocked: 1, lockedPeriods: 0)
        let x2 = try issuer.mint(period: 11, lockedValue: 1, totalLocked: 1, lockedPeriods: 0)
        #expect(x1 == x2)
        // ⌊2·10⁴⁰/2·10¹⁹⌋ − ⌊10⁴⁰/2·10¹⁹⌋ = 10²¹ − 5·10²⁰.
        #expect(x1 == 500_000_000_000_000_000_000)
        let y1 = try issuer.mint(period: 12, lockedValue: 1, totalLocked: 1, lockedPeriods: 0)
        #expect(y1 < x1)
        // The snapshot is now 10⁴⁰ + 10²¹: 10²¹ − ⌊(10⁴⁰ + 10²¹)/2·10¹⁹⌋ = 5·10²⁰ − 50.
        #expect(y1 == 499_999_999_999_999_999_950)
        let y2 = try issuer.mint(period: 11, lockedValue: 1, totalLocked: 1, lockedPeriods: 0)
        #expect(y2 == y1)
        let z = try issuer.mint(period: 13, lockedValue: 1, totalLocked: 1, lockedPeriods: 0)
        #expect(z < y1)
    }

    @Test("June 2018 rules: a computed zero pays 1, and nothing is paid once the cap is reached")
    func roundingAndTheCap() throws {
        var issuer = Issuer(miningCoefficient: 80_000_000, lockedPeriodsCoefficient: 4, rewardedPeriods: 4, supplyCap: 2_000_000_000, period: 0)
        try issuer.initialize(circulatingSupply: 1_000_000_000)
        // 1 of 10⁹ locked: both floors are 0 or equal, so the formula gives 0.
        #expect(try issuer.mint(period: 1, lockedValue: 1, totalLocked: 1_000_000_000, lockedPeriods: 0) == 1)
        var capped = Issuer(miningCoefficient: 1, lockedPeriodsCoefficient: 1, rewardedPeriods: 1, supplyCap: 1_000, period: 0)
        try capped.initialize(circulatingSupply: 1_000)
        #expect(try capped.mint(period: 1, lockedValue: 10, totalLocked: 10, lockedPeriods: 1) == 0)
    }
}
