#if LibSecp256k1
internal import CSecp256k1
internal import CUmbralOpenSSL

/// A point on secp256k1 in libsecp256k1: the curve backend of builds with the `LibSecp256k1` trait
/// (``CurvePoint``).
///
/// `secp256k1_pubkey` (an affine point, 64 opaque bytes held inline, so no allocation) cannot be
/// the identity, and libsecp256k1 reports a sum that cancels as a failure; the identity is
/// therefore modelled here as the absence of a key. Every operation involving it is decided in
/// Swift before libsecp256k1 is called, with the same results as libcrypto's point at infinity.
///
/// Multiplication: k·G is `secp256k1_ec_pubkey_create` (constant-time, blinded by the randomized
/// context); k·P goes through `secp256k1_ecdh`, whose constant-time ladder is the only one the
/// public API exposes (`secp256k1_ec_pubkey_tweak_mul` is variable-time, so it serves only
/// ``linearCombination(_:generatorScalar:)``, whose inputs are public).
struct Secp256k1Point: CurvePoint {
    /// The point, or nil for the identity.
    let key: secp256k1_pubkey?
    /// The compressed encoding when already known (parsed points, cached ones): serializing is
    /// cheap here, but not free, and the protocol hashes some points many times.
    private let encoding: [UInt8]?

    /// Wraps a key from libsecp256k1 (nil: the identity) and, if known, its compressed encoding.
    init(_ key: secp256k1_pubkey?, encoding: [UInt8]? = nil) {
        self.key = key
        self.encoding = encoding
    }

    private static let identity = Secp256k1Point(nil)

    /// The shared, randomized context every call here uses.
    static var context: OpaquePointer { Secp256k1Context.shared.pointer }

    /// `"libsecp256k1"`.
    static var backendName: String { "libsecp256k1" }

    // MARK: Constants

    /// G, built from its published coordinates and checked against libsecp256k1's own 1·G.
    static let generator: Secp256k1Point = {
        // The generator's affine coordinates (SEC 2, 2.4.1).
        let g = Secp256k1Point(
            knownAffineX: hexBytes("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"),
            y: hexBytes("483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8"))
        precondition(g == generatorMultiple(.one), "libsecp256k1 disagrees on the generator")
        return g.withCachedEncoding()
    }()

    /// U, derived by hash-to-curve and checked against its published encoding.
    static let parameterU: Secp256k1Point = derivedParameterU()

    // MARK: Encoding

    /// `secp256k1_ec_pubkey_parse` of the 33 bytes, which keeps them as the cached encoding.
    init?(checkedCompressedBytes bytes: [UInt8]) {
        var key = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_parse(Self.context, &key, bytes, bytes.count) == 1 else { return nil }
        self.init(key, encoding: bytes)
    }

    /// Parses `04 ‖ x ‖ y`, which checks the curve equation (no square root needed).
    init(knownAffineX x: [UInt8], y: [UInt8]) {
        precondition(x.count == 32 && y.count == 32)
        var key = secp256k1_pubkey()
        let uncompressed = [0x04] + x + y
        let parsed = secp256k1_ec_pubkey_parse(Self.context, &key, uncompressed, 65)
        precondition(parsed == 1, "affine coordinates not on secp256k1")
        self.init(key)
    }

    /// The cached encoding, or `secp256k1_ec_pubkey_serialize` (the key is already affine, so this
    /// costs no inversion); `00` for the identity.
    var compressedBytes: [UInt8] {
        if let encoding { return encoding }
        guard var key else { return [0x00] }
        return Self.serialize(&key, count: 33, flags: CSecp256k1_EC_COMPRESSED)
    }

    /// x and y from the uncompressed serialization; nil for the identity.
    var affineCoordinates: (x: [UInt8], y: [UInt8])? {
        guard var key else { return nil }
        let bytes = Self.serialize(&key, count: 65, flags: CSecp256k1_EC_UNCOMPRESSED)
        return (Array(bytes[1..<33]), Array(bytes[33..<65]))
    }

