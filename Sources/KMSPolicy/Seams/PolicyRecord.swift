/// What the ledger knows about one policy: who paid for it, until when, and whether it was revoked.
///
/// Alice creates the record when she grants a policy (the on-chain "create policy" payment);
/// Ursulas read it before re-encrypting. It never holds a kFrag or any key that opens data.
public struct PolicyRecord: Hashable, Sendable {
    /// The policy's HRAC, which names it on the ledger as in every request.
    public let hrac: HRAC

    /// The publisher's address: ``Address/init(publicKey:)`` of Alice's publisher verifying key.
    /// Ursulas compare it with the publisher key in Bob's request.
    public let owner: Address

    /// How many Ursulas hold a kFrag of the policy (the `n` of m-of-n).
    public let shares: Int

    /// The first moment at which the policy is no longer active.
    public let expiration: UnixTime

    /// Whether Alice revoked the policy on the ledger.
    public let isRevoked: Bool

    /// A record from its parts.
    ///
    /// - Parameters:
    ///   - hrac: The policy's HRAC.
    ///   - owner: The address of Alice's publisher verifying key.
    ///   - shares: How many Ursulas hold a kFrag.
    ///   - expiration: When the policy stops being active.
    ///   - isRevoked: Whether it has been revoked; `false` for a new policy.
    public init(hrac: HRAC, owner: Address, shares: Int, expiration: UnixTime, isRevoked: Bool = false) {
        self.hrac = hrac
        self.owner = owner
        self.shares = shares
        self.expiration = expiration
        self.isRevoked = isRevoked
    }

    /// The same record, marked revoked.
    public var revoked: PolicyRecord {
        PolicyRecord(hrac: hrac, owner: owner, shares: shares, expiration: expiration, isRevoked: true)
    }
}
