/// ECDSA over secp256k1 with SHA-256, as umbral-pre 0.11 signs and verifies.
///
/// Signing hashes the message with plain SHA-256, draws the nonce from RFC 6979's HMAC-DRBG hedged
/// with 32 fresh random bytes (so signatures are not deterministic, as in umbral-pre), and always
/// emits low-S. Verification accepts only low-S.
///
/// The work is done by the curve backend (``CurvePoint``): libcrypto builds use ``PointECDSA``, the
/// Swift implementation over the point arithmetic; `LibSecp256k1` builds call libsecp256k1's
/// ECDSA, which derives the same nonces and so signs the same bytes.
enum ECDSA {
    struct RawSignature {
        let r: Scalar
        let s: Scalar
        /// Bit 0: R.y is odd; bit 1: R.x was reduced mod n (k256's recovery id).
        let recoveryID: UInt8
    }

    /// Signs a 32-byte prehash with `secretKey`, hedging the nonce with `extraEntropy` (32 bytes,
    /// or none for plain RFC 6979).
    static func sign(prehash: [UInt8], secretKey: Scalar, extraEntropy: [UInt8]) -> RawSignature {
        Point.ecdsaSign(prehash: prehash, secretKey: secretKey, extraEntropy: extraEntropy)
    }

    /// Standard verification of (r, s) over `prehash`; r and s must already be in [1, n).
    static func verify(prehash: [UInt8], r: Scalar, s: Scalar, publicKey: Point) -> Bool {
        Point.ecdsaVerify(prehash: prehash, r: r, s: s, publicKey: publicKey)
    }

    /// The public key that makes (r, s) valid for `prehash` under recovery id `recoveryID`.
    static func recover(prehash: [UInt8], r: Scalar, s: Scalar, recoveryID: UInt8) -> Point? {
        Point.ecdsaRecover(prehash: prehash, r: r, s: s, recoveryID: recoveryID)
    }
}
