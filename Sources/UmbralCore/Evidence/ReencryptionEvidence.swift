/// The precomputed values a third party (such as an on-chain adjudicator) needs to check a cFrag's
/// proof with only point additions and signature recovery.
///
/// Bob builds it from a capsule, a verified cFrag and the three public keys. Every point is given in
/// compressed form; the order and names follow umbral-pre's `ReencryptionEvidence`.
public struct ReencryptionEvidence: Sendable, Hashable, CustomStringConvertible {
    private let points: [Point]
    /// SHA-256 of the kFrag signature message with both public keys.
    public let kfragValidityMessageHash: [UInt8]
    /// Whether R.y of the kFrag signature is odd: the recovery bit an Ethereum verifier needs.
    public let kfragSignatureV: Bool

    /// The names of the fourteen points, in their serialized order.
    static let pointNames = ["e", "ez", "e1", "e1h", "e2", "v", "vz", "v1", "v1h", "v2", "uz", "u1", "u1h", "u2"]

    private init(points: [Point], kfragValidityMessageHash: [UInt8], kfragSignatureV: Bool) {
        self.points = points
        self.kfragValidityMessageHash = kfragValidityMessageHash
        self.kfragSignatureV = kfragSignatureV
    }

    /// Builds the evidence for `capsuleFrag`, a re-encryption of `capsule`.
    ///
    /// The cFrag's proof is not checked again here: evidence is only meaningful for a cFrag that
    /// ``CapsuleFrag/verify(capsule:verifyingKey:delegatingKey:receivingKey:)`` accepted for this
    /// same capsule and keys (``CapsuleFrag/skipVerification()`` also yields a verified cFrag).
    ///
    /// - Parameters:
    ///   - capsule: The capsule the Ursula re-encrypted.
    ///   - capsuleFrag: Her cFrag of `capsule`.
    ///   - verifyingKey: The public key of Alice's signer, which the recovery bit is found for.
    ///   - delegatingKey: Alice's delegating public key.
    ///   - receivingKey: Bob's public key.
    /// - Throws: ``UmbralError/recoveryIDNotFound`` when the kFrag signature was not made by
    ///   `verifyingKey` for these delegating and receiving keys.
    public init(
        capsule: Capsule, capsuleFrag: VerifiedCapsuleFrag, verifyingKey: PublicKey, delegatingKey: PublicKey,
        receivingKey: PublicKey
    ) throws(UmbralError) {
        let cfrag = capsuleFrag.unverified
        let proof = cfrag.proof
        let h = proof.challenge(capsule: capsule, e1: cfrag.e1, v1: cfrag.v1)
        let z = proof.signature
        let u = Point.parameterU
        let points = [
            capsule.e, z * capsule.e, cfrag.e1, h * cfrag.e1, proof.e2,
            capsule.v, z * capsule.v, cfrag.v1, h * cfrag.v1, proof.v2,
            z * u, proof.keyFragCommitment, h * proof.keyFragCommitment, proof.keyFragPok,
        ]
        let message = DomainSeparation.keyFragSignatureMessage(
            id: cfrag.keyFragID, commitment: proof.keyFragCommitment, precursor: cfrag.precursor,
            delegatingKey: delegatingKey.point, receivingKey: receivingKey.point)
        let prehash = SHA256.hash(message)
        var recoveryBit: Bool?
        for recoveryID: UInt8 in 0..<4 {
            let candidate = RecoverableSignature(signature: proof.keyFragSignature, recoveryID: recoveryID)
            if let recovered = try? candidate.recoverPublicKey(prehash: prehash), recovered == verifyingKey {
                recoveryBit = recoveryID & 1 == 1
                break
            }
        }
        guard let recoveryBit else { throw .recoveryIDNotFound }
        self.init(points: points, kfragValidityMessageHash: prehash, kfragSignatureV: recoveryBit)
    }

    /// Reads the MessagePack form (528 bytes): an array of 16 with the 14 points, the hash and the
    /// recovery bit.
    ///
    /// Nothing is recomputed: the evidence is for a third party to check, not for this reader.
    ///
    /// - Parameter messagePackBytes: Exactly one evidence object in canonical MessagePack.
    /// - Throws: ``UmbralError/malformedMessagePack(_:)``, ``UmbralError/unexpectedStructure(type:reason:)``
    ///   or ``UmbralError/trailingBytes(type:count:)`` when the bytes are not exactly one canonical
    ///   object; ``UmbralError/invalidPointEncoding(field:reason:)`` or
    ///   ``UmbralError/pointNotOnCurve(field:)`` for a point.
    public init(messagePackBytes: [UInt8]) throws(UmbralError) {
        var reader = ObjectReader(messagePackBytes, type: "ReencryptionEvidence")
        try reader.arrayHeader(count: 16, field: "fields")
        var points = [Point]()
        for name in Self.pointNames {
            points.append(try reader.point(field: name))
        }
        let hash = try reader.bytes(count: 32, field: "kfrag_validity_message_hash")
        let v = try reader.bool(field: "kfrag_signature_v")
        try reader.finish()
        self.init(points: points, kfragValidityMessageHash: hash, kfragSignatureV: v)
    }

    /// The MessagePack form, 528 bytes.
    public var messagePackBytes: [UInt8] {
        var writer = ObjectWriter(capacity: 528)
        writer.arrayHeader(16)
        for point in points { writer.point(point) }
        writer.bytes(kfragValidityMessageHash)
        writer.bool(kfragSignatureV)
        return writer.result
    }

    /// The compressed point named `name` (one of ``pointNames``).
    private func point(_ name: String) -> [UInt8] {
        points[Self.pointNames.firstIndex(of: name)!].compressedBytes
    }

    /// E, the capsule's first point.
    public var e: [UInt8] { point("e") }
    /// z·E.
    public var ez: [UInt8] { point("ez") }
    /// E₁ from the cFrag.
    public var e1: [UInt8] { point("e1") }
    /// h·E₁.
    public var e1h: [UInt8] { point("e1h") }
    /// e₂ from the proof.
    public var e2: [UInt8] { point("e2") }
    /// V, the capsule's second point.
    public var v: [UInt8] { point("v") }
    /// z·V.
    public var vz: [UInt8] { point("vz") }
    /// V₁ from the cFrag.
    public var v1: [UInt8] { point("v1") }
    /// h·V₁.
    public var v1h: [UInt8] { point("v1h") }
    /// v₂ from the proof.
    public var v2: [UInt8] { point("v2") }
    /// z·U.
    public var uz: [UInt8] { point("uz") }
    /// u₁, the kFrag commitment.
    public var u1: [UInt8] { point("u1") }
    /// h·u₁.
    public var u1h: [UInt8] { point("u1h") }
    /// u₂ from the proof.
    public var u2: [UInt8] { point("u2") }

    /// `ReencryptionEvidence(` and the first eight bytes of E₁ in hex `…)`.
    public var description: String { "ReencryptionEvidence(\(shortHex(e1)))" }

    /// Whether two evidence objects are the same, by their MessagePack bytes, which hold every field.
    public static func == (a: ReencryptionEvidence, b: ReencryptionEvidence) -> Bool {
        a.messagePackBytes == b.messagePackBytes
    }

    /// Hashes the MessagePack bytes, the same data that `==` compares.
    public func hash(into hasher: inout Hasher) { hasher.combine(messagePackBytes) }
}
