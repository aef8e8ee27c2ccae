public import UmbralCore

/// A proxy: Ursula re-encrypts capsules for Bob with the kFrag Alice sealed to her, and never
/// learns what they hold.
///
/// Ursula has a **signer** (her responses carry its signature, checked by Bob), an **encrypting**
/// key (Alice seals her kFrag to it) and the **staking-provider address** that names her in
/// treasure maps. What she promised lives in her ``UrsulaVault``: the arrangements she accepted,
/// the revocations Alice sent her and a log of what she served.
///
/// Alice first places each kFrag with its Ursula (``acceptArrangement(_:)``). For every request she
/// then checks, in order:
/// 1. the ``PolicyLedger`` has the policy, paid for by the publisher named in the request, not
///    revoked, and not expired by her ``PolicyClock``;
/// 2. she accepted an arrangement for the policy, with the very kFrag the request brings;
/// 3. Alice has not revoked this kFrag at her;
/// 4. the kFrag opens with her key (it was sealed to her) and carries Alice's signature for this
///    policy's HRAC.
///
/// Then she re-encrypts each capsule and signs the response. Any failed check is a typed
/// ``KMSPolicyError``, sent back to Bob instead of cFrags.
public actor Ursula {
    /// Her staking-provider address and public keys, as others know them.
    public nonisolated let profile: UrsulaProfile

    private let signer: Signer
    private let decryptingKey: SecretKey
    private let ledger: any PolicyLedger
    private let clock: any PolicyClock
    private let vault: any UrsulaVault
    private var randomness: any RandomNumberGenerator

    /// How many capsules she has re-encrypted so far.
    public private(set) var reencryptedCapsuleCount = 0

    /// Ursula with the given keys and address, checking policies on `ledger` at `clock`'s time.
    ///
    /// - Parameters:
    ///   - stakingProviderAddress: The address her staking provider stakes under.
    ///   - signer: Her signer, which signs her re-encryption responses.
    ///   - encryptingKey: The secret key Alice's kFrags are sealed to.
    ///   - ledger: Where she checks that a policy is paid for and active.
    ///   - clock: Where she reads the time to check expirations.
    ///   - vault: Where she keeps arrangements, revocations and her log.
    ///   - randomness: The source of her cFrag proofs' nonces; it must be cryptographically secure.
    public init(
        stakingProviderAddress: Address, signer: Signer, encryptingKey: SecretKey, ledger: any PolicyLedger,
        clock: any PolicyClock, vault: any UrsulaVault = InMemoryUrsulaVault(),
        randomness: some RandomNumberGenerator & Sendable
    ) {
        self.profile = UrsulaProfile(
            stakingProviderAddress: stakingProviderAddress, encryptingKey: encryptingKey.publicKey,
            verifyingKey: signer.verifyingKey)
        self.signer = signer
        self.decryptingKey = encryptingKey
        self.ledger = ledger
        self.clock = clock
        self.vault = vault
        self.randomness = randomness
    }

    /// Ursula with the given keys, using the system's secure random generator for her proofs.
    ///
    /// - Parameters:
    ///   - stakingProviderAddress: The address her staking provider stakes under.
    ///   - signer: Her signer, which signs her re-encryption responses.
    ///   - encryptingKey: The secret key Alice's kFrags are sealed to.
    ///   - ledger: Where she checks that a policy is paid for and active.
    ///   - clock: Where she reads the time to check expirations.
    ///   - vault: Where she keeps arrangements, revocations and her log.
    public init(
        stakingProviderAddress: Address, signer: Signer, encryptingKey: SecretKey, ledger: any PolicyLedger,
        clock: any PolicyClock, vault: any UrsulaVault = InMemoryUrsulaVault()
    ) {
        self.init(
            stakingProviderAddress: stakingProviderAddress, signer: signer, encryptingKey: encryptingKey,
            ledger: ledger, clock: clock, vault: vault, randomness: SystemRandom())
    }

    /// Ursula accepts Alice's arrangement for a policy: she checks it as she would check a request
    /// for it, then keeps it in her vault. Once this returns, she serves the policy, even after a
    /// restart if her vault is durable.
    ///
    /// - Parameter arrangement: Alice's arrangement.
    /// - Throws: the ledger errors of ``reencrypt(_:)``; ``KMSPolicyError/keyFragRevoked(_:)``;
    ///   ``KMSPolicyError/keyFragNotForThisUrsula(_:)`` or a signature error when the kFrag is not
    ///   Alice's for this HRAC and sealed to her; ``KMSPolicyError/conflictingArrangement(_:)`` when
    ///   another was accepted for the HRAC; what the vault throws.
    public func acceptArrangement(_ arrangement: Arrangement) async throws(KMSPolicyError) {
        try await checkPolicy(arrangement.hrac, publisherVerifyingKey: arrangement.publisherVerifyingKey)
        guard try await !vault.isRevoked(arrangement.encryptedKeyFrag, publisherVerifyingKey: arrangement.publisherVerifyingKey) else {
            throw .keyFragRevoked(stakingProviderAddress)
        }
        _ = try openKeyFrag(arrangement.encryptedKeyFrag, hrac: arrangement.hrac,
                            publisherVerifyingKey: arrangement.publisherVerifyingKey)
        try await vault.storeArrangement(arrangement)
    }

    /// Ursula accepts an arrangement that arrives as wire bytes (`Arng` 1.0).
    ///
    /// - Parameter arrangementBytes: The headered arrangement.
    /// - Returns: The HRAC of the policy she accepted.
    /// - Throws: the parse errors of ``Arrangement/init(bytes:)``, then those of ``acceptArrangement(_:)``.
    @discardableResult
    public func acceptArrangement(bytes arrangementBytes: [UInt8]) async throws(KMSPolicyError) -> HRAC {
        let arrangement = try Arrangement(bytes: arrangementBytes)
        try await acceptArrangement(arrangement)
        return arrangement.hrac
    }

    /// Her staking-provider address.
    public nonisolated var stakingProviderAddress: Address {
        profile.stakingProviderAddress
    }

    /// Ursula serves Bob's request: checks the policy and her kFrag, re-encrypts each capsule, and
    /// signs the cFrags.
    ///
    /// - Parameter request: Bob's request, as the transport delivered it.
    /// - Returns: One cFrag per capsule, in the request's order, signed by her over the capsules and
    ///   cFrags.
    /// - Throws: ``KMSPolicyError/nothingToRetrieve`` for no capsules;
    ///   ``KMSPolicyError/policyNotFound(_:)``, ``KMSPolicyError/publisherMismatch(_:)``,
    ///   ``KMSPolicyError/policyRevoked(_:)`` or ``KMSPolicyError/policyExpired(_:expiration:now:)``
    ///   from the ledger check; ``KMSPolicyError/keyFragRevoked(_:)``;
    ///   ``KMSPolicyError/keyFragNotForThisUrsula(_:)`` when the kFrag was sealed to someone else or
    ///   tampered with; a parse error or
    ///   ``KMSPolicyError/signatureVerificationFailed(object:)`` when the kFrag is not Alice's for
    ///   this HRAC.
    public func reencrypt(_ request: ReencryptionRequest) async throws(KMSPolicyError) -> ReencryptionResponse {
        guard !request.capsules.isEmpty else { throw .nothingToRetrieve }
        try await checkPolicy(request.hrac, publisherVerifyingKey: request.publisherVerifyingKey)
        guard let arrangement = try await vault.arrangement(for: request.hrac) else {
            throw .arrangementNotFound(request.hrac, ursula: stakingProviderAddress)
        }
        guard arrangement.encryptedKeyFrag == request.encryptedKeyFrag,
              arrangement.publisherVerifyingKey == request.publisherVerifyingKey else {
            throw .keyFragNotArranged(request.hrac)
        }
        guard try await !vault.isRevoked(request.encryptedKeyFrag, publisherVerifyingKey: request.publisherVerifyingKey) else {
            throw .keyFragRevoked(stakingProviderAddress)
        }
        let keyFrag = try openKeyFrag(request.encryptedKeyFrag, hrac: request.hrac,
                                      publisherVerifyingKey: request.publisherVerifyingKey)
        // The nonces are drawn here, in capsule order, so the result is the serial loop's; the
        // capsules are then re-encrypted in parallel (see ``reencrypt(_:with:using:)``).
        let nonces = ProofNonceWords.draw(capsuleCount: request.capsules.count, from: &randomness)
        let capsuleFrags = await Self.reencrypt(request.capsules, with: keyFrag, nonces: nonces)
        let pairs = Array(zip(request.capsules, capsuleFrags)).map { (capsule: $0.0, capsuleFrag: $0.1) }
        reencryptedCapsuleCount += pairs.count
        try await vault.recordReencryption(hrac: request.hrac, capsuleCount: pairs.count, at: await clock.now())
        return ReencryptionResponse(signer: signer, capsulesAndVerifiedCapsuleFrags: pairs)
    }

    /// Ursula serves a request that arrives as wire bytes (`ReRq` 3.0), as a network front end
    /// hands it over, and answers with the wire bytes of her response (`ReRs` 3.0).
    ///
    /// - Parameter requestBytes: The headered request.
    /// - Returns: The headered response.
    /// - Throws: the parse errors of ``ReencryptionRequest/init(bytes:)`` (malformed bytes, another
    ///   brand, another major version), then the errors of ``reencrypt(_:)``.
    public func reencrypt(requestBytes: [UInt8]) async throws(KMSPolicyError) -> [UInt8] {
        try await reencrypt(ReencryptionRequest(bytes: requestBytes)).bytes
    }

    /// Opens a kFrag sealed to her and checks Alice signed it for `hrac`.
    private func openKeyFrag(
        _ encryptedKeyFrag: EncryptedKeyFrag, hrac: HRAC, publisherVerifyingKey: PublicKey
    ) throws(KMSPolicyError) -> VerifiedKeyFrag {
        do {
            return try encryptedKeyFrag.decrypt(secretKey: decryptingKey, hrac: hrac, publisherVerifyingKey: publisherVerifyingKey)
        } catch {
            if case .decryptionFailed(object: "EncryptedKeyFrag", _) = error {
                throw .keyFragNotForThisUrsula(stakingProviderAddress)
            }
            throw error
        }
    }

    /// The ledger check: the policy exists, was paid for by this publisher, and is still active.
    private func checkPolicy(_ hrac: HRAC, publisherVerifyingKey: PublicKey) async throws(KMSPolicyError) {
        guard let record = try await ledger.policy(for: hrac) else { throw .policyNotFound(hrac) }
        guard record.owner == Address(publicKey: publisherVerifyingKey) else { throw .publisherMismatch(hrac) }
        guard !record.isRevoked else { throw .policyRevoked(hrac) }
        let now = await clock.now()
        guard now < record.expiration else { throw .policyExpired(hrac, expiration: record.expiration, now: now) }
    }

    /// Ursula accepts Alice's order to drop a kFrag: from then on she refuses every request that
    /// brings it with that publisher key.
    ///
    /// She checks that the order is addressed to her, that `publisherVerifyingKey` signed it, and that
    /// the kFrag it names was sealed to her. A revocation only binds requests naming the same
    /// publisher key, so nobody but the kFrag's publisher can revoke it.
    ///
    /// - Parameters:
    ///   - order: Alice's signed order.
    ///   - publisherVerifyingKey: Alice's publisher verifying key.
    /// - Throws: ``KMSPolicyError/misaddressedRevocation(addressedTo:receivedBy:)``,
    ///   ``KMSPolicyError/invalidRevocationOrderSignature`` or
    ///   ``KMSPolicyError/keyFragNotForThisUrsula(_:)``.
    public func revoke(_ order: RevocationOrder, publisherVerifyingKey: PublicKey) async throws(KMSPolicyError) {
        guard order.stakingProviderAddress == stakingProviderAddress else {
            throw .misaddressedRevocation(addressedTo: order.stakingProviderAddress, receivedBy: stakingProviderAddress)
        }
        let (_, encryptedKeyFrag) = try order.verify(aliceVerifyingKey: publisherVerifyingKey)
        do {
            _ = try Umbral.decryptOriginal(
                encryptedKeyFrag.ciphertext, capsule: encryptedKeyFrag.capsule, secretKey: decryptingKey)
        } catch {
            throw .keyFragNotForThisUrsula(stakingProviderAddress)
        }
        try await vault.storeRevocation(order, publisherVerifyingKey: publisherVerifyingKey)
    }

    /// Ursula accepts a revocation order that arrives as wire bytes (`Revo` 3.0).
    ///
    /// - Parameters:
    ///   - orderBytes: The headered order.
    ///   - publisherVerifyingKey: Alice's publisher verifying key.
    /// - Throws: the parse errors of ``RevocationOrder/init(bytes:)``, then the errors of
    ///   ``revoke(_:publisherVerifyingKey:)``.
    public func revoke(orderBytes: [UInt8], publisherVerifyingKey: PublicKey) async throws(KMSPolicyError) {
        try await revoke(RevocationOrder(bytes: orderBytes), publisherVerifyingKey: publisherVerifyingKey)
    }

    /// Whether Alice (`publisherVerifyingKey`) revoked `encryptedKeyFrag` at this Ursula.
    ///
    /// - Parameters:
    ///   - encryptedKeyFrag: A kFrag from a treasure map.
    ///   - publisherVerifyingKey: The publisher that revoked it.
    /// - Returns: `true` once a valid revocation order for it has arrived.
    /// - Throws: what the vault throws.
    public func hasRevoked(_ encryptedKeyFrag: EncryptedKeyFrag, publisherVerifyingKey: PublicKey) async throws(KMSPolicyError) -> Bool {
        try await vault.isRevoked(encryptedKeyFrag, publisherVerifyingKey: publisherVerifyingKey)
    }
}
