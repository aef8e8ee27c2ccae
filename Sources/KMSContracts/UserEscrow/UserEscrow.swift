public import KMSPolicy

/// A vesting escrow (`UserEscrow`, June 2018): tokens held for a user and locked until a cliff,
/// which the user may stake in the miners' escrow meanwhile.
///
/// The escrow itself is the miner: the user drives it through the chain's `userEscrow…`
/// transactions, and tokens it gets back from staking stay under the same lock. Until
/// ``endLockTime`` the user may withdraw only what exceeds ``lockedValue``; after it, everything.
public struct UserEscrow: Hashable, Sendable, Codable {
    /// The escrow's own address: its token account and its miner identity.
    public let address: Address
    /// The user, the only one who may withdraw or stake.
    public let owner: Address
    /// The amount vested by ``Chain/userEscrowInitialDeposit(from:escrow:value:duration:)``.
    public internal(set) var lockedValue: TokenAmount
    /// The time (seconds) at which the lock ends.
    public internal(set) var endLockTime: UInt64
    /// The lock duration in seconds.
    public internal(set) var lockDuration: UInt64

    init(address: Address, owner: Address) {
        self.address = address
        self.owner = owner
        lockedValue = .zero
        endLockTime = 0
        lockDuration = 0
    }

    /// The tokens still locked at `time`: all of ``lockedValue`` before the cliff, none after.
    ///
    /// - Parameter time: The chain time in seconds.
    public func lockedTokens(at time: UInt64) -> TokenAmount {
        time < endLockTime ? lockedValue : .zero
    }
}
