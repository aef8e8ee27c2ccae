public import UmbralCore

/// An Ursula's two secret keys: one signs (her metadata, her re-encryption responses), the other
/// opens the kFrags Alice seals to her.
///
/// They are kept apart, as in nucypher, so that a signature never doubles as a decryption oracle.
/// ``NodeKeyStore`` keeps them encrypted at rest under a passphrase. ``description`` shows only the
/// public keys.
public struct NodeKeys: Sendable, CustomStringConvertible {
    /// The key behind her signatures.
    public let signingKey: SecretKey

    /// The key her kFrags are sealed to.
    public let decryptingKey: SecretKey

    /// Keys from their parts.
    ///
    /// - Parameters:
    ///   - signingKey: The signing key.
    ///   - decryptingKey: The decrypting key.
    public init(signingKey: SecretKey, decryptingKey: SecretKey) {
        self.signingKey = signingKey
        self.decryptingKey = decryptingKey
    }

    /// Two fresh keys from the system's secure generator.
    ///
    /// - Returns: New keys.
    public static func random() -> NodeKeys {
        NodeKeys(signingKey: .random(), decryptingKey: .random())
    }

    /// A signer over ``signingKey``.
    public var signer: Signer { Signer(signingKey) }

    /// The public half of ``signingKey``, which others check her signatures with.
    public var verifyingKey: PublicKey { signingKey.publicKey }

    /// The public half of ``decryptingKey``, which Alice seals kFrags to.
    public var encryptingKey: PublicKey { decryptingKey.publicKey }

    /// The public keys only: `NodeKeys(verifying: PublicKey(…), encrypting: PublicKey(…))`.
    public var description: String {
        "NodeKeys(verifying: \(verifyingKey), encrypting: \(encryptingKey))"
    }
}
