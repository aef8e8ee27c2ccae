public import UmbralCore

/// The data owner: Alice grants Bob access to what is encrypted under a label, and revokes it.
///
/// Alice has two kinds of keys, as in nucypher:
/// - a **publisher signer**, whose verifying key names her: it signs every kFrag (inside each
///   ``EncryptedKeyFrag``), the treasure map she gives Bob and her revocation orders;
/// - a **secret key factory**, from which she derives one delegating key per policy label with
///   `SecretKeyFactory.makeKey(label:)`, the label's bytes as given (nucypher's
///   `DelegatingPower` does the same). Its public half is the policy encrypting key that Enrico
///   encrypts for; Alice never stores it, and can always derive it again.
///
/// To grant, she splits the label's key into kFrags for Bob, seals one to each chosen Ursula in a
/// ``TreasureMap``, records (pays for) the policy on the ``PolicyLedger``, and publishes the map
/// encrypted for Bob through the ``PolicyTransport``. To revoke, she sends each Ursula a signed
/// ``RevocationOrder`` and marks the policy revoked on the ledger.
///
/// ```swift
/// let alice = Alice(transport: network, ledger: ledger)
/// let policy = try await alice.grant(
///     to: bob.card, label: Array("vitals".utf8), threshold: 2, shares: 3,
///     expiration: now.adding(days: 30))
/// ```
public struct Alice: Sendable {
    /// Signs kFrags, treasure maps and revocation orders; its verifying key is Alice's identity.
    public let signer: Signer

    private let keyFactory: SecretKeyFactory
    private let transport: any PolicyTransport
    private let ledger: any PolicyLedger

    /// Alice with the given keys, reaching Ursulas through `transport` and paying on `ledger`.
    ///
    /// - Parameters:
    ///   - signer: Her publisher signer; keep its secret key as long as her policies live.
    ///   - keyFactory: The factory her policy keys derive from; the same factory and label always
    ///     give the same policy key.
    ///   - transport: How she reaches Ursulas and publishes treasure maps.
    ///   - ledger: Where she checks stakes and records policies.
    public init(
        signer: Signer, keyFactory: SecretKeyFactory, transport: any PolicyTransport, ledger: any PolicyLedger
    ) {
        self.signer = signer
        self.keyFactory = keyFactory
        self.transport = transport
        self.ledger = ledger
    }

    /// A new Alice with fresh keys from the system's secure random generator.
    ///
    /// - Parameters:
    ///   - transport: How she reaches Ursulas and publishes treasure maps.
    ///   - ledger: Where she checks stakes and records policies.
    public init(transport: any PolicyTransport, ledger: any PolicyLedger) {
        var rng = SystemRandom()
        self.init(transport: transport, ledger: ledger, using: &rng)
    }

    /// A new Alice with keys drawn from `rng`, which must be cryptographically secure outside tests.
    ///
    /// - Parameters:
    ///   - transport: How she reaches Ursulas and publishes treasure maps.
    ///   - ledger: Where she checks stakes and records policies.
    ///   - rng: The source of her signing key and her factory's seed.
    public init(
        transport: any PolicyTransport, ledger: any PolicyLedger, using rng: inout some RandomNumberGenerator
    ) {
        self.init(
            signer: Signer(SecretKey.random(using: &rng)), keyFactory: SecretKeyFactory.random(using: &rng),
            transport: transport, ledger: ledger)
    }

    /// Alice's publisher verifying key: how Bob and Ursulas recognise her signatures.
    public var verifyingKey: PublicKey {
        signer.verifyingKey
    }

    /// The policy encrypting key for `label`: what Enrico encrypts data for.
    ///
    /// It is the public half of `keyFactory.makeKey(label:)`, so Alice can hand it out before
    /// granting anyone anything, and every policy under the label shares it.
    ///
    /// - Parameter label: The policy label's bytes.
    /// - Returns: The label's public key.
    public func policyEncryptingKey(label: [UInt8]) -> PublicKey {
        keyFactory.makeKey(label: label).publicKey
    }

    /// Alice reads a message kit encrypted for one of her labels, without any Ursula.
    ///
    /// - Parameters:
    ///   - messageKit: A kit Enrico encrypted for ``policyEncryptingKey(label:)``.
    ///   - label: The label it was encrypted under.
    /// - Returns: The plaintext.
    /// - Throws: ``KMSPolicyError/decryptionFailed(object:_:)`` if the kit is for another label or
    ///   was tampered with.
    public func decrypt(_ messageKit: MessageKit, label: [UInt8]) throws(KMSPolicyError) -> [UInt8] {
        try messageKit.decrypt(secretKey: keyFactory.makeKey(label: label))
    }

