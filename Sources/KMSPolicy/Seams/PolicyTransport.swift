public import UmbralCore

/// How Alice and Bob reach Ursulas and each other's treasure maps: the network seam of KMSPolicy.
///
/// The characters never open a socket. Alice asks a transport who the Ursulas are, publishes the
/// treasure map she encrypted for Bob, and delivers revocation orders; Bob finds that map again and
/// sends each Ursula his re-encryption request. ``InMemoryNetwork`` implements the seam inside one
/// process (the "MockNet" of 2018); a networked implementation carries the same objects in their
/// nucypher-core byte forms.
///
/// Every failure is a ``KMSPolicyError``. An implementation reports an Ursula it cannot reach as
/// ``KMSPolicyError/ursulaUnreachable(_:reason:)`` and an address it has never heard of as
/// ``KMSPolicyError/unknownUrsula(_:)``; whatever an Ursula herself refuses with is passed through
/// unchanged, so Bob can tell "she is down" from "she said no".
public protocol PolicyTransport: Sendable {
    /// Every Ursula this transport can reach, for Alice to choose a policy's Ursulas from.
    ///
    /// - Returns: Their profiles, in ascending address order.
    func knownUrsulas() async throws(KMSPolicyError) -> [UrsulaProfile]

    /// One Ursula's public keys.
    ///
    /// - Parameter address: Her staking-provider address.
    /// - Returns: Her profile.
    /// - Throws: ``KMSPolicyError/unknownUrsula(_:)`` or ``KMSPolicyError/ursulaUnreachable(_:reason:)``.
    func profile(of address: Address) async throws(KMSPolicyError) -> UrsulaProfile

    /// Hands Alice's arrangement (the kFrag sealed to her) to the Ursula at `address`, who checks it
    /// and keeps it; returns once she has accepted it.
    ///
    /// - Parameters:
    ///   - arrangement: The arrangement for that Ursula.
    ///   - address: Her staking-provider address.
    /// - Throws: ``KMSPolicyError/ursulaUnreachable(_:reason:)`` or
    ///   ``KMSPolicyError/unknownUrsula(_:)`` when she cannot be asked, otherwise the error she
    ///   refused with.
    func arrange(_ arrangement: Arrangement, at address: Address) async throws(KMSPolicyError)

    /// Delivers Bob's request to the Ursula at `address` and brings back her signed answer.
    ///
    /// - Parameters:
    ///   - request: Bob's request, naming the kFrag the treasure map holds for her.
    ///   - address: Her staking-provider address.
    /// - Returns: Her response, not yet verified: Bob checks it.
    /// - Throws: ``KMSPolicyError/ursulaUnreachable(_:reason:)`` or
    ///   ``KMSPolicyError/unknownUrsula(_:)`` when she cannot be asked, otherwise the error she
    ///   refused with.
    func reencrypt(_ request: ReencryptionRequest, at address: Address) async throws(KMSPolicyError)
        -> ReencryptionResponse

    /// Delivers Alice's revocation order to the Ursula it names.
    ///
    /// - Parameters:
    ///   - order: The signed order; its ``RevocationOrder/stakingProviderAddress`` says where it goes.
    ///   - publisherVerifyingKey: Alice's publisher verifying key, which signed the order and the kFrag.
    /// - Throws: as ``reencrypt(_:at:)``.
    func revoke(_ order: RevocationOrder, publisherVerifyingKey: PublicKey) async throws(KMSPolicyError)

    /// Stores the treasure map Alice encrypted for Bob, under the policy's HRAC.
    ///
    /// Anyone may read it back; only Bob can open it.
    ///
    /// - Parameters:
    ///   - treasureMap: The encrypted map.
    ///   - hrac: The policy's HRAC, which Bob can compute from Alice's key, his own and the label.
    func publish(_ treasureMap: EncryptedTreasureMap, for hrac: HRAC) async throws(KMSPolicyError)

    /// The treasure map published for `hrac`.
    ///
    /// - Parameter hrac: The policy's HRAC.
    /// - Returns: The encrypted map, as published.
    /// - Throws: ``KMSPolicyError/treasureMapNotFound(_:)`` when nothing was published for it.
    func treasureMap(for hrac: HRAC) async throws(KMSPolicyError) -> EncryptedTreasureMap
}
