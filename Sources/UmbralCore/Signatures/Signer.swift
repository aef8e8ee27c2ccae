/// Signs messages with a secret key: Alice's signer vouches for every kFrag she makes.
///
/// Signatures are ECDSA over SHA-256 of the message, hedged (RFC 6979 plus fresh randomness) and
/// always low-S, exactly as umbral-pre's `Signer`.
public struct Signer: Sendable, CustomStringConvertible {
    private let secretKey: SecretKey

    /// The public key that verifies this signer's signatures.
    public let verifyingKey: PublicKey

    /// A signer for `secretKey`.
    public init(_ secretKey: SecretKey) {
        self.secretKey = secretKey
        self.verifyingKey = secretKey.publicKey
    }

    /// Signs `message`, hedging the nonce with the system's secure generator.
    public func sign(_ message: [UInt8]) -> Signature {
        var rng = SystemRandomNumberGenerator()
        return sign(message, using: &rng)
    }

    /// Signs `message`, hedging the nonce with 32 bytes from `rng`.
    public func sign(_ message: [UInt8], using rng: inout some RandomNumberGenerator) -> Signature {
        Signature(signRecoverable(prehash: SHA256.hash(message), using: &rng))
    }

    func signRecoverable(prehash: [UInt8], using rng: inout some RandomNumberGenerator) -> ECDSA.RawSignature {
        ECDSA.sign(prehash: prehash, secretKey: secretKey.scalar, extraEntropy: rng.umbralRandomBytes(32))
    }

    /// Always `Signer(…)`.
    public var description: String { "Signer(…)" }
}
