/// A ``PolicyLedger`` in memory: which staking providers have a stake and which policies are paid for.
///
/// It stands in for the contracts in tests and prototypes. Stakes are set with ``stake(_:)`` and
/// ``unstake(_:)``; policies are recorded by Alice's grant and revoked by her revocation, with the
/// owner check a contract makes on its caller. Nothing is charged.
public actor InMemoryPolicyLedger: PolicyLedger {
    private var staked: Set<Address> = []
    private var policies: [HRAC: PolicyRecord] = [:]
    private let clock: (any PolicyClock)?

    /// An empty ledger: no stakes, no policies.
    ///
    /// - Parameter clock: The clock new policies' expirations are checked against, as a contract
    ///   checks them against the block time; `nil` to accept any expiration.
    public init(clock: (any PolicyClock)? = nil) {
        self.clock = clock
    }

    /// Gives the staking provider at `address` a stake, so its Ursula may serve policies.
    ///
    /// - Parameter address: The staking-provider address.
    public func stake(_ address: Address) {
        staked.insert(address)
    }

    /// Withdraws the stake of the staking provider at `address`.
    ///
    /// - Parameter address: The staking-provider address.
    public func unstake(_ address: Address) {
        staked.remove(address)
    }

    /// Whether the staking provider at `address` has a stake.
    ///
    /// - Parameter address: The staking-provider address.
    /// - Returns: `true` after ``stake(_:)`` and before ``unstake(_:)``.
    public func isStaked(_ address: Address) -> Bool {
        staked.contains(address)
    }

    /// Records a new policy.
    ///
    /// - Parameter record: The policy.
    /// - Throws: ``KMSPolicyError/policyAlreadyExists(_:)`` if its HRAC is already recorded, and
    ///   ``KMSPolicyError/expirationNotInFuture(expiration:now:)`` if the ledger has a clock and the
    ///   expiration is not after its current time.
    public func createPolicy(_ record: PolicyRecord) async throws(KMSPolicyError) {
        if let clock {
            let now = await clock.now()
            guard record.expiration > now else { throw .expirationNotInFuture(expiration: record.expiration, now: now) }
        }
        guard policies[record.hrac] == nil else { throw .policyAlreadyExists(record.hrac) }
        policies[record.hrac] = record
    }

    /// The record for `hrac`, if any.
    ///
    /// - Parameter hrac: The policy's HRAC.
    /// - Returns: The record, or `nil`.
    public func policy(for hrac: HRAC) -> PolicyRecord? {
        policies[hrac]
    }

    /// Marks the policy revoked, if `owner` owns it.
    ///
    /// - Parameters:
    ///   - hrac: The policy's HRAC.
    ///   - owner: The address of the publisher asking.
    /// - Throws: ``KMSPolicyError/policyNotFound(_:)`` or ``KMSPolicyError/notPolicyOwner(_:caller:)``.
    public func revokePolicy(_ hrac: HRAC, owner: Address) throws(KMSPolicyError) {
        guard let record = policies[hrac] else { throw .policyNotFound(hrac) }
        guard record.owner == owner else { throw .notPolicyOwner(hrac, caller: owner) }
        policies[hrac] = record.revoked
    }
}
