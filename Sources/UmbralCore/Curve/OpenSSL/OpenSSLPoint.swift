internal import CUmbralOpenSSL

/// A point on secp256k1 in libcrypto: UmbralCore's default curve backend (``CurvePoint``).
///
/// `scalar * point` and ``generatorMultiple(_:)`` use libcrypto's constant-time Montgomery
/// ladder; ``linearCombination(_:generatorScalar:)`` uses its variable-time multi-scalar method.
/// It is always compiled: hash-to-curve builds on it, and with the `LibSecp256k1` trait it is the
/// reference the backend differential tests compare against.
struct OpenSSLPoint: CurvePoint, @unchecked Sendable {
    let storage: ECPointStorage

    private init(_ storage: ECPointStorage) {
        self.storage = storage
    }

    private static var curve: Secp256k1Group { .shared }

    /// `"openssl"`.
    static var backendName: String { "openssl" }

    // MARK: Constants

    /// The standard generator G.
    static let generator: OpenSSLPoint = {
        let storage = ECPointStorage()
        precondition(EC_POINT_copy(storage.pointer, EC_GROUP_get0_generator(curve.group)) == 1)
        return OpenSSLPoint(storage).withCachedEncoding()
    }()

    /// Umbral's second generator U.
    static let parameterU: OpenSSLPoint = derivedParameterU()

    // MARK: Encoding

    /// `EC_POINT_oct2point` of the 33 bytes, which keeps them as the cached encoding.
    init?(checkedCompressedBytes bytes: [UInt8]) {
        let storage = ECPointStorage(encoding: bytes)
        let decoded = withBNContext { ctx in
            bytes.withUnsafeBufferPointer { buffer in
                EC_POINT_oct2point(OpenSSLPoint.curve.group, storage.pointer, buffer.baseAddress, 33, ctx)
            }
        }
        // oct2point leaves errors on the thread's queue; they carry no information we need.
        ERR_clear_error()
        guard decoded == 1 else { return nil }
        self.init(storage)
    }

    /// The 33-byte compressed encoding. The identity, which no valid Umbral computation yields,
    /// encodes as the single byte `00` (SEC1), which every parser here rejects.
    var compressedBytes: [UInt8] {
        if let encoding = storage.encoding { return encoding }
        if isIdentity { return [0x00] }
        return [UInt8](unsafeUninitializedCapacity: 33) { buffer, initialized in
            let written = withBNContext { ctx in
                EC_POINT_point2oct(
                    OpenSSLPoint.curve.group, storage.pointer, POINT_CONVERSION_COMPRESSED, buffer.baseAddress, 33, ctx)
            }
            precondition(written == 33, "EC_POINT_point2oct failed")
            initialized = 33
        }
    }

    /// The affine coordinates as 32-byte big-endian values; nil for the identity.
    var affineCoordinates: (x: [UInt8], y: [UInt8])? {
        guard !isIdentity else { return nil }
        let x = BigNum()
        let y = BigNum()
        withBNContext { ctx in
            precondition(EC_POINT_get_affine_coordinates(OpenSSLPoint.curve.group, storage.pointer, x.pointer, y.pointer, ctx) == 1)
        }
        return (x.bigEndianBytes(count: 32), y.bigEndianBytes(count: 32))
    }

    /// `EC_POINT_set_affine_coordinates`, which also checks the curve equation.
    init(knownAffineX xBytes: [UInt8], y yBytes: [UInt8]) {
        let x = BigNum(bigEndian: xBytes)
        let y = BigNum(bigEndian: yBytes)
        let storage = ECPointStorage()
        withBNContext { ctx in
            precondition(EC_POINT_set_affine_coordinates(OpenSSLPoint.curve.group, storage.pointer, x.pointer, y.pointer, ctx) == 1)
        }
        self.init(storage)
    }

    /// `EC_POINT_is_at_infinity`.
    var isIdentity: Bool { EC_POINT_is_at_infinity(OpenSSLPoint.curve.group, storage.pointer) == 1 }

    /// The same point, carrying its encoding: for points that are hashed or serialized often.
    func withCachedEncoding() -> OpenSSLPoint {
        let copy = ECPointStorage(encoding: compressedBytes)
        precondition(EC_POINT_copy(copy.pointer, storage.pointer) == 1)
        return OpenSSLPoint(copy)
    }

    // MARK: Arithmetic

    /// k·G with the constant-time ladder.
    static func generatorMultiple(_ k: Scalar) -> OpenSSLPoint {
        let result = ECPointStorage()
        let scalar = k.makeBigNum()
        withBNContext { ctx in
            precondition(EC_POINT_mul(curve.group, result.pointer, scalar.pointer, nil, nil, ctx) == 1)
        }
        return OpenSSLPoint(result)
    }

