public import KMSPolicy

extension Chain {
    /// `creator` deploys a vesting escrow for `owner`.
    ///
    /// - Parameters:
    ///   - creator: Who deploys it.
    ///   - owner: The user the tokens vest to.
    /// - Returns: The new escrow's address.
    public mutating func deployUserEscrow(from creator: Address, owner: Address) -> Address {
        let address = nextDeploymentAddress("user-escrow:\(creator)")
        userEscrows[address] = UserEscrow(address: address, owner: owner)
        emit(.userEscrowDeployed(escrow: address, owner: owner))
        return address
    }

    /// `sender` funds the vesting escrow with `value` tokens (approved to it beforehand), locked
    /// for `duration` seconds (`initialDeposit`). Allowed once.
    ///
    /// - Parameters:
    ///   - sender: Anyone.
    ///   - escrow: The vesting escrow.
    ///   - value: Units, non-zero.
    ///   - duration: Seconds until the cliff.
    /// - Throws: ``KMSContractsError/unknownUserEscrow(_:)``, ``KMSContractsError/zeroAmount(operation:)``,
    ///   ``KMSContractsError/userEscrowAlreadyFunded(_:)`` or the token's errors.
    public mutating func userEscrowInitialDeposit(
        from sender: Address, escrow: Address, value: TokenAmount, duration: UInt64
    ) throws(KMSContractsError) {
        try transact { chain throws(KMSContractsError) in
            guard var vesting = chain.userEscrows[escrow] else { throw .unknownUserEscrow(escrow) }
            guard !value.isZero else { throw .zeroAmount(operation: "initialDeposit") }
            guard vesting.lockedValue.isZero else { throw .userEscrowAlreadyFunded(escrow) }
            vesting.lockedValue = value
            vesting.lockDuration = duration
            vesting.endLockTime = chain.time + duration
            chain.userEscrows[escrow] = vesting
            try chain.pullTokens(by: escrow, from: sender, to: escrow, amount: value)
            chain.emit(.vestingDeposited(escrow: escrow, sender: sender, value: value, duration: duration))
        }
    }

    /// The tokens of `escrow` the user may not withdraw yet.
    ///
    /// - Parameter escrow: The vesting escrow.
    /// - Returns: Its locked amount now; zero for an unknown address.
    public func userEscrowLockedTokens(_ escrow: Address) -> TokenAmount {
        userEscrows[escrow]?.lockedTokens(at: time) ?? .zero
    }

    /// The owner withdraws `value` from the vesting escrow: at most its token balance less what
    /// is still locked.
    ///
    /// - Parameters:
    ///   - owner: The escrow's owner.
    ///   - escrow: The vesting escrow.
    ///   - value: Units, non-zero.
    /// - Throws: ``KMSContractsError/unknownUserEscrow(_:)``,
    ///   ``KMSContractsError/wrongSender(caller:expected:operation:)``,
    ///   ``KMSContractsError/zeroAmount(operation:)`` or
    ///   ``KMSContractsError/vestingLocked(escrow:requested:available:)``.
    public mutating func userEscrowWithdraw(from owner: Address, escrow: Address, value: TokenAmount)
        throws(KMSContractsError)
    {
        try transact { chain throws(KMSContractsError) in
            let vesting = try chain.userEscrow(escrow, owner: owner, operation: "withdraw")
            guard !value.isZero else { throw .zeroAmount(operation: "withdraw") }
            let available = chain.token.balance(of: escrow).saturatingSubtracting(vesting.lockedTokens(at: chain.time))
            guard value <= available else { throw .vestingLocked(escrow: escrow, requested: value, available: available) }
            try chain.moveTokens(from: escrow, to: owner, amount: value)
            chain.emit(.vestingWithdrawn(escrow: escrow, owner: owner, value: value))
        }
    }

    /// The owner stakes `value` of the vesting escrow's tokens: the escrow approves the miners'
    /// escrow and deposits as a miner (`minerDeposit`).
    ///
    /// - Parameters:
    ///   - owner: The escrow's owner.
    ///   - escrow: The vesting escrow, which becomes the miner.
    ///   - value: Units, at most its balance.
    ///   - periods: The lock.
    /// - Throws: The ownership errors, ``KMSContractsError/insufficientBalance(account:balance:needed:)``
    ///   or what ``deposit(from:value:periods:)`` throws.
    public mutating func userEscrowMinerDeposit(
        from owner: Address, escrow: Address, value: TokenAmount, periods: UInt64
    ) throws(KMSContractsError) {
        try transact { chain throws(KMSContractsError) in
            _ = try chain.userEscrow(escrow, owner: owner, operation: "minerDeposit")
            let balance = chain.token.balance(of: escrow)
            guard value <= balance else { throw .insufficientBalance(account: escrow, balance: balance, needed: value) }
            chain.approve(from: escrow, spender: chain.escrowAddress, amount: value)
            try chain.depositInEscrow(miner: escrow, payer: escrow, value: value, periods: periods)
        }
    }

