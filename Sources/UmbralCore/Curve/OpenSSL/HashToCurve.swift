internal import CUmbralOpenSSL

/// RFC 9380 hashing to secp256k1, suite `secp256k1_XMD:SHA-256_SSWU_RO_`.
///
/// Umbral uses it for one thing, its parameter point U, so this code favours clarity over
/// speed, and its inputs are public: nothing here needs to be constant-time. The field arithmetic
/// stays on libcrypto's BIGNUM whatever the curve backend (libsecp256k1 exposes no field
/// arithmetic); the mapped points are handed to the backend as affine coordinates.
enum HashToCurve {
    /// hash_to_curve(msg) = map(u0) + map(u1), with (u0, u1) = hash_to_field(msg, 2).
    static func secp256k1SSWU<P: CurvePoint>(message: [UInt8], dst: [UInt8]) -> P {
        let (u0, u1) = hashToField(message: message, dst: dst)
        let q0: P = mapToCurve(u0)
        let q1: P = mapToCurve(u1)
        return q0 + q1
    }

    /// expand_message_xmd with SHA-256 (RFC 9380 §5.3.1).
    static func expandMessageXMD(message: [UInt8], dst: [UInt8], length: Int) -> [UInt8] {
        precondition(dst.count <= 255 && length <= 255 * 32 && length <= 65535)
        let dstPrime = dst + [UInt8(dst.count)]
        let blocks = (length + 31) / 32
        var messagePrime = [UInt8](repeating: 0, count: 64)
        messagePrime += message
        messagePrime += [UInt8(length >> 8), UInt8(length & 0xff), 0]
        messagePrime += dstPrime
        let b0 = SHA256.hash(messagePrime)
        var previous = SHA256.hash(b0 + [1] + dstPrime)
        var output = previous
        if blocks > 1 {
            for index in 2...blocks {
                let mixed = zip(b0, previous).map { $0 ^ $1 }
                previous = SHA256.hash(mixed + [UInt8(index)] + dstPrime)
                output += previous
            }
        }
        return Array(output.prefix(length))
    }

    /// hash_to_field with count 2 and L = 48: two elements of F_p.
    static func hashToField(message: [UInt8], dst: [UInt8]) -> (BigNum, BigNum) {
        let uniform = expandMessageXMD(message: message, dst: dst, length: 96)
        let field = Field()
        return (field.reduce(Array(uniform[0..<48])), field.reduce(Array(uniform[48..<96])))
    }

    /// Simplified SWU onto the isogenous curve E′, then the 3-isogeny to secp256k1.
    static func mapToCurve<P: CurvePoint>(_ u: BigNum) -> P {
        let f = Field()
        let a = f.constant("3f8731abdd661adca08a5558f0f5d272e953d363cb6f0e5d405447c01a444533")
        let b = BigNum(word: 1771)
        let z = f.sub(BigNum(word: 0), BigNum(word: 11))

        // RFC 9380 §6.6.2, straight-line form.
        let u2 = f.mul(u, u)
        let zu2 = f.mul(z, u2)
        let denominator = f.add(f.mul(zu2, zu2), zu2)
        var x1: BigNum
        if denominator.isZero {
            x1 = f.mul(b, f.inverse(f.mul(z, a)))
        } else {
            let minusBOverA = f.mul(f.sub(BigNum(word: 0), b), f.inverse(a))
            x1 = f.mul(minusBOverA, f.add(BigNum(word: 1), f.inverse(denominator)))
        }
        func curveRHS(_ x: BigNum) -> BigNum {
            f.add(f.add(f.mul(f.mul(x, x), x), f.mul(a, x)), b)
        }
        var x = x1
        var y: BigNum
        if let root = f.squareRoot(curveRHS(x1)) {
            y = root
        } else {
            x = f.mul(zu2, x1)
            guard let root = f.squareRoot(curveRHS(x)) else {
                preconditionFailure("SSWU: neither candidate is a square, which RFC 9380 rules out")
            }
            y = root
        }
        if u.isOdd != y.isOdd {
            y = f.sub(BigNum(word: 0), y)
        }
        return isogenyMap(x: x, y: y, field: f)
    }

