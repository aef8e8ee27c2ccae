/// What a curve backend provides: points on secp256k1, their encodings, and ECDSA.
///
/// This is UmbralCore's curve seam. The protocol code uses ``Point``, which is the one conforming
/// type the build selected; nothing above the seam names a backend, a C type or a build condition.
/// Scalars are the backend-independent ``Scalar`` on both sides.
///
/// Two kinds of multiplication are required on purpose. `scalar * point` and
/// ``generatorMultiple(_:)`` must be constant-time and are the only ones allowed on secrets;
/// ``linearCombination(_:generatorScalar:)`` may be variable-time and is reserved for verification
/// equations over public values.
protocol CurvePoint: Sendable, Equatable {
    /// The backend's name, as ``Umbral/curveBackend`` reports it.
    static var backendName: String { get }

    /// The standard generator G.
    static var generator: Self { get }

    /// Umbral's second generator U (see ``derivedParameterU()``).
    static var parameterU: Self { get }

    /// Decodes the 33-byte SEC1 compressed form whose length and `02`/`03` prefix are already
    /// checked; nil when x is not below p or no point has it.
    init?(checkedCompressedBytes bytes: [UInt8])

    /// A point from 32-byte big-endian affine coordinates already known to satisfy the curve
    /// equation (hash-to-curve's output).
    init(knownAffineX x: [UInt8], y: [UInt8])

    /// The 33-byte compressed encoding; the identity encodes as the single byte `00` (SEC1), which
    /// every parser here rejects.
    var compressedBytes: [UInt8] { get }

    /// The affine coordinates as 32-byte big-endian values; nil for the identity.
    var affineCoordinates: (x: [UInt8], y: [UInt8])? { get }

    /// Whether this is the point at infinity, which sums that cancel and 0·P produce.
    var isIdentity: Bool { get }

    /// The same point, keeping its encoding at hand: for points that are hashed or serialized often.
    func withCachedEncoding() -> Self

    /// k·G, constant-time in k.
    static func generatorMultiple(_ k: Scalar) -> Self

    /// k·P, constant-time in k.
    static func * (k: Scalar, point: Self) -> Self

    /// The group law, identity included.
    static func + (a: Self, b: Self) -> Self

    /// −P; the identity is its own negation.
    var negated: Self { get }

    /// Σ kᵢ·Pᵢ (plus g·G when `generatorScalar` is given). **Public inputs only**: it may run in
    /// time that depends on the scalars.
    static func linearCombination(_ terms: [(Scalar, Self)], generatorScalar: Scalar?) -> Self

    /// ECDSA signature of a 32-byte prehash: RFC 6979 nonces hedged with `extraEntropy` (empty or
    /// 32 bytes) and always low-S; see ``ECDSA``.
    static func ecdsaSign(prehash: [UInt8], secretKey: Scalar, extraEntropy: [UInt8]) -> ECDSA.RawSignature

    /// Standard ECDSA verification of (r, s), r and s in [1, n); high-S is refused.
    static func ecdsaVerify(prehash: [UInt8], r: Scalar, s: Scalar, publicKey: Self) -> Bool

    /// The public key for which the low-S (r, s) verifies over `prehash`, given the recovery id.
    static func ecdsaRecover(prehash: [UInt8], r: Scalar, s: Scalar, recoveryID: UInt8) -> Self?
}

extension CurvePoint {
    /// Parses a 33-byte SEC1 compressed point. Every other encoding is refused: uncompressed and
    /// hybrid forms, the 1-byte identity, x ≥ p, and x values with no point on the curve. The
    /// checks and errors are shared so that every backend refuses the same inputs the same way.
    init(compressedBytes bytes: [UInt8], field: String) throws(UmbralError) {
        guard bytes.count == 33 else {
            throw .invalidLength(field: field, expected: "33", actual: bytes.count)
        }
        guard bytes[0] == 0x02 || bytes[0] == 0x03 else {
            throw .invalidPointEncoding(
                field: field, reason: "prefix 0x\(bytes[0] < 16 ? "0" : "")\(String(bytes[0], radix: 16)), expected 0x02 or 0x03")
        }
        guard let point = Self(checkedCompressedBytes: bytes) else { throw .pointNotOnCurve(field: field) }
        // A 33-byte 02/03 encoding names an affine point, so it is never the identity.
        assert(!point.isIdentity)
        self = point
    }

    /// The 65-byte SEC1 uncompressed encoding `04 ‖ x ‖ y`; nil for the identity.
    var uncompressedBytes: [UInt8]? {
        affineCoordinates.map { [0x04] + $0.x + $0.y }
    }

    /// a − b as a + (−b).
    static func - (a: Self, b: Self) -> Self { a + b.negated }

    /// Σ kᵢ·Pᵢ without a generator term. **Public inputs only.**
    static func linearCombination(_ terms: [(Scalar, Self)]) -> Self {
        linearCombination(terms, generatorScalar: nil)
    }

    /// U = hash_to_curve("POINT_U", DST "PARAMETERS"), derived with RFC 9380's
    /// `secp256k1_XMD:SHA-256_SSWU_RO_` and checked against the published encoding, so a broken
    /// hash-to-curve (or a backend conversion) cannot silently change the protocol. Backends call
    /// this once for their ``parameterU``.
    static func derivedParameterU() -> Self {
        let derived: Self = HashToCurve.secp256k1SSWU(message: Array("POINT_U".utf8), dst: Array("PARAMETERS".utf8))
        precondition(derived.compressedBytes == parameterUCompressed, "hash-to-curve did not reproduce U")
        return derived.withCachedEncoding()
    }

    /// U's published compressed encoding.
    static var parameterUCompressed: [UInt8] { umbralParameterUCompressed }
}

/// Umbral's U, as umbral-pre publishes it.
let umbralParameterUCompressed: [UInt8] = hexBytes(
    "03079390d0fbe220fc34aab8ecbf49098098036820fadb98c03143e55db8ec73cd")