    /// k·P with the constant-time ladder.
    static func * (k: Scalar, point: OpenSSLPoint) -> OpenSSLPoint {
        let result = ECPointStorage()
        let scalar = k.makeBigNum()
        withBNContext { ctx in
            precondition(EC_POINT_mul(curve.group, result.pointer, nil, point.storage.pointer, scalar.pointer, ctx) == 1)
        }
        return OpenSSLPoint(result)
    }

    /// `EC_POINT_add`.
    static func + (a: OpenSSLPoint, b: OpenSSLPoint) -> OpenSSLPoint {
        let result = ECPointStorage()
        withBNContext { ctx in
            precondition(EC_POINT_add(curve.group, result.pointer, a.storage.pointer, b.storage.pointer, ctx) == 1)
        }
        return OpenSSLPoint(result)
    }

    /// `EC_POINT_invert` on a copy.
    var negated: OpenSSLPoint {
        let result = ECPointStorage()
        withBNContext { ctx in
            precondition(EC_POINT_copy(result.pointer, storage.pointer) == 1)
            precondition(EC_POINT_invert(OpenSSLPoint.curve.group, result.pointer, ctx) == 1)
        }
        return OpenSSLPoint(result)
    }

    /// Σ kᵢ·Pᵢ (plus g·G when `generatorScalar` is given) in variable time, in one multi-scalar
    /// multiplication. **Public inputs only**: its running time depends on the scalars.
    static func linearCombination(_ terms: [(Scalar, OpenSSLPoint)], generatorScalar: Scalar?) -> OpenSSLPoint {
        let result = ECPointStorage()
        var points: [OpaquePointer?] = terms.map { $0.1.storage.pointer }
        let bigNums = terms.map { $0.0.makeBigNum() }
        let generatorBigNum = generatorScalar?.makeBigNum()
        var scalars: [OpaquePointer?] = bigNums.map { $0.pointer }
        withBNContext { ctx in
            let ok = points.withUnsafeMutableBufferPointer { pointBuffer in
                scalars.withUnsafeMutableBufferPointer { scalarBuffer in
                    CUmbralOpenSSL_EC_POINTs_mul(
                        curve.group, result.pointer, generatorBigNum?.pointer, terms.count,
                        pointBuffer.baseAddress, scalarBuffer.baseAddress, ctx)
                }
            }
            precondition(ok == 1, "EC_POINTs_mul failed")
        }
        // Keep the operands alive until libcrypto is done with their raw pointers.
        withExtendedLifetime(terms) {}
        withExtendedLifetime(bigNums) {}
        withExtendedLifetime(generatorBigNum) {}
        return OpenSSLPoint(result)
    }
}

extension OpenSSLPoint {
    // ECDSA is the Swift implementation over this type's arithmetic.

    /// ``PointECDSA/sign(prehash:secretKey:extraEntropy:)`` over this backend.
    static func ecdsaSign(prehash: [UInt8], secretKey: Scalar, extraEntropy: [UInt8]) -> ECDSA.RawSignature {
        PointECDSA<OpenSSLPoint>.sign(prehash: prehash, secretKey: secretKey, extraEntropy: extraEntropy)
    }

    /// ``PointECDSA/verify(prehash:r:s:publicKey:)`` over this backend.
    static func ecdsaVerify(prehash: [UInt8], r: Scalar, s: Scalar, publicKey: OpenSSLPoint) -> Bool {
        PointECDSA<OpenSSLPoint>.verify(prehash: prehash, r: r, s: s, publicKey: publicKey)
    }

    /// ``PointECDSA/recover(prehash:r:s:recoveryID:)`` over this backend.
    static func ecdsaRecover(prehash: [UInt8], r: Scalar, s: Scalar, recoveryID: UInt8) -> OpenSSLPoint? {
        PointECDSA<OpenSSLPoint>.recover(prehash: prehash, r: r, s: s, recoveryID: recoveryID)
    }

    /// `EC_POINT_cmp`.
    static func == (a: OpenSSLPoint, b: OpenSSLPoint) -> Bool {
        withBNContext { ctx in EC_POINT_cmp(curve.group, a.storage.pointer, b.storage.pointer, ctx) == 0 }
    }
}

/// Owns one `EC_POINT`; never mutated once an ``OpenSSLPoint`` holds it.
///
/// Points that arrive as bytes keep those bytes: converting to the compressed form costs a field
/// inversion, and a parsed point is typically hashed and re-serialized several times.
final class ECPointStorage: @unchecked Sendable {
    let pointer: OpaquePointer
    let encoding: [UInt8]?

    init(encoding: [UInt8]? = nil) {
        self.encoding = encoding
        guard let point = EC_POINT_new(Secp256k1Group.shared.group) else {
            fatalError("OpenSSL could not allocate an EC_POINT")
        }
        self.pointer = point
    }

    deinit {
        EC_POINT_clear_free(pointer)
    }
}