    /// The owner locks more of the vesting escrow's staked tokens (`lock` by proxy).
    ///
    /// - Parameters:
    ///   - owner: The escrow's owner.
    ///   - escrow: The vesting escrow.
    ///   - value: Units.
    ///   - periods: The lock.
    /// - Throws: The ownership errors or what ``lock(from:value:periods:)`` throws.
    public mutating func userEscrowLock(from owner: Address, escrow: Address, value: TokenAmount, periods: UInt64)
        throws(KMSContractsError)
    {
        try transact { chain throws(KMSContractsError) in
            _ = try chain.userEscrow(escrow, owner: owner, operation: "lock")
            try chain.lock(from: escrow, value: value, periods: periods)
        }
    }

    /// The owner splits a sub-stake of the vesting escrow (`divideStake` by proxy).
    ///
    /// - Parameters:
    ///   - owner: The escrow's owner.
    ///   - escrow: The vesting escrow.
    ///   - index: The stake.
    ///   - newValue: The longer part.
    ///   - extraPeriods: How much longer.
    /// - Throws: The ownership errors or what ``divideStake(from:index:newValue:extraPeriods:)`` throws.
    public mutating func userEscrowDivideStake(
        from owner: Address, escrow: Address, index: Int, newValue: TokenAmount, extraPeriods: UInt64
    ) throws(KMSContractsError) {
        try transact { chain throws(KMSContractsError) in
            _ = try chain.userEscrow(escrow, owner: owner, operation: "divideStake")
            try chain.divideStake(from: escrow, index: index, newValue: newValue, extraPeriods: extraPeriods)
        }
    }

    /// The owner confirms activity for the vesting escrow's stake (`confirmActivity` by proxy).
    ///
    /// - Parameters:
    ///   - owner: The escrow's owner.
    ///   - escrow: The vesting escrow.
    /// - Throws: The ownership errors or what ``confirmActivity(from:)`` throws.
    public mutating func userEscrowConfirmActivity(from owner: Address, escrow: Address) throws(KMSContractsError) {
        try transact { chain throws(KMSContractsError) in
            _ = try chain.userEscrow(escrow, owner: owner, operation: "confirmActivity")
            try chain.confirmActivity(from: escrow)
        }
    }

    /// The owner mints the vesting escrow's rewards (`mint` by proxy).
    ///
    /// - Parameters:
    ///   - owner: The escrow's owner.
    ///   - escrow: The vesting escrow.
    /// - Throws: The ownership errors or what ``mint(from:)`` throws.
    public mutating func userEscrowMint(from owner: Address, escrow: Address) throws(KMSContractsError) {
        try transact { chain throws(KMSContractsError) in
            _ = try chain.userEscrow(escrow, owner: owner, operation: "mint")
            try chain.mint(from: escrow)
        }
    }

    /// The owner takes unlocked staked tokens back into the vesting escrow (`minerWithdraw`);
    /// they stay under the vesting lock there.
    ///
    /// - Parameters:
    ///   - owner: The escrow's owner.
    ///   - escrow: The vesting escrow.
    ///   - value: Units.
    /// - Throws: The ownership errors or what ``withdraw(from:value:)`` throws.
    public mutating func userEscrowMinerWithdraw(from owner: Address, escrow: Address, value: TokenAmount)
        throws(KMSContractsError)
    {
        try transact { chain throws(KMSContractsError) in
            _ = try chain.userEscrow(escrow, owner: owner, operation: "minerWithdraw")
            try chain.withdrawFromEscrow(miner: escrow, value: value)
        }
    }

    /// The owner pulls the policy fees the vesting escrow earned as a node into it
    /// (`policyRewardWithdraw`, in tokens).
    ///
    /// - Parameters:
    ///   - owner: The escrow's owner.
    ///   - escrow: The vesting escrow.
    /// - Returns: The fees moved.
    /// - Throws: The ownership errors or ``KMSContractsError/nothingToWithdraw(_:)``.
    @discardableResult
    public mutating func userEscrowPolicyRewardWithdraw(from owner: Address, escrow: Address)
        throws(KMSContractsError) -> TokenAmount
    {
        try transact { chain throws(KMSContractsError) in
            _ = try chain.userEscrow(escrow, owner: owner, operation: "policyRewardWithdraw")
            return try chain.withdrawFees(from: escrow)
        }
    }

    /// The owner sets the lowest fee rate the vesting escrow, as a node, accepts
    /// (`setMinRewardRate` by proxy).
    ///
    /// - Parameters:
    ///   - owner: The escrow's owner.
    ///   - escrow: The vesting escrow.
    ///   - rate: The minimum rate per period.
    /// - Throws: The ownership errors or what ``setMinRewardRate(from:rate:)`` throws.
    public mutating func userEscrowSetMinRewardRate(from owner: Address, escrow: Address, rate: TokenAmount)
        throws(KMSContractsError)
    {
        try transact { chain throws(KMSContractsError) in
            _ = try chain.userEscrow(escrow, owner: owner, operation: "setMinRewardRate")
            try chain.setMinRewardRate(from: escrow, rate: rate)
        }
    }

    func userEscrow(_ escrow: Address, owner: Address, operation: String) throws(KMSContractsError) -> UserEscrow {
        guard let vesting = userEscrows[escrow] else { throw .unknownUserEscrow(escrow) }
        guard vesting.owner == owner else { throw .wrongSender(caller: owner, expected: vesting.owner, operation: operation) }
        return vesting
    }
}
