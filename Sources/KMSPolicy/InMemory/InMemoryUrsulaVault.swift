public import UmbralCore

/// An ``UrsulaVault`` in memory, for tests and single-process prototypes; it forgets everything
/// when the process ends.
public actor InMemoryUrsulaVault: UrsulaVault {
    private struct RevokedKeyFrag: Hashable {
        let encryptedKeyFrag: EncryptedKeyFrag
        let publisherVerifyingKey: PublicKey
    }

    private var arrangements: [HRAC: Arrangement] = [:]
    private var revoked: Set<RevokedKeyFrag> = []

    /// How many capsules were re-encrypted, per policy.
    public private(set) var reencryptedCapsules: [HRAC: Int] = [:]

    /// An empty vault.
    public init() {}

    /// Keeps `arrangement`; see ``UrsulaVault/storeArrangement(_:)``.
    public func storeArrangement(_ arrangement: Arrangement) throws(KMSPolicyError) {
        if let kept = arrangements[arrangement.hrac] {
            guard kept == arrangement else { throw .conflictingArrangement(arrangement.hrac) }
            return
        }
        arrangements[arrangement.hrac] = arrangement
    }

    /// The arrangement accepted for `hrac`, if any.
    public func arrangement(for hrac: HRAC) -> Arrangement? {
        arrangements[hrac]
    }

    /// Keeps the revocation of `order`'s kFrag.
    public func storeRevocation(_ order: RevocationOrder, publisherVerifyingKey: PublicKey) {
        revoked.insert(RevokedKeyFrag(encryptedKeyFrag: order.encryptedKeyFrag, publisherVerifyingKey: publisherVerifyingKey))
    }

    /// Whether the kFrag was revoked by that publisher.
    public func isRevoked(_ encryptedKeyFrag: EncryptedKeyFrag, publisherVerifyingKey: PublicKey) -> Bool {
        revoked.contains(RevokedKeyFrag(encryptedKeyFrag: encryptedKeyFrag, publisherVerifyingKey: publisherVerifyingKey))
    }

    /// Adds `capsuleCount` to the policy's count.
    public func recordReencryption(hrac: HRAC, capsuleCount: Int, at time: UnixTime) {
        reencryptedCapsules[hrac, default: 0] += capsuleCount
    }
}
