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
    var policyRecords: ShardedMap<PolicyID, FeePolicy>
    /// Per-node fee records, created when a miner first deposits.
    var nodeRecords: ShardedMap<Address, NodeFees>
    /// Grants recorded through ``ContractPolicyLedger``.
    var grantRecords: ShardedMap<PolicyID, LedgerGrant>
    /// Everything clients paid in.
    public internal(set) var totalPaidIn: TokenAmount
    /// Everything credited to nodes as earned fees (withdrawn or not).
    public internal(set) var totalEarned: TokenAmount
    /// Everything refunded to clients.
    public internal(set) var totalRefunded: TokenAmount

    init() {
        policyRecords = ShardedMap()
        nodeRecords = ShardedMap()
        grantRecords = ShardedMap()
        totalPaidIn = .zero
        totalEarned = .zero
        totalRefunded = .zero
    }

    /// Every policy ever created, disabled ones included, as one dictionary (a copy: O(count)).
    public var policies: [PolicyID: FeePolicy] { policyRecords.dictionary }

    /// Every registered node's fee record, as one dictionary (a copy: O(count)).
    public var nodes: [Address: NodeFees] { nodeRecords.dictionary }

    /// Every grant recorded through ``ContractPolicyLedger``, as one dictionary (a copy: O(count)).
    public var ledgerGrants: [PolicyID: LedgerGrant] { grantRecords.dictionary }

    /// The number of policies ever created.
    public var policyCount: Int { policyRecords.count }

    /// The grant recorded for `id` through ``ContractPolicyLedger``, if any.
    ///
    /// - Parameter id: The policy id.
    public func grant(_ id: PolicyID) -> LedgerGrant? {
        grantRecords[id]
    }

    /// The policy filed under `id`, if any.
    ///
    /// - Parameter id: The policy id.
    public func policy(_ id: PolicyID) -> FeePolicy? {
        policyRecords[id]
    }

    /// The fee record of `node`, if it is registered.
    ///
    /// - Parameter node: A miner's address.
    public func fees(of node: Address) -> NodeFees? {
        nodeRecords[node]
    }
}
