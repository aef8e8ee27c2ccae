/// Signs messages with a secret key: Alice's signer vouches for every kFrag she makes.
///
/// Signatures are ECDSA over SHA-256 of the message, hedged (RFC 6979 plus fresh randomness) and
/// always low-S, exactly as umbral-pre's `Signer`.
public struct Signer: Sendable, CustomStringConvertible {
    private let secretKey: SecretKey

    /// The public key that verifies this signer's signatures.
    public let verifyingKey: PublicKey

    /// A signer for `secretKey`.
    ///
    /// Alice can sign with her delegating key, but a separate key means the key that opens her data
    /// never signs anything.
    ///
    /// - Parameter secretKey: The signing key; its public key becomes ``verifyingKey``.
    public init(_ secretKey: SecretKey) {
        self.secretKey = secretKey
        self.verifyingKey = secretKey.publicKey
    }

    /// Signs `message`, hedging the nonce with the system's secure generator.
    ///
    /// - Parameter message: The message itself; it is hashed with SHA-256 here.
    /// - Returns: A low-S signature that ``Signature/verify(_:with:)`` accepts with ``verifyingKey``.
    public func sign(_ message: [UInt8]) -> Signature {
        var rng = SystemRandom()
        return sign(message, using: &rng)
    }

    /// Signs `message`, hedging the nonce with 32 bytes from `rng`.
    ///
    /// The random bytes only hedge RFC 6979: with a predictable `rng` the nonce falls back to the
    /// deterministic RFC 6979 one, derived from the key and the message, which remains safe.
    ///
    /// - Parameters:
    ///   - message: The message itself; it is hashed with SHA-256 here.
    ///   - rng: The source of the 32 hedging bytes; a seeded generator makes signatures reproducible.
    /// - Returns: A low-S signature that ``Signature/verify(_:with:)`` accepts with ``verifyingKey``.
    public func sign(_ message: [UInt8], using rng: inout some RandomNumberGenerator) -> Signature {
        Signature(signRecoverable(prehash: SHA256.hash(message), using: &rng))
    }

    func signRecoverable(prehash: [UInt8], using rng: inout some RandomNumberGenerator) -> ECDSA.RawSignature {
        ECDSA.sign(prehash: prehash, secretKey: secretKey.scalar, extraEntropy: rng.umbralRandomBytes(32))
    }

    /// Always `Signer(…)`.
    public var description: String { "Signer(…)" }
}
