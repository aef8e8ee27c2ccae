public import UmbralCore

/// Bob's public face: the two public keys Alice needs to grant him a policy.
///
/// Alice makes the kFrags for Bob's ``encryptingKey`` and encrypts the treasure map to it; the
/// policy's ``HRAC`` uses his ``verifyingKey``. Bob hands his card to Alice out of band
/// (``Bob/card``); it holds nothing secret.
public struct BobCard: Hashable, Sendable, CustomStringConvertible {
    /// The key cFrags and the treasure map are made for.
    public let encryptingKey: PublicKey

    /// The key that identifies Bob in the policy's HRAC and in his requests.
    public let verifyingKey: PublicKey

    /// A card from Bob's two public keys.
    ///
    /// - Parameters:
    ///   - encryptingKey: Bob's encrypting public key.
    ///   - verifyingKey: Bob's verifying public key.
    public init(encryptingKey: PublicKey, verifyingKey: PublicKey) {
        self.encryptingKey = encryptingKey
        self.verifyingKey = verifyingKey
    }

    /// `Bob(` and the first bytes of his verifying key `)`.
    public var description: String {
        "Bob(\(verifyingKey))"
    }
}
