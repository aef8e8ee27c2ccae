/// An integer modulo the secp256k1 group order n: the scalar half of UmbralCore's curve seam.
///
/// The protocol code sees only this type and ``Point``; the backend stays behind them. Scalars
/// are treated as secret. The arithmetic is fixed-width (four 64-bit limbs, always fully
/// reduced) and written without branches or memory indices that depend on the values: carries
/// are propagated arithmetically and conditional corrections are applied through masks.
/// Multiplication is Montgomery multiplication; inversion is Fermat exponentiation by the public
/// exponent n − 2. Only ``isZero``, ``isHigh`` and the range checks of parsing return a `Bool`.
/// Code that branches on one of those for a secret value first declassifies it (see
/// `ConstantTimeCheck`): the bit is public by design, because it rejects input or a random draw.
struct Scalar: Sendable {
    /// Little-endian limbs: the value is l0 + l1·2⁶⁴ + l2·2¹²⁸ + l3·2¹⁹².
    private var l0, l1, l2, l3: UInt64

    private init(_ l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64) {
        (self.l0, self.l1, self.l2, self.l3) = (l0, l1, l2, l3)
    }

    /// Limb `index` (0 is least significant). Indices are loop counters, never secret.
    @inline(__always)
    private func limb(_ index: Int) -> UInt64 {
        switch index {
        case 0: l0
        case 1: l1
        case 2: l2
        default: l3
        }
    }

    // MARK: Constants

    /// The group order n.
    private static let n = Scalar(0xbfd2_5e8c_d036_4141, 0xbaae_dce6_af48_a03b, 0xffff_ffff_ffff_fffe, 0xffff_ffff_ffff_ffff)
    /// ⌊n / 2⌋.
    private static let halfN = Scalar(0xdfe9_2f46_681b_20a0, 0x5d57_6e73_57a4_501d, 0xffff_ffff_ffff_ffff, 0x7fff_ffff_ffff_ffff)
    /// R² mod n with R = 2²⁵⁶, to enter the Montgomery domain.
    private static let rSquared = Scalar(0x896c_f214_67d7_d140, 0x7414_96c2_0e7c_f878, 0xe697_f5e4_5bcd_07c6, 0x9d67_1cd5_81c6_9bc5)
    /// −n⁻¹ mod 2⁶⁴.
    private static let montgomeryFactor: UInt64 = 0x4b0d_ff66_5588_b13f

    static let zero = Scalar(0, 0, 0, 0)
    static let one = Scalar(1, 0, 0, 0)

    // MARK: Construction

    /// Reads up to 32 big-endian bytes without any check; the value may be ≥ n.
    private init(unreducedBigEndian bytes: [UInt8]) {
        precondition(bytes.count <= 32)
        var limbs: [UInt64] = [0, 0, 0, 0]
        for (index, byte) in bytes.reversed().enumerated() {
            limbs[index / 8] |= UInt64(byte) << (UInt64(index % 8) * 8)
        }
        self.init(limbs[0], limbs[1], limbs[2], limbs[3])
    }

    /// Parses 32 big-endian bytes as a value in [0, n) (Umbral's `CurveScalar`).
    init(bigEndianBytes bytes: [UInt8], field: String) throws(UmbralError) {
        guard bytes.count == 32 else {
            throw .invalidLength(field: field, expected: "32", actual: bytes.count)
        }
        let value = Scalar(unreducedBigEndian: bytes)
        // Whether the bytes are a scalar is the parser's public answer, even for a secret key.
        guard declassified(value.isBelowOrder) else { throw .scalarOutOfRange(field: field) }
        self = value
    }

    /// Parses 32 big-endian bytes as a value in [1, n) (Umbral's `NonZeroCurveScalar`).
    init(nonZeroBigEndianBytes bytes: [UInt8], field: String) throws(UmbralError) {
        try self.init(bigEndianBytes: bytes, field: field)
        guard !declassified(isZero) else { throw .zeroScalar(field: field) }
    }

    /// A uniform value in [1, n): 32 bytes are drawn and rejected until one is in range (k256's
    /// method; a rejection, probability about 2⁻¹²⁸, reveals only that a draw was discarded).
    static func random(using rng: inout some RandomNumberGenerator) -> Scalar {
        while true {
            let candidate = Scalar(unreducedBigEndian: rng.umbralRandomBytes(32))
            // One bit, computed without branches and declassified: a rejected draw is visible
            // as a retry anyway, and `&&` would branch on the range check alone.
            if declassified(candidate.isNonZeroBelowOrder) {
                return candidate
            }
        }
    }

    /// Umbral's digest-to-scalar: `(int(digest) mod (n − 1)) + 1`, never zero. One conditional
    /// subtraction suffices because 2²⁵⁶ < 2·(n − 1).
    static func fromDigest(_ digest: [UInt8]) -> Scalar {
        let value = Scalar(unreducedBigEndian: digest)
        let orderMinusOne = Scalar(n.l0 - 1, n.l1, n.l2, n.l3)
        let (difference, borrow) = value.subtractingReportingBorrow(orderMinusOne)
        // Keep the difference unless it borrowed (value < n − 1).
        let reduced = select(borrow, value, difference)
        // reduced ≤ n − 2, so adding 1 cannot reach n.
        return reduced.addingReportingCarry(one).sum
    }

