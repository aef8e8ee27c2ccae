public import UmbralCore

/// The "hashed resource authentication code" that names one policy: 16 bytes.
///
/// Alice computes it when she grants Bob access, from her publisher verifying key, Bob's
/// verifying key and the policy label, and signs it into every kFrag she hands out (see
/// ``AuthorizedKeyFrag``). It travels in the ``TreasureMap``, and Bob quotes it in each
/// re-encryption request so that an Ursula can check Alice's signature on her kFrag. Nobody but
/// Alice and Bob knows the label, so Ursulas cannot link an HRAC to a label.
///
/// The value is `Keccak-256(publisher_vk(33) ‖ bob_vk(33) ‖ label)`, truncated to its first 16
/// bytes. Standalone it is the raw 16 bytes (no header); inside objects it is MessagePack `bin` 16.
public struct HRAC: Hashable, Sendable, CustomStringConvertible {
    /// The size of an HRAC in bytes.
    public static let byteCount = 16

    /// The 16 raw bytes.
    public let bytes: [UInt8]

    /// Alice's HRAC for the policy she grants Bob under `label`.
    ///
    /// - Parameters:
    ///   - publisherVerifyingKey: Alice's publisher (signing) public key.
    ///   - bobVerifyingKey: Bob's verifying (signing) public key; not his encrypting key.
    ///   - label: The policy label, any bytes (`Array("label".utf8)` for text).
    public init(publisherVerifyingKey: PublicKey, bobVerifyingKey: PublicKey, label: some Collection<UInt8>) {
        let digest = Keccak256.hash(publisherVerifyingKey.compressedBytes + bobVerifyingKey.compressedBytes + label)
        self.bytes = Array(digest.prefix(Self.byteCount))
    }

    /// An HRAC from its 16 raw bytes, as Bob or an Ursula receive it.
    ///
    /// Throws ``KMSPolicyError/invalidLength(object:expected:actual:)`` for any other length.
    public init(bytes: some Collection<UInt8>) throws(KMSPolicyError) {
        let bytes = Array(bytes)
        guard bytes.count == Self.byteCount else {
            throw .invalidLength(object: "HRAC", expected: Self.byteCount, actual: bytes.count)
        }
        self.bytes = bytes
    }

    /// The 32 lower-case hex digits.
    public var description: String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
