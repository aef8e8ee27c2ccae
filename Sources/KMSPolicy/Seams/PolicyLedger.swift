/// Where policies are paid for and Ursulas are staked: the contract seam of KMSPolicy.
///
/// Alice checks that every Ursula she chooses is staked and records (pays for) each policy she
/// grants; she marks it revoked when she revokes it. Each Ursula reads the record before every
/// re-encryption and refuses a policy that is unknown, revoked, expired or owned by another
/// publisher. ``InMemoryPolicyLedger`` implements the seam inside one process; KMSContracts
/// provides one backed by its simulated token contracts.
public protocol PolicyLedger: Sendable {
    /// Whether the staking provider at `address` currently has a stake, so its Ursula may serve.
    ///
    /// - Parameter address: The staking-provider address.
    /// - Returns: `true` if staked.
    func isStaked(_ address: Address) async throws(KMSPolicyError) -> Bool

    /// Records a new, paid policy.
    ///
    /// - Parameter record: The policy, not revoked.
    /// - Throws: ``KMSPolicyError/policyAlreadyExists(_:)`` if a policy with this HRAC is recorded;
    ///   ``KMSPolicyError/expirationNotInFuture(expiration:now:)`` if its expiration has passed.
    func createPolicy(_ record: PolicyRecord) async throws(KMSPolicyError)

    /// The record for `hrac`, if a policy with that HRAC was ever created.
    ///
    /// - Parameter hrac: The policy's HRAC.
    /// - Returns: The record, or `nil` if the ledger has never seen it.
    func policy(for hrac: HRAC) async throws(KMSPolicyError) -> PolicyRecord?

    /// Marks the policy revoked.
    ///
    /// - Parameters:
    ///   - hrac: The policy's HRAC.
    ///   - owner: The address of the publisher asking; it must be the record's owner.
    /// - Throws: ``KMSPolicyError/policyNotFound(_:)`` or ``KMSPolicyError/notPolicyOwner(_:caller:)``.
    func revokePolicy(_ hrac: HRAC, owner: Address) async throws(KMSPolicyError)
}
