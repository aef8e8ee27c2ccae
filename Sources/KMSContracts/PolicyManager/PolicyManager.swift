public import KMSPolicy

/// The policy manager of June 2018, paid in tokens: clients prepay policies over many nodes;
/// nodes earn fees for the periods they confirmed and minted; clients get back the fees of
/// periods their nodes missed and, on revocation, of the periods left.
///
/// This value holds the storage and the views; the chain's transactions
/// (``Chain/createPolicy(from:id:periods:firstPartialReward:nodes:payment:)`` and the rest)
/// change it.
public struct PolicyManager: Hashable, Sendable, Codable {
    /// Every policy ever created, disabled ones included (an id is never reused).
    public internal(set) var policies: [PolicyID: FeePolicy]
    /// Per-node fee records, created when a miner first deposits.
    public internal(set) var nodes: [Address: NodeFees]
    /// Grants recorded through ``ContractPolicyLedger``.
    public internal(set) var ledgerGrants: [PolicyID: LedgerGrant]
    /// Everything clients paid in.
    public internal(set) var totalPaidIn: TokenAmount
    /// Everything credited to nodes as earned fees (withdrawn or not).
    public internal(set) var totalEarned: TokenAmount
    /// Everything refunded to clients.
    public internal(set) var totalRefunded: TokenAmount

    init() {
        policies = [:]
        nodes = [:]
        ledgerGrants = [:]
        totalPaidIn = .zero
        totalEarned = .zero
        totalRefunded = .zero
    }

    /// The policy filed under `id`, if any.
    ///
    /// - Parameter id: The policy id.
    public func policy(_ id: PolicyID) -> FeePolicy? {
        policies[id]
    }

    /// The fee record of `node`, if it is registered.
    ///
    /// - Parameter node: A miner's address.
    public func fees(of node: Address) -> NodeFees? {
        nodes[node]
    }
}
