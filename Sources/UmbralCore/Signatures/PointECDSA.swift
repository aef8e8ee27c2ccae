/// ECDSA written over a ``CurvePoint``'s arithmetic: the libcrypto backend's implementation, and
/// with the `LibSecp256k1` trait the reference its libsecp256k1 signatures are tested against.
enum PointECDSA<P: CurvePoint> {
    /// Signs a 32-byte prehash with `secretKey`, hedging the nonce with `extraEntropy`: RFC 6979's
    /// seed is key ‖ reduced prehash ‖ extraEntropy, as in libsecp256k1's nonce function.
    static func sign(prehash: [UInt8], secretKey: Scalar, extraEntropy: [UInt8]) -> ECDSA.RawSignature {
        let z = Scalar.reducing(bigEndianBytes: prehash)
        var nonces = RFC6979Nonces(secretKey: secretKey, prehash: z, extraEntropy: extraEntropy)
        while true {
            let k = nonces.next()
            guard let kInverse = k.inverted() else { continue }
            let bigR = P.generatorMultiple(k)
            guard let coordinates = bigR.affineCoordinates else { continue }
            // R is public: anyone recovers it from (r, s) and the recovery id. Declassified here,
            // r and the recovery id's bits are computed from public coordinates.
            let (x, y) = (declassified(coordinates.x), declassified(coordinates.y))
            let r = Scalar.reducing(bigEndianBytes: x)
            guard !r.isZero else { continue }
            // s is the signature itself: public from here on.
            var s = declassified(kInverse * (z + r * secretKey))
            guard !s.isZero else { continue }
            let xReduced: UInt8 = r.bigEndianBytes == x ? 0 : 2
            var yOdd: UInt8 = (y.last ?? 0) & 1
            if s.isHigh {
                // (r, n − s) is the same signature for the point −R, whose y has the other parity.
                s = s.negated
                yOdd ^= 1
            }
            return ECDSA.RawSignature(r: r, s: s, recoveryID: yOdd | xReduced)
        }
    }

    /// Standard verification of (r, s) over `prehash`; r and s must already be in [1, n).
    /// Public inputs only, so the faster variable-time multi-scalar multiplication is used.
    static func verify(prehash: [UInt8], r: Scalar, s: Scalar, publicKey: P) -> Bool {
        guard !r.isZero, !s.isZero, !s.isHigh, let w = s.inverted() else { return false }
        let z = Scalar.reducing(bigEndianBytes: prehash)
        let bigR = P.linearCombination([(r * w, publicKey)], generatorScalar: z * w)
        guard let (x, _) = bigR.affineCoordinates else { return false }
        return Scalar.reducing(bigEndianBytes: x) == r
    }

    /// The public key that makes (r, s) valid for `prehash` under recovery id `recoveryID`.
    static func recover(prehash: [UInt8], r: Scalar, s: Scalar, recoveryID: UInt8) -> P? {
        guard !r.isZero, !s.isZero, recoveryID < 4, let rInverse = r.inverted() else { return nil }
        var x = r.bigEndianBytes
        if recoveryID & 2 != 0 {
            // R.x = r + n must still be a field element.
            guard let lifted = addOrder(to: x) else { return nil }
            x = lifted
        }
        let prefix: UInt8 = recoveryID & 1 == 1 ? 0x03 : 0x02
        guard let bigR = try? P(compressedBytes: [prefix] + x, field: "R") else { return nil }
        let z = Scalar.reducing(bigEndianBytes: prehash)
        // Q = r⁻¹·(s·R − z·G)
        let q = P.linearCombination([(rInverse * s, bigR)], generatorScalar: (rInverse * z).negated)
        guard !q.isIdentity, verify(prehash: prehash, r: r, s: s, publicKey: q) else { return nil }
        return q
    }

    /// r + n as 32 bytes, or nil when it is not below p.
    private static func addOrder(to r: [UInt8]) -> [UInt8]? {
        var result = [UInt8](repeating: 0, count: 32)
        var carry = 0
        let order = Secp256k1Group.orderBytes
        for index in stride(from: 31, through: 0, by: -1) {
            let sum = Int(r[index]) + Int(order[index]) + carry
            result[index] = UInt8(sum & 0xff)
            carry = sum >> 8
        }
        guard carry == 0, result.lexicographicallyPrecedes(Secp256k1Group.primeBytes) else { return nil }
        return result
    }
}

/// RFC 6979 §3.2 nonce generation with HMAC-SHA256, with optional additional data k′ (§3.6).
struct RFC6979Nonces {
    private var k: [UInt8]
    private var v: [UInt8]
    private var first = true

    init(secretKey: Scalar, prehash: Scalar, extraEntropy: [UInt8]) {
        let seed = secretKey.bigEndianBytes + prehash.bigEndianBytes + extraEntropy
        k = [UInt8](repeating: 0, count: 32)
        v = [UInt8](repeating: 1, count: 32)
        k = hmacSHA256(key: k, message: v + [0x00] + seed)
        v = hmacSHA256(key: k, message: v)
        k = hmacSHA256(key: k, message: v + [0x01] + seed)
        v = hmacSHA256(key: k, message: v)
    }

    /// The next candidate in [1, n).
    mutating func next() -> Scalar {
        while true {
            if !first {
                k = hmacSHA256(key: k, message: v + [0x00])
                v = hmacSHA256(key: k, message: v)
            }
            first = false
            v = hmacSHA256(key: k, message: v)
            if let candidate = try? Scalar(nonZeroBigEndianBytes: v, field: "nonce") {
                return candidate
            }
        }
    }
}