    /// `secp256k1_ec_pubkey_serialize` into a new array of exactly `count` bytes.
    private static func serialize(_ key: inout secp256k1_pubkey, count: Int, flags: UInt32) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var length = count
            let ok = secp256k1_ec_pubkey_serialize(context, buffer.baseAddress!, &length, &key, flags)
            precondition(ok == 1 && length == count, "secp256k1_ec_pubkey_serialize failed")
            initialized = count
        }
    }

    /// Whether there is no key: the identity.
    var isIdentity: Bool { key == nil }

    /// The same point with its compressed encoding stored alongside.
    func withCachedEncoding() -> Secp256k1Point {
        encoding == nil ? Secp256k1Point(key, encoding: compressedBytes) : self
    }

    // MARK: Arithmetic

    /// k·G by `secp256k1_ec_pubkey_create`; 0·G is the identity (libsecp256k1 refuses a zero key).
    static func generatorMultiple(_ k: Scalar) -> Secp256k1Point {
        // Zero only for public scalars or with probability 2⁻²⁵⁶: declassified (ConstantTimeCheck).
        guard !declassified(k.isZero) else { return identity }
        var key = secp256k1_pubkey()
        let ok = k.withBigEndianBytes { secp256k1_ec_pubkey_create(context, &key, $0) }
        // libsecp256k1 derives its status from the secret key's validity; success is public.
        precondition(declassified(ok) == 1, "secp256k1_ec_pubkey_create failed")
        return Secp256k1Point(key)
    }

    /// k·P in constant time through `secp256k1_ecdh`, whose "hash" callback here returns the
    /// product's uncompressed encoding; that temporary is wiped after it is parsed back.
    static func * (k: Scalar, point: Secp256k1Point) -> Secp256k1Point {
        guard var base = point.key, !declassified(k.isZero) else { return identity }
        var result = secp256k1_pubkey()
        let ok = withUnsafeTemporaryAllocation(byteCount: 65, alignment: 8) { buffer -> Int32 in
            let output = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            defer { OPENSSL_cleanse(buffer.baseAddress, 65) }
            let multiplied = k.withBigEndianBytes { scalar in
                secp256k1_ecdh(context, output, &base, scalar, CSecp256k1_ecdh_copy_point, nil)
            }
            // The status comes from the secret scalar's validity; success is public.
            guard declassified(multiplied) == 1 else { return 0 }
            return secp256k1_ec_pubkey_parse(context, &result, output, 65)
        }
        precondition(ok == 1, "secp256k1_ecdh failed")
        return Secp256k1Point(result)
    }

    /// `secp256k1_ec_pubkey_combine` of the two; the identity is handled here, since libsecp256k1
    /// has no key for it.
    static func + (a: Secp256k1Point, b: Secp256k1Point) -> Secp256k1Point {
        guard let first = a.key else { return b }
        guard let second = b.key else { return a }
        return combine([first, second])
    }

    /// `secp256k1_ec_pubkey_negate`.
    var negated: Secp256k1Point {
        guard var key else { return self }
        precondition(secp256k1_ec_pubkey_negate(Self.context, &key) == 1, "secp256k1_ec_pubkey_negate failed")
        // −(x, y) = (x, −y): only the parity in the prefix changes.
        return Secp256k1Point(key, encoding: encoding.map { [$0[0] ^ 0x01] + $0.dropFirst() })
    }

    /// Σ kᵢ·Pᵢ (+ g·G): each product by the variable-time `secp256k1_ec_pubkey_tweak_mul` (public
    /// inputs only), g·G by `secp256k1_ec_pubkey_create`, then one `secp256k1_ec_pubkey_combine`
    /// of all of them, which normalizes to affine once for the whole sum. Zero scalars and
    /// identity points contribute nothing.
    static func linearCombination(_ terms: [(Scalar, Secp256k1Point)], generatorScalar: Scalar?) -> Secp256k1Point {
        var products: [secp256k1_pubkey] = []
        products.reserveCapacity(terms.count + 1)
        for (scalar, point) in terms {
            guard var key = point.key, !scalar.isZero else { continue }
            let ok = scalar.withBigEndianBytes { secp256k1_ec_pubkey_tweak_mul(context, &key, $0) }
            precondition(ok == 1, "secp256k1_ec_pubkey_tweak_mul failed")
            products.append(key)
        }
        if let generatorScalar, let key = generatorMultiple(generatorScalar).key {
            products.append(key)
        }
        return combine(products)
    }

    /// The sum of affine points, or the identity when there are none or they cancel (the only
    /// case in which `secp256k1_ec_pubkey_combine` fails on valid keys).
    private static func combine(_ keys: [secp256k1_pubkey]) -> Secp256k1Point {
        switch keys.count {
        case 0: return identity
        case 1: return Secp256k1Point(keys[0])
        default: break
        }
        var sum = secp256k1_pubkey()
        let ok = keys.withUnsafeBufferPointer { buffer in
            withUnsafeTemporaryAllocation(of: UnsafePointer<secp256k1_pubkey>?.self, capacity: buffer.count) { pointers in
                for index in 0..<buffer.count {
                    pointers[index] = buffer.baseAddress! + index
                }
                return secp256k1_ec_pubkey_combine(context, &sum, pointers.baseAddress!, buffer.count)
            }
        }
        return ok == 1 ? Secp256k1Point(sum) : identity
    }

    /// Equal cached encodings, or `secp256k1_ec_pubkey_cmp`; the identity equals only itself.
    static func == (a: Secp256k1Point, b: Secp256k1Point) -> Bool {
        if let left = a.encoding, let right = b.encoding { return left == right }
        switch (a.key, b.key) {
        case (nil, nil): return true
        case (nil, _), (_, nil): return false
        case (var left?, var right?): return secp256k1_ec_pubkey_cmp(context, &left, &right) == 0
        }
    }
}
#endif
