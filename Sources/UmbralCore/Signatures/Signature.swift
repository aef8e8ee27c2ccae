/// An ECDSA signature (r, s) over secp256k1 with SHA-256, always low-S.
///
/// Its canonical form is 64 bytes r‖s (umbral-pre's `to_be_bytes` and the MessagePack payload);
/// ``derBytes`` gives the ASN.1 DER form. Parsing refuses r or s outside [1, n) and s > n/2,
/// so every accepted signature has exactly one encoding.
public struct Signature: Sendable, Hashable, CustomStringConvertible {
    let r: [UInt8]
    let s: [UInt8]

    init(_ raw: ECDSA.RawSignature) {
        self.r = raw.r.bigEndianBytes
        self.s = raw.s.bigEndianBytes
    }

    /// Reads the 64-byte r‖s form.
    ///
    /// - Parameter bytes: r and s as 32 big-endian bytes each.
    /// - Throws: ``UmbralError/invalidLength(field:expected:actual:)`` unless exactly 64 bytes,
    ///   ``UmbralError/invalidSignatureComponent(_:)`` when r or s is zero or not below n, and
    ///   ``UmbralError/highSSignature`` when s > n/2.
    public init(bytes: [UInt8]) throws(UmbralError) {
        guard bytes.count == 64 else {
            throw .invalidLength(field: "signature", expected: "64", actual: bytes.count)
        }
        try self.init(r: Array(bytes[0..<32]), s: Array(bytes[32..<64]))
    }

    init(r: [UInt8], s: [UInt8]) throws(UmbralError) {
        let (rScalar, sScalar) = try Signature.components(r: r, s: s)
        guard !sScalar.isHigh else { throw .highSSignature }
        self.r = rScalar.bigEndianBytes
        self.s = sScalar.bigEndianBytes
    }

    static func components(r: [UInt8], s: [UInt8]) throws(UmbralError) -> (Scalar, Scalar) {
        func component(_ bytes: [UInt8], _ name: String) throws(UmbralError) -> Scalar {
            do {
                return try Scalar(nonZeroBigEndianBytes: bytes, field: name)
            } catch {
                throw .invalidSignatureComponent("\(name) must be in [1, n)")
            }
        }
        return (try component(r, "r"), try component(s, "s"))
    }

    /// Reads a strict ASN.1 DER `SEQUENCE { INTEGER r, INTEGER s }`.
    ///
    /// - Parameter derBytes: The DER encoding, with no bytes after the `SEQUENCE`.
    /// - Throws: ``UmbralError/invalidDER(_:)`` for any deviation from minimal DER,
    ///   ``UmbralError/invalidSignatureComponent(_:)`` when r or s is zero or not below n, and
    ///   ``UmbralError/highSSignature`` when s > n/2.
    public init(derBytes: [UInt8]) throws(UmbralError) {
        let (r, s) = try DERSignature.parse(derBytes)
        try self.init(r: r, s: s)
    }

    /// The 64-byte r‖s form.
    public var bytes: [UInt8] { r + s }

    /// The minimal ASN.1 DER form (8 to 72 bytes).
    public var derBytes: [UInt8] { DERSignature.encode(r: r, s: s) }

    /// Whether this is a valid signature of `message` by `verifyingKey`.
    ///
    /// Returns a Boolean rather than throwing, since a bad signature is an expected answer here.
    ///
    /// - Parameters:
    ///   - message: The message itself, not its hash; it is hashed with SHA-256 here.
    ///   - verifyingKey: The signer's public key.
    /// - Returns: `true` if the signature verifies; `false` otherwise.
    public func verify(_ message: [UInt8], with verifyingKey: PublicKey) -> Bool {
        // Verification is public work on a public signature and key, in variable time. The digest
        // is declassified (ConstantTimeCheck) because a signed message may contain a secret (an
        // AuthorizedKeyFrag signs the kFrag with its key share), and a SHA-256 digest reveals
        // nothing of its input.
        verify(prehash: declassified(SHA256.hash(message)), with: verifyingKey.point)
    }

    func verify(prehash: [UInt8], with key: Point) -> Bool {
        guard let (rScalar, sScalar) = try? Signature.components(r: r, s: s) else { return false }
        return ECDSA.verify(prehash: prehash, r: rScalar, s: sScalar, publicKey: key)
    }

    /// `Signature(` and the first eight bytes in hex `…)`.
    public var description: String { "Signature(\(shortHex(bytes)))" }
}