    /// Alice grants Bob an m-of-n policy over `label`, with the system's secure random generator.
    ///
    /// See ``grant(to:label:threshold:shares:expiration:ursulas:using:)``.
    public func grant(
        to bob: BobCard, label: [UInt8], threshold: Int, shares: Int, expiration: UnixTime,
        ursulas: [Address]? = nil
    ) async throws(KMSPolicyError) -> Policy {
        var rng = SystemRandom()
        return try await grant(
            to: bob, label: label, threshold: threshold, shares: shares, expiration: expiration, ursulas: ursulas,
            using: &rng)
    }

    /// Alice grants Bob an m-of-n policy over `label`.
    ///
    /// The steps:
    /// 1. Choose the Ursulas: those named in `ursulas`, or else `shares` of the transport's known
    ///    Ursulas drawn at random; every one must be staked on the ledger.
    /// 2. Derive the label's delegating key and split its re-encryption key for Bob's encrypting key
    ///    into `shares` kFrags, any `threshold` of which suffice (neither key is signed into the
    ///    kFrags, as in nucypher).
    /// 3. Compute the HRAC from her verifying key, Bob's verifying key and the label; sign each kFrag
    ///    with it and seal it to its Ursula's encrypting key, in a ``TreasureMap``.
    /// 4. Sign the map for Bob and encrypt it to his encrypting key.
    /// 5. Record the policy, until `expiration`, on the ledger; hand each Ursula her kFrag in an
    ///    ``Arrangement`` (all at once; each checks the ledger and keeps it); then publish the
    ///    encrypted map under the HRAC. If an Ursula refuses, the map is not published and the
    ///    grant fails with her error; the ledger record stays, as a paid transaction would.
    ///
    /// - Parameters:
    ///   - bob: Bob's public keys.
    ///   - label: The label whose data Bob may read.
    ///   - threshold: How many Ursulas Bob needs, 1 ≤ threshold ≤ shares.
    ///   - shares: How many Ursulas hold a kFrag, at most 255.
    ///   - expiration: When the policy stops being active; Ursulas refuse it from then on.
    ///   - ursulas: The staking-provider addresses of exactly `shares` distinct Ursulas, or `nil` to
    ///     let Alice choose.
    ///   - rng: The source of all randomness (Ursula choice, kFrags, encryption, signature hedging);
    ///     it must be cryptographically secure outside tests.
    /// - Returns: The policy, to give its key to Enrico and to revoke it later.
    /// - Throws: ``KMSPolicyError/invalidThreshold(threshold:destinations:)``,
    ///   ``KMSPolicyError/ursulaCountMismatch(shares:ursulas:)``, ``KMSPolicyError/duplicateUrsula(_:)``,
    ///   ``KMSPolicyError/notEnoughUrsulas(needed:available:)``, ``KMSPolicyError/ursulaNotStaked(_:)``,
    ///   ``KMSPolicyError/policyAlreadyExists(_:)``, or what the transport or ledger throw.
    public func grant(
        to bob: BobCard, label: [UInt8], threshold: Int, shares: Int, expiration: UnixTime,
        ursulas: [Address]? = nil, using rng: inout some RandomNumberGenerator
    ) async throws(KMSPolicyError) -> Policy {
        guard threshold >= 1, threshold <= shares, shares <= Int(UInt8.max) else {
            throw .invalidThreshold(threshold: threshold, destinations: shares)
        }
        let chosen = try await chooseUrsulas(ursulas, shares: shares, using: &rng)

        let delegatingKey = keyFactory.makeKey(label: label)
        let keyFrags: [VerifiedKeyFrag]
        do {
            keyFrags = try Umbral.generateKeyFrags(
                delegating: delegatingKey, receiving: bob.encryptingKey, signer: signer, threshold: threshold,
                shares: shares, signDelegatingKey: false, signReceivingKey: false, using: &rng)
        } catch {
            throw .invalidThreshold(threshold: threshold, destinations: shares)
        }
        let hrac = HRAC(publisherVerifyingKey: verifyingKey, bobVerifyingKey: bob.verifyingKey, label: label)
        var assigned = [Address: (PublicKey, VerifiedKeyFrag)](minimumCapacity: shares)
        for (ursula, keyFrag) in zip(chosen, keyFrags) {
            assigned[ursula.stakingProviderAddress] = (ursula.encryptingKey, keyFrag)
        }
        let treasureMap = try TreasureMap(
            signer: signer, hrac: hrac, policyEncryptingKey: delegatingKey.publicKey, assignedKeyFrags: assigned,
            threshold: threshold, using: &rng)
        let encryptedTreasureMap = try treasureMap.encrypt(signer: signer, recipientKey: bob.encryptingKey, using: &rng)

        try await ledger.createPolicy(
            PolicyRecord(hrac: hrac, owner: Address(publicKey: verifyingKey), shares: shares, expiration: expiration))
        try await arrange(treasureMap, hrac: hrac)
        try await transport.publish(encryptedTreasureMap, for: hrac)
        return Policy(
            label: label, bob: bob, expiration: expiration, treasureMap: treasureMap,
            encryptedTreasureMap: encryptedTreasureMap)
    }