    /// A big-endian integer of at most 32 bytes reduced mod n: ECDSA's message and r values.
    static func reducing(bigEndianBytes bytes: [UInt8]) -> Scalar {
        let value = Scalar(unreducedBigEndian: bytes)
        let (difference, borrow) = value.subtractingReportingBorrow(n)
        return select(borrow, value, difference)
    }

    static func fromWord(_ word: UInt) -> Scalar {
        Scalar(UInt64(word), 0, 0, 0)
    }

    // MARK: Output

    /// The value as exactly 32 big-endian bytes.
    var bigEndianBytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { buffer, initialized in
            writeBigEndian(to: UnsafeMutableRawBufferPointer(buffer))
            initialized = 32
        }
    }

    /// Writes the 32 big-endian bytes to the start of `buffer`, which must hold at least 32.
    func writeBigEndian(to buffer: UnsafeMutableRawBufferPointer) {
        precondition(buffer.count >= 32)
        for limbIndex in 0..<4 {
            let limb = limb(3 - limbIndex)
            for byteIndex in 0..<8 {
                buffer[limbIndex * 8 + byteIndex] = UInt8(truncatingIfNeeded: limb >> (UInt64(7 - byteIndex) * 8))
            }
        }
    }

    /// A fresh constant-time BIGNUM holding this value, for libcrypto's point multiplication.
    func makeBigNum() -> BigNum {
        BigNum(bigEndian: bigEndianBytes)
    }

    var isZero: Bool { (l0 | l1 | l2 | l3) == 0 }

    /// Whether the value exceeds ⌊n/2⌋ (a "high" ECDSA s). Used on public signature values.
    var isHigh: Bool { Scalar.halfN.subtractingReportingBorrow(self).borrow != 0 }

    private var isBelowOrder: Bool { subtractingReportingBorrow(Scalar.n).borrow != 0 }

    /// In [1, n), computed without a branch: the borrow of self − n and a non-zero bit, combined
    /// with `&` so that neither is decided separately.
    private var isNonZeroBelowOrder: Bool {
        let any = l0 | l1 | l2 | l3
        let nonZero = (any | (0 &- any)) >> 63
        return (subtractingReportingBorrow(Scalar.n).borrow & nonZero) == 1
    }

    // MARK: Fixed-width helpers

    /// self + other as a 257-bit result: the low 256 bits and the carry (0 or 1).
    private func addingReportingCarry(_ other: Scalar) -> (sum: Scalar, carry: UInt64) {
        let (s0, c0) = addWithCarry(l0, other.l0, 0)
        let (s1, c1) = addWithCarry(l1, other.l1, c0)
        let (s2, c2) = addWithCarry(l2, other.l2, c1)
        let (s3, c3) = addWithCarry(l3, other.l3, c2)
        return (Scalar(s0, s1, s2, s3), c3)
    }

    /// self − other modulo 2²⁵⁶ and the borrow (0 or 1).
    private func subtractingReportingBorrow(_ other: Scalar) -> (difference: Scalar, borrow: UInt64) {
        let (d0, b0) = subtractWithBorrow(l0, other.l0, 0)
        let (d1, b1) = subtractWithBorrow(l1, other.l1, b0)
        let (d2, b2) = subtractWithBorrow(l2, other.l2, b1)
        let (d3, b3) = subtractWithBorrow(l3, other.l3, b2)
        return (Scalar(d0, d1, d2, d3), b3)
    }

    /// `whenOne` if `flag` is 1, else `whenZero`, through a mask.
    private static func select(_ flag: UInt64, _ whenOne: Scalar, _ whenZero: Scalar) -> Scalar {
        let mask = 0 &- flag
        return Scalar(
            (whenOne.l0 & mask) | (whenZero.l0 & ~mask), (whenOne.l1 & mask) | (whenZero.l1 & ~mask),
            (whenOne.l2 & mask) | (whenZero.l2 & ~mask), (whenOne.l3 & mask) | (whenZero.l3 & ~mask))
    }

    // MARK: Arithmetic mod n

    static func + (a: Scalar, b: Scalar) -> Scalar {
        let (sum, carry) = a.addingReportingCarry(b)
        let (difference, borrow) = sum.subtractingReportingBorrow(n)
        // Subtract n when the sum overflowed 2²⁵⁶ or is still ≥ n.
        let keepSum = borrow & (carry ^ 1)
        return select(keepSum, sum, difference)
    }

    static func - (a: Scalar, b: Scalar) -> Scalar {
        let (difference, borrow) = a.subtractingReportingBorrow(b)
        let correction = select(borrow, n, zero)
        return difference.addingReportingCarry(correction).sum
    }

    static func * (a: Scalar, b: Scalar) -> Scalar {
        // a·b·R⁻¹, then ·R²·R⁻¹ = a·b.
        montgomeryProduct(montgomeryProduct(a, b), rSquared)
    }

    /// −a mod n.
    var negated: Scalar { Scalar.zero - self }

    /// The multiplicative inverse a^(n−2) mod n, or nil for zero. The exponent is public, so the
    /// square-and-multiply pattern reveals nothing about a. Whether a is zero is declassified:
    /// every caller passes a value that is zero with probability 2⁻²⁵⁶ or less and treats zero as
    /// a failure (a retried nonce, a precondition).
    func inverted() -> Scalar? {
        guard !declassified(isZero) else { return nil }
        let exponent = Scalar(Scalar.n.l0 - 2, Scalar.n.l1, Scalar.n.l2, Scalar.n.l3)
        // Work in the Montgomery domain: aR, and R mod n for one.
        let base = Scalar.montgomeryProduct(self, Scalar.rSquared)
        var result = Scalar.montgomeryProduct(Scalar.one, Scalar.rSquared)
        for index in stride(from: 3, through: 0, by: -1) {
            let limb = exponent.limb(index)
            for bit in stride(from: 63, through: 0, by: -1) {
                result = Scalar.montgomeryProduct(result, result)
                if (limb >> UInt64(bit)) & 1 == 1 {
                    result = Scalar.montgomeryProduct(result, base)
                }
            }
        }
        return Scalar.montgomeryProduct(result, Scalar.one)
    }

    /// a·b·2⁻²⁵⁶ mod n, by coarsely integrated operand scanning (CIOS), for a, b < n.
    private static func montgomeryProduct(_ a: Scalar, _ b: Scalar) -> Scalar {
        // Six running words t0…t5, kept in locals rather than arrays: this runs hundreds of times
        // per inversion and must not allocate.
        var (t0, t1, t2, t3, t4): (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
        for index in 0..<4 {
            let bLimb = b.limb(index)
            var carry: UInt64
            (carry, t0) = multiplyAccumulate(t0, a.l0, bLimb, 0)
            (carry, t1) = multiplyAccumulate(t1, a.l1, bLimb, carry)
            (carry, t2) = multiplyAccumulate(t2, a.l2, bLimb, carry)
            (carry, t3) = multiplyAccumulate(t3, a.l3, bLimb, carry)
            var t5: UInt64
            (t4, t5) = addWithCarry(t4, carry, 0)

            let m = t0 &* montgomeryFactor
            (carry, _) = multiplyAccumulate(t0, m, n.l0, 0)
            (carry, t0) = multiplyAccumulate(t1, m, n.l1, carry)
            (carry, t1) = multiplyAccumulate(t2, m, n.l2, carry)
            (carry, t2) = multiplyAccumulate(t3, m, n.l3, carry)
            (t3, carry) = addWithCarry(t4, carry, 0)
            t4 = t5 &+ carry
        }
        // t < 2n: subtract n once unless that borrows out of the top limb too.
        let value = Scalar(t0, t1, t2, t3)
        let (difference, borrow) = value.subtractingReportingBorrow(n)
        let keepValue = borrow & (t4 ^ 1)
        return select(keepValue, value, difference)
    }
}

