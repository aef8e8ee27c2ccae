internal import CUmbralOpenSSL

/// A point on secp256k1: the point half of UmbralCore's curve seam.
///
/// Two kinds of multiplication are offered on purpose. `scalar * point` and
/// ``Point/generatorMultiple(_:)`` use libcrypto's constant-time Montgomery ladder and are the only
/// ones allowed on secrets. ``Point/linearCombination(_:)`` uses a variable-time multi-scalar
/// method and is reserved for verification equations over public values.
struct Point: @unchecked Sendable {
    let storage: ECPointStorage

    private init(_ storage: ECPointStorage) {
        self.storage = storage
    }

    private static var curve: Secp256k1Group { .shared }

    // MARK: Constants

    /// The standard generator G.
    static let generator: Point = {
        let storage = ECPointStorage()
        precondition(EC_POINT_copy(storage.pointer, EC_GROUP_get0_generator(curve.group)) == 1)
        return Point(storage).withCachedEncoding()
    }()

    /// Umbral's second generator U = hash_to_curve("POINT_U", DST "PARAMETERS").
    ///
    /// Derived once with RFC 9380's `secp256k1_XMD:SHA-256_SSWU_RO_` and checked against the
    /// published encoding, so a broken hash-to-curve cannot silently change the protocol.
    static let parameterU: Point = {
        let derived = HashToCurve.secp256k1SSWU(message: Array("POINT_U".utf8), dst: Array("PARAMETERS".utf8))
        precondition(derived.compressedBytes == parameterUCompressed, "hash-to-curve did not reproduce U")
        return derived.withCachedEncoding()
    }()

    static let parameterUCompressed: [UInt8] = hexBytes(
        "03079390d0fbe220fc34aab8ecbf49098098036820fadb98c03143e55db8ec73cd")

    // MARK: Encoding

    /// Parses a 33-byte SEC1 compressed point. Every other encoding is refused: uncompressed and
    /// hybrid forms, the 1-byte identity, x ≥ p, and x values with no point on the curve.
    init(compressedBytes bytes: [UInt8], field: String) throws(UmbralError) {
        guard bytes.count == 33 else {
            throw .invalidLength(field: field, expected: "33", actual: bytes.count)
        }
        guard bytes[0] == 0x02 || bytes[0] == 0x03 else {
            throw .invalidPointEncoding(
                field: field, reason: "prefix 0x\(bytes[0] < 16 ? "0" : "")\(String(bytes[0], radix: 16)), expected 0x02 or 0x03")
        }
        let storage = ECPointStorage(encoding: bytes)
        let decoded = withBNContext { ctx in
            bytes.withUnsafeBufferPointer { buffer in
                EC_POINT_oct2point(Point.curve.group, storage.pointer, buffer.baseAddress, 33, ctx)
            }
        }
        // oct2point leaves errors on the thread's queue; they carry no information we need.
        ERR_clear_error()
        guard decoded == 1 else { throw .pointNotOnCurve(field: field) }
        self.init(storage)
        // A 33-byte 02/03 encoding names an affine point, so it is never the identity.
        assert(!isIdentity)
    }

    /// The 33-byte compressed encoding. The identity, which no valid Umbral computation yields,
    /// encodes as the single byte `00` (SEC1), which every parser here rejects.
    var compressedBytes: [UInt8] {
        if let encoding = storage.encoding { return encoding }
        if isIdentity { return [0x00] }
        return [UInt8](unsafeUninitializedCapacity: 33) { buffer, initialized in
            let written = withBNContext { ctx in
                EC_POINT_point2oct(
                    Point.curve.group, storage.pointer, POINT_CONVERSION_COMPRESSED, buffer.baseAddress, 33, ctx)
            }
            precondition(written == 33, "EC_POINT_point2oct failed")
            initialized = 33
        }
    }

    /// The 65-byte SEC1 uncompressed encoding `04 ‖ x ‖ y`; nil for the identity.
    var uncompressedBytes: [UInt8]? {
        affineCoordinates.map { [0x04] + $0.x + $0.y }
    }

    /// The affine coordinates as 32-byte big-endian values; nil for the identity.
    var affineCoordinates: (x: [UInt8], y: [UInt8])? {
        guard !isIdentity else { return nil }
        let x = BigNum()
        let y = BigNum()
        withBNContext { ctx in
            precondition(EC_POINT_get_affine_coordinates(Point.curve.group, storage.pointer, x.pointer, y.pointer, ctx) == 1)
        }
        return (x.bigEndianBytes(count: 32), y.bigEndianBytes(count: 32))
    }

    /// Builds a point from affine coordinates already known to satisfy the curve equation.
    init(affineX x: BigNum, y: BigNum) {
        let storage = ECPointStorage()
        withBNContext { ctx in
            precondition(EC_POINT_set_affine_coordinates(Point.curve.group, storage.pointer, x.pointer, y.pointer, ctx) == 1)
        }
        self.init(storage)
    }

    var isIdentity: Bool { EC_POINT_is_at_infinity(Point.curve.group, storage.pointer) == 1 }

    /// The same point, carrying its encoding: for points that are hashed or serialized often.
    func withCachedEncoding() -> Point {
        let copy = ECPointStorage(encoding: compressedBytes)
        precondition(EC_POINT_copy(copy.pointer, storage.pointer) == 1)
        return Point(copy)
    }

    // MARK: Arithmetic

    /// k·G with the constant-time ladder.
    static func generatorMultiple(_ k: Scalar) -> Point {
        let result = ECPointStorage()
        let scalar = k.makeBigNum()
        withBNContext { ctx in
            precondition(EC_POINT_mul(curve.group, result.pointer, scalar.pointer, nil, nil, ctx) == 1)
        }
        return Point(result)
    }

    /// k·P with the constant-time ladder.
    static func * (k: Scalar, point: Point) -> Point {
        let result = ECPointStorage()
        let scalar = k.makeBigNum()
        withBNContext { ctx in
            precondition(EC_POINT_mul(curve.group, result.pointer, nil, point.storage.pointer, scalar.pointer, ctx) == 1)
        }
        return Point(result)
    }

    static func + (a: Point, b: Point) -> Point {
        let result = ECPointStorage()
        withBNContext { ctx in
            precondition(EC_POINT_add(curve.group, result.pointer, a.storage.pointer, b.storage.pointer, ctx) == 1)
        }
        return Point(result)
    }

    var negated: Point {
        let result = ECPointStorage()
        withBNContext { ctx in
            precondition(EC_POINT_copy(result.pointer, storage.pointer) == 1)
            precondition(EC_POINT_invert(Point.curve.group, result.pointer, ctx) == 1)
        }
        return Point(result)
    }

    static func - (a: Point, b: Point) -> Point { a + b.negated }

    /// Σ kᵢ·Pᵢ (plus g·G when `generatorScalar` is given) in variable time, in one multi-scalar
    /// multiplication. **Public inputs only**: its running time depends on the scalars.
    static func linearCombination(_ terms: [(Scalar, Point)], generatorScalar: Scalar? = nil) -> Point {
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
        return Point(result)
    }
}

extension Point: Equatable {
    static func == (a: Point, b: Point) -> Bool {
        withBNContext { ctx in EC_POINT_cmp(curve.group, a.storage.pointer, b.storage.pointer, ctx) == 0 }
    }
}

/// Owns one `EC_POINT`; never mutated once a ``Point`` holds it.
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
