import Testing

/// `kms economy simulate`: the contracts' simulation from the command line.
@Suite("kms economy simulate")
struct EconomyCommandTests {
    @Test("prints one line per period and the totals, the same for the same seed")
    func repeatableSummary() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let arguments = ["economy", "simulate", "--periods", "4", "--stakers", "8", "--seed", "7"]
        let first = try workspace.run(arguments)
        first.expectSuccess()
        let lines = first.stdout.split(separator: "\n")
        #expect(lines.count == 5, "\(first)")
        #expect(lines.prefix(4).allSatisfy { $0.hasPrefix("period ") }, "\(first)")
        #expect(lines.last?.hasPrefix("4 periods: ") == true, "\(first)")
        #expect(try workspace.run(arguments).stdout == first.stdout)
        #expect(try workspace.run(["economy", "simulate", "--periods", "4", "--stakers", "8", "--seed", "8"]).stdout != first.stdout)
    }

    @Test("impossible settings are refused with 64")
    func badSettings() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.run("economy", "simulate", "--stakers", "2", "--nodes-per-policy", "3")
            .expectFailure([64], mentioning: ["--nodes-per-policy"])
        try workspace.run("economy", "simulate", "--downtime", "1.5").expectFailure([64], mentioning: ["--downtime"])
    }
}
