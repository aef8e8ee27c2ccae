public import KMSPolicy

/// KMSPolicy's `PolicyLedger` backed by the simulated contracts.
///
/// - Alice pays before she grants: ``payForPolicy(hrac:publisher:ursulas:expiration:ratePerPeriod:firstPartialReward:)``
///   creates the ``PolicyManager`` policy, pulling the fees from her publisher address; her grant's
///   ``createPolicy(_:)`` then records it, and is refused for a policy nobody paid for.
/// - Ursulas are chosen by stake: ``sampleUrsulas(count:periods:using:)``; only miners with
///   tokens locked count as staked.
/// - An Ursula serves only paid, active policies: ``policy(for:)`` shows a policy only once paid
///   and recorded, with its expiration capped at the last paid period, and marks it revoked once
///   Alice revoked it or its payment is used up.
/// - Revocation refunds Alice the fees of the periods left.
/// - Bob's evidence of a bad cFrag goes to the adjudicator:
///   ``reportBadCapsuleFrag(_:investigator:)``.
///
/// Before every operation the chain's time is moved up to the injected clock's, so the ledger
/// and the Ursulas sharing that clock agree on the period.
public actor ContractPolicyLedger: PolicyLedger {
    /// The chain, as of the latest operation.
    public private(set) var chain: Chain
    private let clock: any PolicyClock

    /// A ledger over `chain`, following `clock`.
    ///
    /// - Parameters:
    ///   - chain: A chain with the contracts deployed (and usually staked miners).
    ///   - clock: The clock whose time drives the chain's periods.
    public init(chain: Chain, clock: any PolicyClock) {
        self.chain = chain
        self.clock = clock
    }

    /// Moves the chain's time up to the clock's (never back).
    public func syncTime() async {
        let now = await clock.now().secondsSinceEpoch
        if now > 0, UInt64(now) > chain.time { try? chain.setTime(UInt64(now)) }
    }

    /// Runs chain transactions at the clock's time: `body` gets the chain and may call any of its
    /// transactions; if it throws, nothing it did is kept.
    ///
    /// - Parameter body: The transactions.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws.
    public func perform<Result: Sendable>(
        _ body: @Sendable (inout Chain) throws(KMSContractsError) -> Result
    ) async throws(KMSContractsError) -> Result {
        await syncTime()
        return try chain.transact(body)
    }

    /// Alice's payment for a policy she is about to grant: approves the policy manager and creates
    /// a policy over `ursulas`, from the current period through the period holding `expiration`.
    ///
    /// - Parameters:
    ///   - hrac: The policy's HRAC (computable before granting from the keys and the label).
    ///   - publisher: Alice's address, `Address(publicKey: alice.verifyingKey)`, which pays.
    ///   - ursulas: The Ursulas she will give kFrags to.
    ///   - expiration: When the policy ends.
    ///   - ratePerPeriod: Each Ursula's fee per period.
    ///   - firstPartialReward: Each Ursula's fee for the rest of the current period.
    /// - Returns: The tokens paid.
    /// - Throws: ``KMSContractsError/expirationNotInFuture(expiration:now:)`` or what
    ///   ``Chain/createPolicy(from:id:periods:firstPartialReward:nodes:payment:)`` throws.
    @discardableResult
    public func payForPolicy(
        hrac: HRAC, publisher: Address, ursulas: [Address], expiration: UnixTime, ratePerPeriod: TokenAmount,
        firstPartialReward: TokenAmount = .zero
    ) async throws(KMSContractsError) -> TokenAmount {
        await syncTime()
        let now = chain.time
        guard expiration.secondsSinceEpoch > 0, UInt64(expiration.secondsSinceEpoch) > now else {
            throw .expirationNotInFuture(expiration: expiration.secondsSinceEpoch, now: now)
        }
        let seconds = chain.parameters.secondsPerPeriod
        // Pay through the period that contains the last active second.
        let lastPeriod = (UInt64(expiration.secondsSinceEpoch) - 1) / seconds
        let periods = max(lastPeriod - chain.currentPeriod, 1)
        let payment = try ratePerPeriod.multiplied(by: TokenAmount(periods)).adding(firstPartialReward)
            .multiplied(by: TokenAmount(UInt64(ursulas.count)))
        let managerAddress = chain.policyManagerAddress
        try chain.transact { chain throws(KMSContractsError) in
            chain.approve(from: publisher, spender: managerAddress, amount: payment)
            try chain.createPolicy(
                from: publisher, id: PolicyID(hrac: hrac), periods: periods, firstPartialReward: firstPartialReward,
                nodes: ursulas, payment: payment)
        }
        return payment
    }

    /// `count` distinct Ursulas drawn by stake among the miners active now (see
    /// ``Chain/sampleMiners(count:periods:using:)``).
    ///
    /// - Parameters:
    ///   - count: How many.
    ///   - periods: How long they must stay staked.
    ///   - rng: The randomness.
    /// - Returns: Their staking addresses.
    /// - Throws: ``KMSContractsError/notEnoughStakers(needed:available:)``.
    public func sampleUrsulas(count: Int, periods: UInt64 = 1, using rng: inout some RandomNumberGenerator & Sendable)
        async throws(KMSContractsError) -> [Address]
    {
        await syncTime()
        return try chain.sampleMiners(count: count, periods: periods, using: &rng)
    }

    /// Bob (or anyone) hands the adjudicator evidence of a bad cFrag.
    ///
    /// - Parameters:
    ///   - evidence: The evidence.
    ///   - investigator: Who is rewarded if it holds.
    /// - Returns: The verdict.
    /// - Throws: What ``Chain/evaluateCapsuleFrag(from:evidence:)`` throws.
    @discardableResult
    public func reportBadCapsuleFrag(_ evidence: CapsuleFragEvidence, investigator: Address)
        async throws(KMSContractsError) -> AdjudicatorVerdict
    {
        await syncTime()
        return try chain.evaluateCapsuleFrag(from: investigator, evidence: evidence)
    }

    /// Saves the chain (see ``Chain/save(to:)``).
    ///
    /// - Parameter path: The file.
    /// - Throws: ``KMSContractsError/persistenceFailed(path:reason:)``.
    public func save(to path: String) throws(KMSContractsError) {
        try chain.save(to: path)
    }

    // MARK: PolicyLedger

    /// Whether `address` is a miner with tokens locked now or next period.
    ///
    /// - Parameter address: A staking address.
    /// - Returns: `true` if staked.
    public func isStaked(_ address: Address) async throws(KMSPolicyError) -> Bool {
        await syncTime()
        return !chain.lockedTokens(of: address).isZero || !chain.lockedTokens(of: address, periodsAhead: 1).isZero
    }

    /// Records Alice's grant of a policy she paid for.
    ///
    /// - Parameter record: The grant.
    /// - Throws: `KMSPolicyError/expirationNotInFuture(expiration:now:)`,
    ///   `KMSPolicyError/policyAlreadyExists(_:)`, `KMSPolicyError/policyNotFound(_:)` when no
    ///   running payment exists for it, `KMSPolicyError/notPolicyOwner(_:caller:)` when someone
    ///   else paid, `KMSPolicyError/ursulaCountMismatch(shares:ursulas:)` when the payment covers
    ///   another number of Ursulas.
    public func createPolicy(_ record: PolicyRecord) async throws(KMSPolicyError) {
        await syncTime()
        let now = chain.time
        guard record.expiration.secondsSinceEpoch > Int64(clamping: now) else {
            throw .expirationNotInFuture(expiration: record.expiration, now: UnixTime(secondsSinceEpoch: Int64(clamping: now)))
        }
        let id = PolicyID(hrac: record.hrac)
        guard chain.policyManager.grantRecords[id] == nil else { throw .policyAlreadyExists(record.hrac) }
        guard let paid = chain.policyManager.policyRecords[id], !paid.isDisabled else { throw .policyNotFound(record.hrac) }
        guard paid.client == record.owner else { throw .notPolicyOwner(record.hrac, caller: record.owner) }
        guard paid.arrangements.count == record.shares else {
            throw .ursulaCountMismatch(shares: record.shares, ursulas: paid.arrangements.count)
        }
        let paidUntil = Int64(clamping: (paid.lastPeriod + 1) * chain.parameters.secondsPerPeriod)
        let grant = LedgerGrant(
            owner: record.owner, shares: record.shares, expiration: min(record.expiration.secondsSinceEpoch, paidUntil),
            isRevoked: false)
        chain.recordGrant(grant, id: id)
    }

    /// The grant for `hrac`, if Alice paid for and recorded it; revoked once she revoked it or
    /// its payment is spent.
    ///
    /// - Parameter hrac: The policy's HRAC.
    /// - Returns: The record, or `nil`.
    public func policy(for hrac: HRAC) async throws(KMSPolicyError) -> PolicyRecord? {
        let id = PolicyID(hrac: hrac)
        guard let grant = chain.policyManager.grantRecords[id] else { return nil }
        let disabled = chain.policyManager.policyRecords[id]?.isDisabled ?? true
        return PolicyRecord(
            hrac: hrac, owner: grant.owner, shares: grant.shares,
            expiration: UnixTime(secondsSinceEpoch: grant.expiration), isRevoked: grant.isRevoked || disabled)
    }

    /// Revokes the policy: the unused fees go back to Alice, and the grant is marked revoked.
    ///
    /// - Parameters:
    ///   - hrac: The policy's HRAC.
    ///   - owner: The publisher asking.
    /// - Throws: `KMSPolicyError/policyNotFound(_:)` or `KMSPolicyError/notPolicyOwner(_:caller:)`.
    public func revokePolicy(_ hrac: HRAC, owner: Address) async throws(KMSPolicyError) {
        await syncTime()
        let id = PolicyID(hrac: hrac)
        guard let grant = chain.policyManager.grantRecords[id] else { throw .policyNotFound(hrac) }
        guard grant.owner == owner else { throw .notPolicyOwner(hrac, caller: owner) }
        do {
            try chain.transact { chain throws(KMSContractsError) in
                if let paid = chain.policyManager.policyRecords[id], !paid.isDisabled {
                    try chain.revokePolicy(from: owner, id: id)
                }
                chain.markGrantRevoked(id: id)
            }
        } catch {
            // Unreachable after the checks above (the payment is Alice's and still running);
            // KMSPolicyError has no case for a contract failure, so report the policy as missing.
            throw .policyNotFound(hrac)
        }
    }
}

extension Chain {
    mutating func recordGrant(_ grant: LedgerGrant, id: PolicyID) {
        policyManager.grantRecords[id] = grant
        emit(.grantRecorded(id: id, owner: grant.owner, shares: grant.shares))
    }

    mutating func markGrantRevoked(id: PolicyID) {
        policyManager.grantRecords[id]?.isRevoked = true
    }
}
