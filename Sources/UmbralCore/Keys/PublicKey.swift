/// A public key: a point on secp256k1 other than the identity.
///
/// Alice's public key is what data is encrypted for, Bob's is what kFrags are made for, and a
/// signer's is what kFrag signatures are checked against.
public struct PublicKey: Sendable, Hashable, CustomStringConvertible {
    let point: Point

    init(point: Point) {
        self.point = point
    }

    /// Reads a key from its 33-byte SEC1 compressed form (`to_compressed_bytes()` in umbral-pre).
    ///
    /// Only the compressed form is accepted, so every key has exactly one encoding; the identity
    /// (`00`) and the uncompressed form are refused by length.
    ///
    /// - Parameter compressedBytes: The 33 bytes `02`/`03` ‖ x.
    /// - Throws: ``UmbralError/invalidLength(field:expected:actual:)`` unless exactly 33 bytes,
    ///   ``UmbralError/invalidPointEncoding(field:reason:)`` for a prefix other than `02` or `03`,
    ///   and ``UmbralError/pointNotOnCurve(field:)`` when x is not below p or no point has it.
    public init(compressedBytes: [UInt8]) throws(UmbralError) {
        self.point = try Point(compressedBytes: compressedBytes, field: "public key")
    }

    /// The 33-byte SEC1 compressed form.
    public var compressedBytes: [UInt8] { point.compressedBytes }

    /// The 65-byte SEC1 uncompressed form `04 ‖ x ‖ y`. Umbral never uses it; Ethereum addresses
    /// are derived from it (the last 20 bytes of Keccak-256 of `x ‖ y`).
    public var uncompressedBytes: [UInt8] {
        guard let bytes = point.uncompressedBytes else { preconditionFailure("a public key is never the identity") }
        return bytes
    }

    /// `PublicKey(` and the first eight bytes of the compressed form in hex `…)`.
    public var description: String { "PublicKey(\(shortHex(compressedBytes)))" }

    /// Whether two keys are the same point.
    public static func == (a: PublicKey, b: PublicKey) -> Bool { a.point == b.point }

    /// Hashes the compressed form, which is unique per point and so agrees with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(compressedBytes)
    }
}

/// The first eight bytes of a public encoding in hex, for descriptions of public objects.
func shortHex(_ bytes: [UInt8]) -> String {
    bytes.prefix(8).map { byte in
        let digits = String(byte, radix: 16)
        return byte < 16 ? "0" + digits : digits
    }.joined() + "…"
}