    /// The 3-isogeny E′ → secp256k1 (RFC 9380 Appendix E.1).
    static func isogenyMap<P: CurvePoint>(x: BigNum, y: BigNum, field f: Field) -> P {
        func poly(_ coefficients: [BigNum], _ x: BigNum) -> BigNum {
            // Horner's rule, highest degree first.
            var acc = BigNum(word: 0)
            for coefficient in coefficients.reversed() {
                acc = f.add(f.mul(acc, x), coefficient)
            }
            return acc
        }
        let xNum = [
            "8e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38daaaaa8c7",
            "07d3d4c80bc321d5b9f315cea7fd44c5d595d2fc0bf63b92dfff1044f17c6581",
            "534c328d23f234e6e2a413deca25caece4506144037c40314ecbd0b53d9dd262",
            "8e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38daaaaa88c",
        ].map(f.constant)
        let xDen = [
            "d35771193d94918a9ca34ccbb7b640dd86cd409542f8487d9fe6b745781eb49b",
            "edadc6f64383dc1df7c4b2d51b54225406d36b641f5e41bbc52a56612a8c6d14",
            "0000000000000000000000000000000000000000000000000000000000000001",
        ].map(f.constant)
        let yNum = [
            "4bda12f684bda12f684bda12f684bda12f684bda12f684bda12f684b8e38e23c",
            "c75e0c32d5cb7c0fa9d0a54b12a0a6d5647ab046d686da6fdffc90fc201d71a3",
            "29a6194691f91a73715209ef6512e576722830a201be2018a765e85a9ecee931",
            "2f684bda12f684bda12f684bda12f684bda12f684bda12f684bda12f38e38d84",
        ].map(f.constant)
        let yDen = [
            "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffff93b",
            "7a06534bb8bdb49fd5e9e6632722c2989467c1bfc8e8d978dfb425d2685c2573",
            "6484aa716545ca2cf3a70c3fa8fe337e0a3d21162f0d6299a7bf8192bfd2a76f",
            "0000000000000000000000000000000000000000000000000000000000000001",
        ].map(f.constant)
        let mappedX = f.mul(poly(xNum, x), f.inverse(poly(xDen, x)))
        let mappedY = f.mul(y, f.mul(poly(yNum, x), f.inverse(poly(yDen, x))))
        return P(knownAffineX: mappedX.bigEndianBytes(count: 32), y: mappedY.bigEndianBytes(count: 32))
    }

    /// Arithmetic in F_p on BIGNUMs, for hash-to-curve only.
    struct Field {
        let p = Secp256k1Group.shared.prime

        func constant(_ hex: String) -> BigNum {
            let bytes = stride(from: 0, to: hex.utf8.count, by: 2).map { offset -> UInt8 in
                let start = hex.index(hex.startIndex, offsetBy: offset)
                return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
            }
            return BigNum(bigEndian: bytes)
        }

        func reduce(_ bytes: [UInt8]) -> BigNum {
            let value = BigNum(bigEndian: bytes)
            let result = BigNum()
            withBNContext { ctx in precondition(BN_nnmod(result.pointer, value.pointer, p.pointer, ctx) == 1) }
            return result
        }

        private func op(
            _ a: BigNum, _ b: BigNum,
            _ f: (OpaquePointer?, OpaquePointer?, OpaquePointer?, OpaquePointer?, OpaquePointer?) -> Int32
        ) -> BigNum {
            let result = BigNum()
            withBNContext { ctx in precondition(f(result.pointer, a.pointer, b.pointer, p.pointer, ctx) == 1) }
            return result
        }

        func add(_ a: BigNum, _ b: BigNum) -> BigNum { op(a, b, BN_mod_add) }
        func sub(_ a: BigNum, _ b: BigNum) -> BigNum { op(a, b, BN_mod_sub) }
        func mul(_ a: BigNum, _ b: BigNum) -> BigNum { op(a, b, BN_mod_mul) }

        /// a⁻¹, with 0⁻¹ = 0 (RFC 9380's inv0).
        func inverse(_ a: BigNum) -> BigNum {
            guard !a.isZero else { return BigNum(word: 0) }
            let result = BigNum()
            withBNContext { ctx in precondition(BN_mod_inverse(result.pointer, a.pointer, p.pointer, ctx) != nil) }
            return result
        }

        /// A square root of a, or nil when a is not a square.
        func squareRoot(_ a: BigNum) -> BigNum? {
            let root = BigNum()
            let found = withBNContext { ctx in BN_mod_sqrt(root.pointer, a.pointer, p.pointer, ctx) != nil }
            ERR_clear_error()
            guard found else { return nil }
            // BN_mod_sqrt may return a value for a non-residue on some code paths; check it.
            return mul(root, root).compare(a) == 0 ? root : nil
        }
    }
}
