/// An ECDSA signature with its recovery byte, from which the signer's public key can be computed.
///
/// The form is 65 bytes r‖s‖v with v = (R.y odd) | (R.x ≥ n) << 1, as umbral-pre's
/// `RecoverableSignature`. Like ``Signature``, it must be low-S.
public struct RecoverableSignature: Sendable, Hashable, CustomStringConvertible {
    let signature: Signature
    let recoveryID: UInt8

    init(signature: Signature, recoveryID: UInt8) {
        self.signature = signature
        self.recoveryID = recoveryID
    }

    /// Reads the 65-byte r‖s‖v form.
    ///
    /// - Parameter bytes: r and s as 32 big-endian bytes each, then the recovery byte v in 0...3.
    /// - Throws: ``UmbralError/invalidLength(field:expected:actual:)`` unless exactly 65 bytes,
    ///   ``UmbralError/invalidRecoveryByte(_:)`` for v > 3, ``UmbralError/invalidSignatureComponent(_:)``
    ///   when r or s is zero or not below n, and ``UmbralError/highSSignature`` when s > n/2.
    public init(bytes: [UInt8]) throws(UmbralError) {
        guard bytes.count == 65 else {
            throw .invalidLength(field: "recoverable signature", expected: "65", actual: bytes.count)
        }
        guard bytes[64] < 4 else { throw .invalidRecoveryByte(bytes[64]) }
        self.signature = try Signature(bytes: Array(bytes[0..<64]))
        self.recoveryID = bytes[64]
    }

    /// The 65-byte r‖s‖v form.
    public var bytes: [UInt8] { signature.bytes + [recoveryID] }

    /// The public key that produced this signature over `prehash`.
    ///
    /// This is how a verifier learns who signed when only an address, not a key, is known in
    /// advance. The prehash is taken as ECDSA's `bits2field` does: at least 16 bytes; shorter than
    /// 32 is left-padded with zeros, longer is truncated to its first 32 bytes.
    ///
    /// - Parameter prehash: The digest that was signed (for ``Signer``, SHA-256 of the message).
    /// - Returns: The signer's public key, for which the signature verifies over `prehash`.
    /// - Throws: ``UmbralError/prehashTooShort(_:)`` for fewer than 16 bytes, or
    ///   ``UmbralError/recoveryFailed`` when no key fits r, s and the recovery byte.
    public func recoverPublicKey(prehash: [UInt8]) throws(UmbralError) -> PublicKey {
        guard prehash.count >= 16 else { throw .prehashTooShort(prehash.count) }
        let field = prehash.count >= 32
            ? Array(prehash.prefix(32))
            : [UInt8](repeating: 0, count: 32 - prehash.count) + prehash
        let (r, s) = try Signature.components(r: signature.r, s: signature.s)
        guard let point = ECDSA.recover(prehash: field, r: r, s: s, recoveryID: recoveryID) else {
            throw .recoveryFailed
        }
        return PublicKey(point: point)
    }

    /// `RecoverableSignature(` and the first eight bytes in hex `…)`.
    public var description: String { "RecoverableSignature(\(shortHex(bytes)))" }
}
