public import KMSPolicy

/// A grant recorded through the policy ledger: the terms Alice's grant named for a paid policy.
///
/// ``ContractPolicyLedger`` keeps these on the chain, next to the payment, so a saved chain
/// restores the ledger too.
public struct LedgerGrant: Hashable, Sendable, Codable {
    /// The publisher's address, which paid.
    public let owner: Address
    /// How many Ursulas hold a kFrag.
    public let shares: Int
    /// Seconds since the Unix epoch at which the grant stops being active.
    public let expiration: Int64
    /// Whether the publisher revoked it through the ledger.
    public internal(set) var isRevoked: Bool
}
