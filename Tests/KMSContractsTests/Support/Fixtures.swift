import KMSContracts
import KMSPolicy
import Testing

/// Named accounts for the scenarios; each address is derived from its name.
enum Accounts {
    static let owner = Address.derived(from: "owner")
    static let ursula = Address.derived(from: "ursula")
    static let ursula2 = Address.derived(from: "ursula2")
    static let alice = Address.derived(from: "alice")
    static let bob = Address.derived(from: "bob")
    static let node1 = Address.derived(from: "node1")
    static let node2 = Address.derived(from: "node2")
    static let node3 = Address.derived(from: "node3")

    static func named(_ name: String) -> Address { .derived(from: name) }
}

enum Fixture {
    /// The start of the scenarios: period 100 of 1-hour periods, so "the previous period"
    /// always exists.
    static let startTime: UInt64 = 100 * 3_600

    /// The scenario chain of §5: the 2018 test coefficients, a supply of 2·10⁹ with a 10⁹
    /// reserve in the initialized escrow, and 10 000 tokens for each named account.
    static func chain(
        parameters: ChainParameters = .test2018, funded: [Address] = [Accounts.ursula, Accounts.ursula2, Accounts.alice]
    ) -> Chain {
        do {
            var chain = try Chain.deployed(
                parameters: parameters, deployer: Accounts.owner, reserve: 1_000_000_000, startTime: startTime)
            for account in funded {
                try chain.transfer(from: Accounts.owner, to: account, amount: 10_000)
            }
            return chain
        } catch {
            preconditionFailure("fixture: \(error)")
        }
    }

    /// `miner` approves the escrow and deposits.
    static func deposit(
        _ chain: inout Chain, _ miner: Address, _ value: TokenAmount, periods: UInt64,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        chain.approve(from: miner, spender: chain.escrowAddress, amount: value)
        #expect(throws: Never.self, sourceLocation: sourceLocation) { try chain.deposit(from: miner, value: value, periods: periods) }
    }
}

/// Expects `body` to revert with exactly `expected` and to leave the chain exactly as it was.
func expectRevert(
    _ chain: inout Chain, _ expected: KMSContractsError, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: (inout Chain) throws(KMSContractsError) -> Void
) {
    let before = chain
    #expect(throws: expected, sourceLocation: sourceLocation) { try body(&chain) }
    let unchanged = chain == before
    #expect(unchanged, "a reverted transaction changed the chain", sourceLocation: sourceLocation)
}

/// Runs a transaction that must succeed, recording its error as a test failure otherwise.
@discardableResult
func expectSuccess<Result>(
    _ chain: inout Chain, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: (inout Chain) throws(KMSContractsError) -> Result
) -> Result? {
    do {
        return try body(&chain)
    } catch {
        Issue.record("transaction reverted: \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
