public import KMSPolicy

extension ContractPolicyLedger {
    /// Alice grants Bob a policy and pays for it, in one step: `shares` Ursulas are sampled by
    /// stake, the policy manager is paid `ratePerPeriod` per Ursula per period until
    /// `expiration` from Alice's publisher address, and Alice grants to exactly those Ursulas.
    ///
    /// If the grant fails after the payment, the payment is revoked in the same period, which
    /// returns all of it.
    ///
    /// - Parameters:
    ///   - alice: The publisher; her address, `Address(publicKey: alice.verifyingKey)`, pays.
    ///   - bob: Bob's public keys.
    ///   - label: The policy label.
    ///   - threshold: How many Ursulas Bob needs.
    ///   - shares: How many Ursulas hold a kFrag.
    ///   - expiration: When the policy ends.
    ///   - ratePerPeriod: Each Ursula's fee per period.
    ///   - rng: The randomness for sampling and for the grant.
    /// - Returns: The granted policy.
    /// - Throws: ``KMSContractsError/notEnoughStakers(needed:available:)``, the payment's errors,
    ///   or ``KMSContractsError/grantFailed(_:)`` with Alice's error.
    public func grant(
        by alice: Alice, to bob: BobCard, label: [UInt8], threshold: Int, shares: Int, expiration: UnixTime,
        ratePerPeriod: TokenAmount, using rng: inout some RandomNumberGenerator & Sendable
    ) async throws(KMSContractsError) -> Policy {
        let ursulas = try await sampleUrsulas(count: shares, using: &rng)
        let hrac = HRAC(publisherVerifyingKey: alice.verifyingKey, bobVerifyingKey: bob.verifyingKey, label: label)
        let publisher = Address(publicKey: alice.verifyingKey)
        try await payForPolicy(
            hrac: hrac, publisher: publisher, ursulas: ursulas, expiration: expiration, ratePerPeriod: ratePerPeriod)
        do {
            return try await alice.grant(
                to: bob, label: label, threshold: threshold, shares: shares, expiration: expiration, ursulas: ursulas,
                using: &rng)
        } catch {
            try? await undoPayment(id: PolicyID(hrac: hrac), publisher: publisher)
            throw .grantFailed(error)
        }
    }

    private func undoPayment(id: PolicyID, publisher: Address) async throws(KMSContractsError) {
        try await perform { chain throws(KMSContractsError) in _ = try chain.revokePolicy(from: publisher, id: id) }
    }
}
