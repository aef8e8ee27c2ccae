public import UmbralCore

/// Where an Ursula keeps what she promised: the arrangements she accepted, the kFrags Alice
/// revoked, and a log of the re-encryptions she served. The storage seam of KMSPolicy.
///
/// An implementation must make every write durable before it returns: Ursula answers "accepted"
/// only after ``storeArrangement(_:)`` returns, and a restarted Ursula must still serve it.
/// ``InMemoryUrsulaVault`` keeps everything in memory; KMSNetwork provides one on SQLite.
public protocol UrsulaVault: Sendable {
    /// Keeps an accepted arrangement. Storing the same arrangement again changes nothing.
    ///
    /// - Throws: ``KMSPolicyError/conflictingArrangement(_:)`` if a different arrangement is kept
    ///   for the same HRAC; ``KMSPolicyError/storageFailed(_:)`` if it could not be written.
    func storeArrangement(_ arrangement: Arrangement) async throws(KMSPolicyError)

    /// The arrangement accepted for `hrac`, if any.
    func arrangement(for hrac: HRAC) async throws(KMSPolicyError) -> Arrangement?

    /// Keeps Alice's revocation of `order`'s kFrag, made with `publisherVerifyingKey`.
    func storeRevocation(_ order: RevocationOrder, publisherVerifyingKey: PublicKey) async throws(KMSPolicyError)

    /// Whether the publisher `publisherVerifyingKey` revoked `encryptedKeyFrag` here.
    func isRevoked(_ encryptedKeyFrag: EncryptedKeyFrag, publisherVerifyingKey: PublicKey) async throws(KMSPolicyError) -> Bool

    /// Logs that `capsuleCount` capsules of the policy `hrac` were re-encrypted at `time`.
    func recordReencryption(hrac: HRAC, capsuleCount: Int, at time: UnixTime) async throws(KMSPolicyError)
}
