import KMSContracts

/// `economy-story`: a small token economy told period by period: Ursulas stake and confirm, Alice
/// pays for policies, fees and rewards flow, a policy is revoked and refunded, and a cheating
/// Ursula is slashed on real Umbral evidence.
@main
struct EconomyStory {
    static func main() throws {
        print("Twelve hours of a small NuCypher economy on the 2018 test coefficients:")
        print("20 Ursulas stake; 10 Alices buy 2 policies an hour over 3 Ursulas each;")
        print("Ursulas miss an hour 10% of the time; one Ursula cheats once and is slashed.\n")
        var simulation = try EconomySimulation(configuration: .init(seed: 2018))
        for _ in 0..<12 {
            print(try simulation.runPeriod())
        }
        print("")
        print(simulation.totals)
    }
}
