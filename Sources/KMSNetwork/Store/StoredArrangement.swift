public import KMSPolicy
public import UmbralCore

/// A policy arrangement an Ursula accepted: the kFrag Alice sealed to her for one policy, and what
/// she needs to serve it.
///
/// One per HRAC. It is what ``UrsulaDatabase`` keeps, and what a restarted Ursula reads back to
/// answer Bob for every arrangement she acknowledged.
public struct StoredArrangement: Hashable, Sendable {
    /// The policy's HRAC, which names the arrangement.
    public let hrac: HRAC

    /// Alice's publisher verifying key, which signed the kFrag.
    public let publisherVerifyingKey: PublicKey

    /// The kFrag, still encrypted for this Ursula, as Alice sent it.
    public let encryptedKeyFrag: EncryptedKeyFrag

    /// When the policy expires, if the Ursula was told; the policy ledger is the authority.
    public let expiration: UnixTime?

    /// When the Ursula accepted the arrangement.
    public let acceptedAt: UnixTime

    /// An arrangement from its parts.
    ///
    /// - Parameters:
    ///   - hrac: The policy's HRAC.
    ///   - publisherVerifyingKey: Alice's publisher verifying key.
    ///   - encryptedKeyFrag: The kFrag sealed to this Ursula.
    ///   - expiration: When the policy expires, if known.
    ///   - acceptedAt: When the Ursula accepted it.
    public init(
        hrac: HRAC, publisherVerifyingKey: PublicKey, encryptedKeyFrag: EncryptedKeyFrag, expiration: UnixTime?,
        acceptedAt: UnixTime
    ) {
        self.hrac = hrac
        self.publisherVerifyingKey = publisherVerifyingKey
        self.encryptedKeyFrag = encryptedKeyFrag
        self.expiration = expiration
        self.acceptedAt = acceptedAt
    }

    /// Alice's arrangement, accepted at `acceptedAt`.
    ///
    /// - Parameters:
    ///   - arrangement: The arrangement Alice sent.
    ///   - expiration: When the policy expires, if known (from the ledger record).
    ///   - acceptedAt: When the Ursula accepted it.
    public init(_ arrangement: Arrangement, expiration: UnixTime? = nil, acceptedAt: UnixTime) {
        self.init(
            hrac: arrangement.hrac, publisherVerifyingKey: arrangement.publisherVerifyingKey,
            encryptedKeyFrag: arrangement.encryptedKeyFrag, expiration: expiration, acceptedAt: acceptedAt)
    }

    /// The arrangement as Alice sent it, without what the Ursula added.
    public var arrangement: Arrangement {
        Arrangement(hrac: hrac, publisherVerifyingKey: publisherVerifyingKey, encryptedKeyFrag: encryptedKeyFrag)
    }

    /// Whether `other` is the same arrangement, whenever each was accepted: same HRAC, publisher,
    /// kFrag and expiration.
    ///
    /// - Parameter other: Another arrangement.
    /// - Returns: `true` if only ``acceptedAt`` may differ.
    public func hasSameTerms(as other: StoredArrangement) -> Bool {
        hrac == other.hrac && publisherVerifyingKey == other.publisherVerifyingKey
            && encryptedKeyFrag == other.encryptedKeyFrag && expiration == other.expiration
    }
}

/// What ``UrsulaDatabase/saveArrangement(_:)`` did.
public enum ArrangementSaveOutcome: Hashable, Sendable {
    /// The arrangement is new and is now on disk.
    case stored

    /// The same arrangement was already stored (Alice sent it again); nothing changed, and the
    /// first ``StoredArrangement/acceptedAt`` is kept.
    case alreadyStored
}

/// Counts of what an Ursula's store holds, for a status endpoint.
public struct UrsulaStoreStatistics: Hashable, Sendable {
    /// Arrangements accepted (one per policy).
    public let arrangementCount: Int

    /// kFrags revoked by their publisher.
    public let revocationCount: Int

    /// Re-encryption requests served.
    public let reencryptionCount: Int

    /// Capsules re-encrypted across all served requests.
    public let reencryptedCapsuleCount: Int

    /// Statistics from their parts.
    ///
    /// - Parameters:
    ///   - arrangementCount: Arrangements accepted.
    ///   - revocationCount: kFrags revoked.
    ///   - reencryptionCount: Requests served.
    ///   - reencryptedCapsuleCount: Capsules re-encrypted.
    public init(arrangementCount: Int, revocationCount: Int, reencryptionCount: Int, reencryptedCapsuleCount: Int) {
        self.arrangementCount = arrangementCount
        self.revocationCount = revocationCount
        self.reencryptionCount = reencryptionCount
        self.reencryptedCapsuleCount = reencryptedCapsuleCount
    }
}
