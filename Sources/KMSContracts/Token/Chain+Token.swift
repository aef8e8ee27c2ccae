public import KMSPolicy

extension Chain {
    /// `sender` sends `amount` tokens to `recipient` (ERC-20 `transfer`).
    ///
    /// Sending to a contract's address, the token's own included, is allowed, as in the original.
    ///
    /// - Parameters:
    ///   - sender: The holder.
    ///   - recipient: Any non-zero address.
    ///   - amount: Units to send; zero is allowed, as ERC-20 allows it.
    /// - Throws: ``KMSContractsError/transferToZeroAddress`` or
    ///   ``KMSContractsError/insufficientBalance(account:balance:needed:)``.
    public mutating func transfer(from sender: Address, to recipient: Address, amount: TokenAmount)
        throws(KMSContractsError)
    {
        try transact { chain throws(KMSContractsError) in
            try chain.moveTokens(from: sender, to: recipient, amount: amount)
        }
    }

    /// `owner` lets `spender` move up to `amount` of its tokens, replacing any earlier allowance
    /// (ERC-20 `approve`).
    ///
    /// - Parameters:
    ///   - owner: The holder.
    ///   - spender: Who may spend.
    ///   - amount: The new allowance.
    public mutating func approve(from owner: Address, spender: Address, amount: TokenAmount) {
        token.approve(owner: owner, spender: spender, amount: amount)
        emit(.approval(owner: owner, spender: spender, value: amount))
    }

    /// `spender` moves `amount` of `owner`'s tokens to `recipient` within its allowance (ERC-20
    /// `transferFrom`).
    ///
    /// - Parameters:
    ///   - spender: The approved spender, who sends the transaction.
    ///   - owner: The holder.
    ///   - recipient: Any non-zero address.
    ///   - amount: Units to move.
    /// - Throws: ``KMSContractsError/insufficientAllowance(owner:spender:allowance:needed:)``,
    ///   ``KMSContractsError/insufficientBalance(account:balance:needed:)`` or
    ///   ``KMSContractsError/transferToZeroAddress``.
    public mutating func transferFrom(
        sender spender: Address, owner: Address, to recipient: Address, amount: TokenAmount
    ) throws(KMSContractsError) {
        try transact { chain throws(KMSContractsError) in
            try chain.pullTokens(by: spender, from: owner, to: recipient, amount: amount)
        }
    }

    /// `holder` destroys `amount` of its tokens, lowering the total supply.
    ///
    /// - Parameters:
    ///   - holder: The holder.
    ///   - amount: Units to burn.
    /// - Throws: ``KMSContractsError/insufficientBalance(account:balance:needed:)``.
    public mutating func burn(from holder: Address, amount: TokenAmount) throws(KMSContractsError) {
        try transact { chain throws(KMSContractsError) in
            try chain.token.burn(from: holder, amount: amount)
            chain.emit(.burn(holder: holder, value: amount))
        }
    }

    /// `owner` approves the escrow for `value` and deposits it for `periods` in one transaction
    /// (`approveAndCall` reaching the escrow's `receiveApproval`, with the periods as extra data).
    ///
    /// - Parameters:
    ///   - owner: The miner.
    ///   - value: Units to deposit.
    ///   - periods: The lock duration.
    /// - Throws: What ``deposit(from:value:periods:)`` throws.
    public mutating func approveAndDeposit(from owner: Address, value: TokenAmount, periods: UInt64)
        throws(KMSContractsError)
    {
        try transact { chain throws(KMSContractsError) in
            chain.approve(from: owner, spender: chain.escrowAddress, amount: value)
            try chain.depositInEscrow(miner: owner, payer: owner, value: value, periods: periods)
        }
    }

    // MARK: Internal moves

    mutating func moveTokens(from sender: Address, to recipient: Address, amount: TokenAmount) throws(KMSContractsError) {
        try token.transfer(from: sender, to: recipient, amount: amount)
        emit(.transfer(from: sender, to: recipient, value: amount))
    }

    mutating func pullTokens(by spender: Address, from owner: Address, to recipient: Address, amount: TokenAmount)
        throws(KMSContractsError)
    {
        try token.transfer(by: spender, from: owner, to: recipient, amount: amount)
        emit(.transfer(from: owner, to: recipient, value: amount))
    }
}