    /// Hands every Ursula of the map her kFrag, concurrently; the first refusal (in address order) fails the grant.
    private func arrange(_ treasureMap: TreasureMap, hrac: HRAC) async throws(KMSPolicyError) {
        let transport = self.transport
        let publisher = verifyingKey
        let outcomes = await withTaskGroup(of: (Address, KMSPolicyError?).self) { group in
            for (address, encryptedKeyFrag) in treasureMap.destinations {
                let arrangement = Arrangement(hrac: hrac, publisherVerifyingKey: publisher, encryptedKeyFrag: encryptedKeyFrag)
                group.addTask {
                    do throws(KMSPolicyError) {
                        try await transport.arrange(arrangement, at: address)
                        return (address, nil)
                    } catch {
                        return (address, error)
                    }
                }
            }
            var outcomes: [(Address, KMSPolicyError?)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        if let failure = outcomes.sorted(by: { $0.0 < $1.0 }).compactMap(\.1).first { throw failure }
    }

    /// The Ursulas for a new policy: the named ones, checked, or a random staked sample.
    private func chooseUrsulas(
        _ named: [Address]?, shares: Int, using rng: inout some RandomNumberGenerator
    ) async throws(KMSPolicyError) -> [UrsulaProfile] {
        if let named {
            guard named.count == shares else { throw .ursulaCountMismatch(shares: shares, ursulas: named.count) }
            var seen = Set<Address>()
            var profiles: [UrsulaProfile] = []
            for address in named {
                guard seen.insert(address).inserted else { throw .duplicateUrsula(address) }
                guard try await ledger.isStaked(address) else { throw .ursulaNotStaked(address) }
                profiles.append(try await transport.profile(of: address))
            }
            return profiles
        }
        var staked: [UrsulaProfile] = []
        for ursula in try await transport.knownUrsulas() where try await ledger.isStaked(ursula.stakingProviderAddress) {
            staked.append(ursula)
        }
        guard staked.count >= shares else { throw .notEnoughUrsulas(needed: shares, available: staked.count) }
        staked.shuffle(using: &rng)
        return Array(staked.prefix(shares))
    }

    /// Alice's signed revocation orders for `policy`, one per Ursula, in address order.
    ///
    /// Each order names the Ursula and the encrypted kFrag the treasure map holds for her, signed
    /// with Alice's publisher signer over the address and the headered kFrag bytes, as nucypher's
    /// `TreasureMap.make_revocation_orders` does.
    ///
    /// - Parameter policy: A policy Alice granted.
    /// - Returns: The orders.
    public func revocationOrders(for policy: Policy) -> [RevocationOrder] {
        policy.treasureMap.destinations.sorted { $0.key < $1.key }.map { address, encryptedKeyFrag in
            RevocationOrder(signer: signer, stakingProviderAddress: address, encryptedKeyFrag: encryptedKeyFrag)
        }
    }

    /// Alice revokes `policy`: every Ursula is told to drop her kFrag, and the ledger marks it revoked.
    ///
    /// Ursulas that cannot be reached or refuse the order do not stop the revocation; they are
    /// returned, so Alice can try them again. Once the ledger marks the policy revoked, even an
    /// Ursula that missed her order refuses it.
    ///
    /// - Parameter policy: A policy Alice granted.
    /// - Returns: The Ursulas that did not confirm the revocation, with the reason; empty when all did.
    /// - Throws: What the ledger throws when marking the policy revoked, such as
    ///   ``KMSPolicyError/policyNotFound(_:)``.
    @discardableResult
    public func revoke(_ policy: Policy) async throws(KMSPolicyError) -> [UrsulaFault] {
        var faults: [UrsulaFault] = []
        for order in revocationOrders(for: policy) {
            do {
                try await transport.revoke(order, publisherVerifyingKey: verifyingKey)
            } catch {
                faults.append(UrsulaFault(address: order.stakingProviderAddress, reason: .init(transportError: error)))
            }
        }
        try await ledger.revokePolicy(policy.hrac, owner: Address(publicKey: verifyingKey))
        return faults
    }
}

extension UrsulaFault.Reason {
    /// How an error from the transport reflects on the Ursula: down, or refusing.
    init(transportError error: KMSPolicyError) {
        switch error {
        case let .ursulaUnreachable(_, reason): self = .unreachable(reason)
        case .unknownUrsula: self = .unreachable("unknown to the transport")
        default: self = .refused(error)
        }
    }
}
