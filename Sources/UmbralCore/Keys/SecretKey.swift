/// A secret key: a non-zero scalar modulo the secp256k1 order.
///
/// Alice holds one to encrypt for herself and to delegate; Bob holds one to open what Ursulas
/// re-encrypted for him. The value is used only in constant-time arithmetic, is wiped from its
/// storage when the last copy of the key goes, and is never printed: ``description`` shows only
/// the type name.
public struct SecretKey: Sendable, CustomStringConvertible {
    private let storage: SecretScalar

    /// The matching public key, sk·G, computed once: decryption and signing need it again and
    /// again, and each computation is a full constant-time scalar multiplication.
    public let publicKey: PublicKey

    var scalar: Scalar { storage.value }

    init(scalar: Scalar) {
        // A zero key is a programming error that stops the process: public by design.
        precondition(!declassified(scalar.isZero), "a secret key is never zero")
        self.storage = SecretScalar(scalar)
        self.publicKey = PublicKey(point: .generatorMultiple(scalar))
    }

    /// A fresh key from the system's cryptographically secure generator.
    ///
    /// - Returns: A uniformly random key in [1, n).
    public static func random() -> SecretKey {
        var rng = SystemRandom()
        return random(using: &rng)
    }

    /// A fresh key drawn from `rng`.
    ///
    /// Exists so tests can reproduce keys; ``random()`` is the one to use otherwise.
    ///
    /// - Parameter rng: The source of randomness; it must be cryptographically secure outside tests.
    /// - Returns: A uniformly random key in [1, n).
    public static func random(using rng: inout some RandomNumberGenerator) -> SecretKey {
        SecretKey(scalar: .random(using: &rng))
    }

    /// Reads a key from its 32-byte big-endian form (`SecretKey.to_be_bytes()` in umbral-pre).
    ///
    /// - Parameter bigEndianBytes: The key as 32 big-endian bytes, a value in [1, n).
    /// - Throws: ``UmbralError/invalidLength(field:expected:actual:)`` unless exactly 32 bytes,
    ///   ``UmbralError/zeroScalar(field:)`` for zero and ``UmbralError/scalarOutOfRange(field:)``
    ///   for values ≥ n.
    public init(bigEndianBytes: [UInt8]) throws(UmbralError) {
        self.init(scalar: try Scalar(nonZeroBigEndianBytes: bigEndianBytes, field: "secret key"))
    }

    /// The 32-byte big-endian form. This copies the secret out of protected storage: write it where
    /// it must go and let it go out of scope.
    public var bigEndianBytes: [UInt8] { scalar.bigEndianBytes }

    /// Always `SecretKey(…)`: secrets never reach logs or error messages.
    public var description: String { "SecretKey(…)" }
}
