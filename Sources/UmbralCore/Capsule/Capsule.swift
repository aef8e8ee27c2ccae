/// The encapsulated symmetric key that travels with a ciphertext.
///
/// When Alice (or Enrico) encrypts for a public key, the data key is derived from a random point
/// and the capsule carries what is needed to rebuild it: (E, V, s) with s·G = V + h·E. Only the
/// secret key of the public key opens it directly; Ursulas transform it into cFrags for Bob.
/// Every capsule built here or parsed satisfies that self-verification equation.
public struct Capsule: Sendable, Hashable, CustomStringConvertible {
    let e: Point
    let v: Point
    let s: Scalar

    init(e: Point, v: Point, s: Scalar) {
        self.e = e
        self.v = v
        self.s = s
    }

    /// Reads the MessagePack form (Python `bytes(capsule)`, 105 bytes) and self-verifies it, so a
    /// tampered capsule is refused here rather than wasting every Ursula's re-encryption.
    ///
    /// - Parameter messagePackBytes: Exactly one capsule, `[E, V, s]` in canonical MessagePack.
    /// - Throws: ``UmbralError/malformedMessagePack(_:)``, ``UmbralError/unexpectedStructure(type:reason:)``
    ///   or ``UmbralError/trailingBytes(type:count:)`` when the bytes are not exactly one canonical
    ///   capsule; ``UmbralError/invalidPointEncoding(field:reason:)`` or
    ///   ``UmbralError/pointNotOnCurve(field:)`` for E or V; ``UmbralError/scalarOutOfRange(field:)``
    ///   for s; and ``UmbralError/capsuleSelfVerificationFailed`` if s·G ≠ V + h·E.
    public init(messagePackBytes: [UInt8]) throws(UmbralError) {
        var reader = ObjectReader(messagePackBytes, type: "Capsule")
        try reader.arrayHeader(count: 3, field: "fields")
        let e = try reader.point(field: "point_e")
        let v = try reader.point(field: "point_v")
        let s = try reader.scalar(field: "signature")
        try reader.finish()
        self.init(e: e, v: v, s: s)
        guard isSelfConsistent else { throw .capsuleSelfVerificationFailed }
    }

    /// s·G = V + h·E, checked as s·G − h·E = V in one multi-scalar multiplication.
    var isSelfConsistent: Bool {
        let h = DomainSeparation.hashCapsulePoints(e: e, v: v)
        return Point.linearCombination([(h.negated, e)], generatorScalar: s) == v
    }

    /// The MessagePack form: `[E, V, s]` as `bin8` fields, 105 bytes.
    public var messagePackBytes: [UInt8] {
        var writer = ObjectWriter(capacity: 105)
        writer.arrayHeader(3)
        writer.point(e)
        writer.point(v)
        writer.scalar(s)
        return writer.result
    }

    /// `E ‖ V ‖ s`, 98 bytes (umbral-pre's `to_bytes_simple`); also the DEM's associated data.
    public var simpleBytes: [UInt8] {
        e.compressedBytes + v.compressedBytes + s.bigEndianBytes
    }

    /// `Capsule(` and the first eight bytes of E in hex `…)`.
    public var description: String { "Capsule(\(shortHex(simpleBytes)))" }

    /// Whether two capsules are the same, by their simple bytes: an encoding is canonical, so
    /// equal bytes mean equal capsules.
    public static func == (a: Capsule, b: Capsule) -> Bool { a.simpleBytes == b.simpleBytes }

    /// Hashes the simple bytes, the same data that `==` compares.
    public func hash(into hasher: inout Hasher) { hasher.combine(simpleBytes) }
}