extension Scalar: Equatable {
    /// Constant-time comparison.
    static func == (a: Scalar, b: Scalar) -> Bool {
        ((a.l0 ^ b.l0) | (a.l1 ^ b.l1) | (a.l2 ^ b.l2) | (a.l3 ^ b.l3)) == 0
    }
}

/// x + y + carry (carry 0 or 1), returning the low word and the carry out (0 or 1).
///
/// The carry out is the majority of the top bits of x, y and the carry into bit 63, computed
/// with logic operations only. The earlier form, `overflow ? 1 : 0` on
/// `addingReportingOverflow`, compiled to conditional jumps and moves on the operands, which the
/// constant-time check (memcheck) reported in every Montgomery multiplication of a secret.
@inline(__always)
private func addWithCarry(_ x: UInt64, _ y: UInt64, _ carry: UInt64) -> (UInt64, UInt64) {
    let sum = x &+ y &+ carry
    return (sum, ((x & y) | ((x | y) & ~sum)) >> 63)
}

/// x − y − borrow (borrow 0 or 1), returning the low word and the borrow out (0 or 1), with
/// logic operations only (see `addWithCarry`).
@inline(__always)
private func subtractWithBorrow(_ x: UInt64, _ y: UInt64, _ borrow: UInt64) -> (UInt64, UInt64) {
    let difference = x &- y &- borrow
    return (difference, ((~x & y) | ((~x | y) & difference)) >> 63)
}

/// acc + a·b + carry as a 128-bit value (high, low); it cannot overflow 128 bits.
@inline(__always)
private func multiplyAccumulate(_ acc: UInt64, _ a: UInt64, _ b: UInt64, _ carry: UInt64) -> (UInt64, UInt64) {
    let (high, low) = a.multipliedFullWidth(by: b)
    let (low1, carry1) = addWithCarry(low, acc, 0)
    let (low2, carry2) = addWithCarry(low1, carry, 0)
    return (high &+ carry1 &+ carry2, low2)
}
