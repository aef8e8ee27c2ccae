internal import CUmbralOpenSSL

/// An integer modulo the secp256k1 group order n: the scalar half of UmbralCore's curve seam.
///
/// The protocol code sees only this type and ``Point``; the backend (OpenSSL BIGNUM here) stays
/// behind them. Every scalar is treated as secret: arithmetic is constant-time, storage is cleared
/// on free, and equality compares in constant time.
struct Scalar: @unchecked Sendable {
    let bn: BigNum

    private init(_ bn: BigNum) {
        self.bn = bn
    }

    private static var group: Secp256k1Group { .shared }

    // MARK: Construction

    /// Parses 32 big-endian bytes as a value in [0, n) (Umbral's `CurveScalar`).
    init(bigEndianBytes bytes: [UInt8], field: String) throws(UmbralError) {
        guard bytes.count == 32 else {
            throw .invalidLength(field: field, expected: "32", actual: bytes.count)
        }
        let bn = BigNum(bigEndian: bytes)
        guard bn.compare(Scalar.group.order) < 0 else {
            throw .scalarOutOfRange(field: field)
        }
        self.init(bn)
    }

    /// Parses 32 big-endian bytes as a value in [1, n) (Umbral's `NonZeroCurveScalar`).
    init(nonZeroBigEndianBytes bytes: [UInt8], field: String) throws(UmbralError) {
        try self.init(bigEndianBytes: bytes, field: field)
        guard !bn.isZero else { throw .zeroScalar(field: field) }
    }

    /// A uniform value in [1, n): 32 bytes are drawn and rejected until one is in range.
    static func random(using rng: inout some RandomNumberGenerator) -> Scalar {
        while true {
            let bn = BigNum(bigEndian: rng.umbralRandomBytes(32))
            if !bn.isZero && bn.compare(group.order) < 0 {
                return Scalar(bn)
            }
        }
    }

    /// Umbral's digest-to-scalar: `(int(digest) mod (n − 1)) + 1`, never zero.
    static func fromDigest(_ digest: [UInt8]) -> Scalar {
        let value = BigNum(bigEndian: digest)
        let result = BigNum()
        withBNContext { ctx in
            precondition(BN_nnmod(result.pointer, value.pointer, group.orderMinusOne.pointer, ctx) == 1)
            precondition(BN_add_word(result.pointer, 1) == 1)
        }
        return Scalar(result)
    }

    /// Any 32-byte (or shorter) big-endian integer reduced mod n: ECDSA's message and r values.
    static func reducing(bigEndianBytes bytes: [UInt8]) -> Scalar {
        let value = BigNum(bigEndian: bytes)
        let result = BigNum()
        withBNContext { ctx in
            precondition(BN_nnmod(result.pointer, value.pointer, group.order.pointer, ctx) == 1)
        }
        return Scalar(result)
    }

    static func fromWord(_ word: UInt) -> Scalar {
        Scalar(BigNum(word: word))
    }

    static var one: Scalar { fromWord(1) }

    // MARK: Output

    /// The value as exactly 32 big-endian bytes.
    var bigEndianBytes: [UInt8] { bn.bigEndianBytes(count: 32) }

    var isZero: Bool { bn.isZero }

    /// Whether the value exceeds ⌊n/2⌋ (a "high" ECDSA s). Only used on public signature values.
    var isHigh: Bool { bn.compare(Scalar.group.halfOrder) > 0 }

    // MARK: Arithmetic (mod n, constant-time)

    private typealias ModOp = (OpaquePointer?, OpaquePointer?, OpaquePointer?, OpaquePointer?, OpaquePointer?) -> Int32

    private static func apply(_ op: ModOp, _ a: Scalar, _ b: Scalar) -> Scalar {
        let result = BigNum()
        withBNContext { ctx in
            precondition(op(result.pointer, a.bn.pointer, b.bn.pointer, group.order.pointer, ctx) == 1)
        }
        return Scalar(result)
    }

    static func + (a: Scalar, b: Scalar) -> Scalar { apply(BN_mod_add, a, b) }
    static func - (a: Scalar, b: Scalar) -> Scalar { apply(BN_mod_sub, a, b) }
    static func * (a: Scalar, b: Scalar) -> Scalar { apply(BN_mod_mul, a, b) }

    /// −a mod n.
    var negated: Scalar { Scalar.fromWord(0) - self }

    /// The multiplicative inverse, by Fermat's little theorem (a^(n−2) mod n) with a constant-time
    /// exponentiation; nil for zero.
    func inverted() -> Scalar? {
        guard !isZero else { return nil }
        let result = BigNum()
        withBNContext { ctx in
            precondition(
                BN_mod_exp_mont_consttime(
                    result.pointer, bn.pointer, Scalar.group.orderMinusTwo.pointer,
                    Scalar.group.order.pointer, ctx, nil) == 1)
        }
        return Scalar(result)
    }
}

extension Scalar: Equatable {
    /// Constant-time comparison of the 32-byte encodings.
    static func == (a: Scalar, b: Scalar) -> Bool {
        constantTimeEqual(a.bigEndianBytes, b.bigEndianBytes)
    }
}

/// Compares two byte strings in time that depends only on their lengths.
func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    guard !a.isEmpty else { return true }
    return a.withUnsafeBytes { pa in
        b.withUnsafeBytes { pb in CRYPTO_memcmp(pa.baseAddress, pb.baseAddress, a.count) == 0 }
    }
}
