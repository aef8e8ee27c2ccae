internal import CUmbralOpenSSL

/// The secp256k1 group from libcrypto, created once and then only read.
///
/// `EC_GROUP` is safe to share for reading; the generator's precomputation is done here,
/// before the group is published, so no later call mutates it.
final class Secp256k1Group: @unchecked Sendable {
    static let shared = Secp256k1Group()

    let group: OpaquePointer
    /// The field prime p, for hash-to-curve's field arithmetic.
    let prime: BigNum

    private init() {
        OpenSSLRuntime.ensureInitialized()
        guard let group = EC_GROUP_new_by_curve_name(NID_secp256k1) else {
            fatalError("libcrypto has no secp256k1 group")
        }
        self.group = group
        withBNContext { ctx in
            precondition(CUmbralOpenSSL_EC_GROUP_precompute_mult(group, ctx) == 1, "EC_GROUP_precompute_mult failed")
        }
        self.prime = BigNum(bigEndian: Secp256k1Group.primeBytes)
    }

    static let orderBytes: [UInt8] = hexBytes(
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
    static let primeBytes: [UInt8] = hexBytes(
        "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f")
}

/// Decodes a hex literal known at compile time; only used for constants.
func hexBytes(_ hex: StaticString) -> [UInt8] {
    let text = hex.withUTF8Buffer { Array($0) }
    precondition(text.count % 2 == 0, "odd-length hex constant")
    func nibble(_ c: UInt8) -> UInt8 {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: preconditionFailure("invalid hex constant")
        }
    }
    return stride(from: 0, to: text.count, by: 2).map { nibble(text[$0]) << 4 | nibble(text[$0 + 1]) }
}
