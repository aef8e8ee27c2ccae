// Hooks for `umbral-benchmark`, behind `@_spi(Benchmarking)`: nothing here is part of UmbralCore's
// API. They reach the curve seam's internal multiplications, so the benchmark can price one of
// each kind on the backend this build selected, and they evaluate the verification equations
// one multiplication at a time, the naive way, to compare against the real verification.

/// Which curve backend this build of UmbralCore runs on, decided by the `LibSecp256k1` trait.
@_spi(Benchmarking) public enum BenchmarkingBackend {
    /// `"libsecp256k1"` when built with `--traits LibSecp256k1`, otherwise `"openssl"`.
    public static var name: String { Umbral.curveBackend }
}

/// A point the benchmark can hold and compare but never look into.
@_spi(Benchmarking) public struct BenchmarkingPoint: Sendable, Equatable {
    let point: Point

    /// The 33-byte compressed form (forces affine conversion; not part of a multiplication's price).
    public var compressedBytes: [UInt8] { point.compressedBytes }

    public static func == (a: BenchmarkingPoint, b: BenchmarkingPoint) -> Bool { a.point == b.point }
}

/// Random public operands for pricing one multiplication of each kind the protocol uses.
///
/// The four kinds, as `Point` offers them on both backends:
/// - fixed base: `Point.generatorMultiple(k)`, k·G, constant-time;
/// - variable base: `k * P`, constant-time;
/// - `linearCombination` with the generator: a·P + b·G, variable-time (ECDSA verification, the
///   capsule check);
/// - `linearCombination` of two points: a·P + b·Q, variable-time (each cFrag proof equation).
///
/// ECDSA verification is priced on its own (``ecdsaVerification()``): it is one a·P + b·G, but a
/// backend may run it through its library's own verification rather than `linearCombination`.
@_spi(Benchmarking) public struct MultiplicationOperands: Sendable {
    let a: Scalar
    let b: Scalar
    let p: Point
    let q: Point
    let prehash: [UInt8]
    let signature: Signature
    let verifyingKey: PublicKey

    /// Fresh random scalars and points (the points are multiples of G by fresh random scalars),
    /// and a fresh signature over a random 32-byte message.
    public init() {
        var rng = SystemRandom()
        a = Scalar.random(using: &rng)
        b = Scalar.random(using: &rng)
        p = Point.generatorMultiple(Scalar.random(using: &rng))
        q = Point.generatorMultiple(Scalar.random(using: &rng))
        let signer = Signer(SecretKey.random(using: &rng))
        let message = rng.umbralRandomBytes(32)
        prehash = SHA256.hash(message)
        signature = signer.sign(message, using: &rng)
        verifyingKey = signer.verifyingKey
    }

    /// One ECDSA verification of a valid signature over a precomputed prehash (no hashing), as
    /// `Signature.verify` runs it on this backend: (z/s)·G + (r/s)·Q, the affine x, the comparison.
    public func ecdsaVerification() -> Bool {
        signature.verify(prehash: prehash, with: verifyingKey.point)
    }

    /// a·G.
    public func fixedBase() -> BenchmarkingPoint {
        BenchmarkingPoint(point: Point.generatorMultiple(a))
    }

    /// a·P.
    public func variableBase() -> BenchmarkingPoint {
        BenchmarkingPoint(point: a * p)
    }

    /// a·P + b·G in one call.
    public func linearCombinationWithGenerator() -> BenchmarkingPoint {
        BenchmarkingPoint(point: Point.linearCombination([(a, p)], generatorScalar: b))
    }

    /// a·P + b·Q in one call.
    public func linearCombinationOfTwo() -> BenchmarkingPoint {
        BenchmarkingPoint(point: Point.linearCombination([(a, p), (b, q)]))
    }

    /// Whether the hooks agree with each other: a·P + b·G = a·P + b·G computed by parts, and
    /// a·P + b·Q likewise. The benchmark checks this before it times anything.
    public var hooksAgree: Bool {
        linearCombinationWithGenerator().point == (a * p) + Point.generatorMultiple(b)
            && linearCombinationOfTwo().point == (a * p) + (b * q)
            && ecdsaVerification()
    }
}

/// The DEM (XChaCha20-Poly1305 keyed from a capsule's seed) over one plaintext, priced apart from
/// the curve: what an operation on a large plaintext spends beyond its multiplications.
@_spi(Benchmarking) public struct BenchmarkingDEM: Sendable {
    let dem: DEM
    let plaintext: [UInt8]
    let ciphertext: [UInt8]
    let aad: [UInt8]

