public import UmbralCore

/// A data source: Enrico encrypts messages for a policy, knowing nothing but its public key.
///
/// Alice gives the policy encrypting key (``Alice/policyEncryptingKey(label:)`` or
/// ``Policy/policyEncryptingKey``) to whoever produces data, say a sensor or a service. That
/// producer, Enrico, encrypts each message into a ``MessageKit`` that Alice can open with the
/// policy's secret key and Bob can open once enough Ursulas re-encrypt its capsule. Enrico holds no
/// secret at all, so he can be handed out freely.
///
/// ```swift
/// let enrico = Enrico(policyEncryptingKey: policy.policyEncryptingKey)
/// let kit = try enrico.encrypt(Array("heart rate 61".utf8))
/// ```
public struct Enrico: Hashable, Sendable {
    /// The policy's public key, which every message kit is encrypted under.
    public let policyEncryptingKey: PublicKey

    /// Enrico for the policy whose public key is `policyEncryptingKey`.
    ///
    /// - Parameter policyEncryptingKey: The policy's public key, from Alice.
    public init(policyEncryptingKey: PublicKey) {
        self.policyEncryptingKey = policyEncryptingKey
    }

    /// Encrypts `plaintext` for the policy, with the system's secure random generator.
    ///
    /// - Parameters:
    ///   - plaintext: The message.
    ///   - conditions: Access conditions for Ursulas to enforce (JSON by convention), or `nil`.
    ///     They are not authenticated; see ``MessageKit/conditions``.
    /// - Returns: The message kit, for Bob (or Alice) to open.
    /// - Throws: ``KMSPolicyError/encryptionFailed(object:_:)`` only if the random source or the
    ///   crypto backend fails.
    public func encrypt(_ plaintext: [UInt8], conditions: String? = nil) throws(KMSPolicyError) -> MessageKit {
        try MessageKit(policyEncryptingKey: policyEncryptingKey, plaintext: plaintext, conditions: conditions)
    }

    /// Encrypts `plaintext` for the policy with randomness from `rng`, which must be
    /// cryptographically secure outside tests.
    ///
    /// - Parameters:
    ///   - plaintext: The message.
    ///   - conditions: Access conditions for Ursulas to enforce, or `nil`.
    ///   - rng: The source of the capsule's and the nonce's randomness.
    /// - Returns: The message kit.
    /// - Throws: ``KMSPolicyError/encryptionFailed(object:_:)`` only if the crypto backend fails.
    public func encrypt(
        _ plaintext: [UInt8], conditions: String? = nil, using rng: inout some RandomNumberGenerator
    ) throws(KMSPolicyError) -> MessageKit {
        try MessageKit(policyEncryptingKey: policyEncryptingKey, plaintext: plaintext, conditions: conditions, using: &rng)
    }
}
