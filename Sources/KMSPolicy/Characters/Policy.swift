public import UmbralCore

/// A grant, as Alice keeps it: Bob may have the data under one label decrypted by `threshold` of
/// `shares` Ursulas until ``expiration``.
///
/// ``Alice/grant(to:label:threshold:shares:expiration:ursulas:)`` returns it. Alice keeps it to
/// revoke the policy later (``Alice/revoke(_:)``); she gives Enrico its ``policyEncryptingKey``
/// and, if she does not rely on the transport to publish it, Bob its ``encryptedTreasureMap``.
/// It holds no secret: every kFrag in it is encrypted to its Ursula.
public struct Policy: Hashable, Sendable {
    /// The label the policy's key was derived from.
    public let label: [UInt8]

    /// The policy's HRAC: Keccak-256 of Alice's and Bob's verifying keys and the label, truncated.
    public let hrac: HRAC

    /// Bob, whom the policy is for.
    public let bob: BobCard

    /// How many Ursulas' cFrags Bob needs (the `m` of m-of-n).
    public let threshold: Int

    /// How many Ursulas hold a kFrag (the `n` of m-of-n).
    public let shares: Int

    /// When the policy stops being active.
    public let expiration: UnixTime

    /// The policy's public key, which Enrico encrypts for.
    public let policyEncryptingKey: PublicKey

    /// Alice's publisher verifying key, which signed every kFrag and the treasure map.
    public let publisherVerifyingKey: PublicKey

    /// The map of Ursulas and their encrypted kFrags, as Alice built it.
    public let treasureMap: TreasureMap

    /// The same map signed and encrypted for Bob.
    public let encryptedTreasureMap: EncryptedTreasureMap

    /// The staking-provider addresses of the policy's Ursulas, ascending.
    public var ursulas: [Address] {
        treasureMap.destinations.keys.sorted()
    }

    /// A policy from its parts; ``Alice/grant(to:label:threshold:shares:expiration:ursulas:)`` is how
    /// one is normally made.
    ///
    /// - Parameters:
    ///   - label: The policy label.
    ///   - bob: Bob's card.
    ///   - expiration: When the policy stops being active.
    ///   - treasureMap: The treasure map; it supplies the HRAC, threshold, keys and Ursulas.
    ///   - encryptedTreasureMap: The map encrypted for Bob.
    public init(
        label: [UInt8], bob: BobCard, expiration: UnixTime, treasureMap: TreasureMap,
        encryptedTreasureMap: EncryptedTreasureMap
    ) {
        self.label = label
        self.hrac = treasureMap.hrac
        self.bob = bob
        self.threshold = treasureMap.threshold
        self.shares = treasureMap.destinations.count
        self.expiration = expiration
        self.policyEncryptingKey = treasureMap.policyEncryptingKey
        self.publisherVerifyingKey = treasureMap.publisherVerifyingKey
        self.treasureMap = treasureMap
        self.encryptedTreasureMap = encryptedTreasureMap
    }
}