    public init(plaintext: [UInt8]) throws(UmbralError) {
        var rng = SystemRandom()
        dem = DEM(keySeed: rng.umbralRandomBytes(33))
        aad = rng.umbralRandomBytes(98)
        self.plaintext = plaintext
        ciphertext = try dem.encrypt(plaintext, aad: aad)
    }

    /// Encrypts the plaintext under a fresh nonce; returns the ciphertext's length.
    public func encrypt() throws(UmbralError) -> Int {
        try dem.encrypt(plaintext, aad: aad).count
    }

    /// Decrypts and authenticates; returns the plaintext's length.
    public func decrypt() throws(UmbralError) -> Int {
        try dem.decrypt(ciphertext, aad: aad).count
    }
}

// MARK: Naive verification

/// ECDSA verification as written in the textbook, one multiplication at a time: R = (z/s)·G +
/// (r/s)·Q with a separate k·G and k·Q, then one addition. Same acceptance as the real check.
func naiveECDSAVerify(_ signature: Signature, message: [UInt8], key: Point) -> Bool {
    guard let (r, s) = try? Signature.components(r: signature.r, s: signature.s),
          !s.isHigh, let w = s.inverted()
    else { return false }
    let z = Scalar.reducing(bigEndianBytes: SHA256.hash(message))
    let bigR = Point.generatorMultiple(z * w) + (r * w) * key
    guard let (x, _) = bigR.affineCoordinates else { return false }
    return Scalar.reducing(bigEndianBytes: x) == r
}

extension CapsuleFrag {
    /// ``verify(capsule:verifyingKey:delegatingKey:receivingKey:)`` evaluated naively: the kFrag
    /// signature by ``naiveECDSAVerify(_:message:key:)`` and each of the proof's three equations
    /// z·X = X₂ + h·X₁ as two separate multiplications and an addition (8 multiplications in all,
    /// where the real check does 4 multi-scalar evaluations). Returns what the real check decides.
    @_spi(Benchmarking) public func verifyNaively(
        capsule: Capsule, verifyingKey: PublicKey, delegatingKey: PublicKey, receivingKey: PublicKey
    ) -> Bool {
        let message = DomainSeparation.keyFragSignatureMessage(
            id: keyFragID, commitment: proof.keyFragCommitment, precursor: precursor,
            delegatingKey: delegatingKey.point, receivingKey: receivingKey.point)
        guard naiveECDSAVerify(proof.keyFragSignature, message: message, key: verifyingKey.point) else { return false }
        let h = proof.challenge(capsule: capsule, e1: e1, v1: v1)
        let z = proof.signature
        return z * capsule.e == proof.e2 + h * e1
            && z * capsule.v == proof.v2 + h * v1
            && z * Point.parameterU == proof.keyFragPok + h * proof.keyFragCommitment
    }
}

extension KeyFrag {
    /// ``verify(verifyingKey:delegatingKey:receivingKey:)`` evaluated naively: the commitment
    /// rk·U (one multiplication in both) and the signature for the proxy by
    /// ``naiveECDSAVerify(_:message:key:)``. Returns what the real check decides.
    @_spi(Benchmarking) public func verifyNaively(
        verifyingKey: PublicKey, delegatingKey: PublicKey?, receivingKey: PublicKey?
    ) -> Bool {
        guard key * Point.parameterU == commitment else { return false }
        if delegatingKeySigned && delegatingKey == nil { return false }
        if receivingKeySigned && receivingKey == nil { return false }
        let message = DomainSeparation.keyFragSignatureMessage(
            id: id, commitment: commitment, precursor: precursor,
            delegatingKey: delegatingKeySigned ? delegatingKey?.point : nil,
            receivingKey: receivingKeySigned ? receivingKey?.point : nil)
        return naiveECDSAVerify(signatureForProxy, message: message, key: verifyingKey.point)
    }
}

extension Capsule {
    /// The capsule's self-verification s·G = V + h·E as `Capsule(messagePackBytes:)` runs it: one
    /// multi-scalar evaluation.
    @_spi(Benchmarking) public var verifiesItself: Bool { isSelfConsistent }

    /// The same equation evaluated naively: s·G and h·E separately, then V + h·E.
    @_spi(Benchmarking) public var verifiesItselfNaively: Bool {
        let h = DomainSeparation.hashCapsulePoints(e: e, v: v)
        return Point.generatorMultiple(s) == v + h * e
    }
}
