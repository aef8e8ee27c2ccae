public import KMSPolicy

/// The ERC-20 token, `NuCypherToken` of June 2018: balances, allowances and a fixed supply
/// minted to the deployer; holders may burn.
///
/// Read it through ``Chain/token``; change it only with the chain's transactions
/// (``Chain/transfer(from:to:amount:)`` and the rest), which revert as a whole.
public struct Token: Hashable, Sendable, Codable {
    /// "NuCypher".
    public let name: String
    /// "NU".
    public let symbol: String
    /// 18: one NU is 10¹⁸ units.
    public let decimals: UInt8
    /// The tokens in existence: the minted supply less what was burned.
    public internal(set) var totalSupply: TokenAmount
    private var balances: ShardedMap<Address, TokenAmount>
    private var allowances: ShardedMap<Address, [Address: TokenAmount]>

    /// The token with `supply` units minted to `deployer`.
    init(supply: TokenAmount, deployer: Address) {
        name = "NuCypher"
        symbol = "NU"
        decimals = 18
        totalSupply = supply
        balances = ShardedMap()
        if !supply.isZero { balances[deployer] = supply }
        allowances = ShardedMap()
    }

    /// The balance of `account`, zero for an account never seen.
    ///
    /// - Parameter account: Any address.
    /// - Returns: Its balance in units.
    public func balance(of account: Address) -> TokenAmount {
        balances[account] ?? .zero
    }

    /// How much `spender` may still move from `owner`'s balance.
    ///
    /// - Parameters:
    ///   - owner: The holder.
    ///   - spender: The approved spender.
    /// - Returns: The remaining allowance.
    public func allowance(owner: Address, spender: Address) -> TokenAmount {
        allowances[owner]?[spender] ?? .zero
    }

    /// Every account with a non-zero balance, for audits such as "the balances add up to the
    /// supply". A copy: O(number of holders).
    public var holders: [Address: TokenAmount] { balances.dictionary }

    mutating func transfer(from: Address, to: Address, amount: TokenAmount) throws(KMSContractsError) {
        guard to != .zero else { throw .transferToZeroAddress }
        let fromBalance = balance(of: from)
        guard amount <= fromBalance else {
            throw .insufficientBalance(account: from, balance: fromBalance, needed: amount)
        }
        if amount.isZero || from == to { return }
        setBalance(try fromBalance.subtracting(amount), of: from)
        setBalance(try balance(of: to).adding(amount), of: to)
    }

    mutating func approve(owner: Address, spender: Address, amount: TokenAmount) {
        allowances[owner, default: [:]][spender] = amount.isZero ? nil : amount
    }

    /// Moves `amount` from `owner` to `to` on behalf of `spender`, using up its allowance.
    mutating func transfer(
        by spender: Address, from owner: Address, to: Address, amount: TokenAmount
    ) throws(KMSContractsError) {
        let allowed = allowance(owner: owner, spender: spender)
        guard amount <= allowed else {
            throw .insufficientAllowance(owner: owner, spender: spender, allowance: allowed, needed: amount)
        }
        try transfer(from: owner, to: to, amount: amount)
        approve(owner: owner, spender: spender, amount: try allowed.subtracting(amount))
    }

    mutating func burn(from holder: Address, amount: TokenAmount) throws(KMSContractsError) {
        let held = balance(of: holder)
        guard amount <= held else { throw .insufficientBalance(account: holder, balance: held, needed: amount) }
        setBalance(try held.subtracting(amount), of: holder)
        totalSupply = try totalSupply.subtracting(amount)
    }

    private mutating func setBalance(_ amount: TokenAmount, of account: Address) {
        balances[account] = amount.isZero ? nil : amount
    }
}
