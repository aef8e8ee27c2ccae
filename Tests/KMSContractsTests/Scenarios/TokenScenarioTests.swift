import KMSContracts
import KMSPolicy
import Testing

@Suite("Scenario 23: the token")
struct TokenScenarioTests {
    // Scenario 23 is February's NuCypherKMSToken ("NuCypher KMS", "KMS"); the June token is
    // "NuCypher", "NU". Adapted: the metadata is June's, the numbers are February's. "Sending ETH
    // to the token reverts" has no counterpart: the simulated ledger holds no ETH.
    @Test("The deployer gets the whole supply; transfers, transfers to the token itself and burns add up")
    func transfersAndBurnsKeepTheSupplyAccounted() throws {
        var parameters = ChainParameters.test2018
        parameters.totalSupply = 1_000_000_000
        var chain = try Chain(parameters: parameters, deployer: Accounts.owner)
        #expect(chain.token.name == "NuCypher")
        #expect(chain.token.symbol == "NU")
        #expect(chain.token.decimals == 18)
        #expect(chain.token.balance(of: Accounts.owner) == 1_000_000_000)
        #expect(chain.events.first?.event == .transfer(from: .zero, to: Accounts.owner, value: 1_000_000_000))

        let a = Accounts.alice
        let b = Accounts.bob
        try chain.transfer(from: Accounts.owner, to: a, amount: 10_000)
        try chain.transfer(from: a, to: b, amount: 10)
        try chain.transfer(from: a, to: chain.tokenAddress, amount: 10)
        #expect(chain.token.balance(of: a) == 9_980)
        #expect(chain.token.balance(of: b) == 10)
        #expect(chain.token.balance(of: chain.tokenAddress) == 10)

        try chain.burn(from: b, amount: 1)
        #expect(chain.token.balance(of: b) == 9)
        #expect(chain.token.totalSupply == 999_999_999)
        #expect(chain.events.last?.event == .burn(holder: b, value: 1))
    }

    @Test("transferFrom spends the allowance and refuses to go beyond it")
    func transferFromSpendsTheAllowance() throws {
        var chain = Fixture.chain()
        chain.approve(from: Accounts.alice, spender: Accounts.bob, amount: 300)
        try chain.transferFrom(sender: Accounts.bob, owner: Accounts.alice, to: Accounts.bob, amount: 200)
        #expect(chain.token.allowance(owner: Accounts.alice, spender: Accounts.bob) == 100)
        #expect(chain.token.balance(of: Accounts.bob) == 200)
        expectRevert(
            &chain,
            .insufficientAllowance(owner: Accounts.alice, spender: Accounts.bob, allowance: 100, needed: 101)
        ) { chain throws(KMSContractsError) in
            try chain.transferFrom(sender: Accounts.bob, owner: Accounts.alice, to: Accounts.bob, amount: 101)
        }
        expectRevert(&chain, .insufficientBalance(account: Accounts.bob, balance: 200, needed: 201)) {
            chain throws(KMSContractsError) in try chain.transfer(from: Accounts.bob, to: Accounts.alice, amount: 201)
        }
        expectRevert(&chain, .transferToZeroAddress) { chain throws(KMSContractsError) in
            try chain.transfer(from: Accounts.bob, to: .zero, amount: 1)
        }
    }
}
