/// A capsule fragment: one Ursula's re-encryption of a capsule, with a proof that she did it right.
///
/// Bob collects at least `threshold` of them. Each carries (E₁, V₁) = rk·(E, V), the kFrag's id and
/// precursor, and a zero-knowledge proof tying rk to the commitment Alice signed. A cFrag from the
/// wire must be verified before Bob may decrypt with it.
public struct CapsuleFrag: Sendable, Hashable, CustomStringConvertible {
    let e1: Point
    let v1: Point
    let keyFragID: [UInt8]
    let precursor: Point
    let proof: CapsuleFragProof

    init(e1: Point, v1: Point, keyFragID: [UInt8], precursor: Point, proof: CapsuleFragProof) {
        self.e1 = e1
        self.v1 = v1
        self.keyFragID = keyFragID
        self.precursor = precursor
        self.proof = proof
    }

    /// Reads the MessagePack form (Python `bytes(cfrag)`, 381 bytes).
    ///
    /// Only the encoding is checked: the proof needs the capsule and the three public keys, which
    /// ``verify(capsule:verifyingKey:delegatingKey:receivingKey:)`` takes.
    ///
    /// - Parameter messagePackBytes: Exactly one cFrag in canonical MessagePack.
    /// - Throws: ``UmbralError/malformedMessagePack(_:)``, ``UmbralError/unexpectedStructure(type:reason:)``
    ///   or ``UmbralError/trailingBytes(type:count:)`` when the bytes are not exactly one canonical
    ///   cFrag; ``UmbralError/invalidPointEncoding(field:reason:)`` or
    ///   ``UmbralError/pointNotOnCurve(field:)`` for a point; ``UmbralError/scalarOutOfRange(field:)``
    ///   for the proof's response; ``UmbralError/invalidSignatureComponent(_:)`` or
    ///   ``UmbralError/highSSignature`` for the kFrag signature.
    public init(messagePackBytes: [UInt8]) throws(UmbralError) {
        var reader = ObjectReader(messagePackBytes, type: "CapsuleFrag")
        try reader.arrayHeader(count: 5, field: "fields")
        let e1 = try reader.point(field: "point_e1")
        let v1 = try reader.point(field: "point_v1")
        let id = try reader.bytes(count: 32, field: "kfrag_id")
        let precursor = try reader.point(field: "precursor")
        try reader.arrayHeader(count: 6, field: "proof")
        let proof = CapsuleFragProof(
            e2: try reader.point(field: "proof.point_e2"),
            v2: try reader.point(field: "proof.point_v2"),
            keyFragCommitment: try reader.point(field: "proof.kfrag_commitment"),
            keyFragPok: try reader.point(field: "proof.kfrag_pok"),
            signature: try reader.scalar(field: "proof.signature"),
            keyFragSignature: try reader.signature(field: "proof.kfrag_signature"))
        try reader.finish()
        self.init(e1: e1, v1: v1, keyFragID: id, precursor: precursor, proof: proof)
    }

    /// The MessagePack form: `[e1, v1, kfrag_id, precursor, [e2, v2, u1, u2, z, kfrag_signature]]`,
    /// 381 bytes.
    public var messagePackBytes: [UInt8] {
        var writer = ObjectWriter(capacity: 381)
        writer.arrayHeader(5)
        writer.point(e1)
        writer.point(v1)
        writer.bytes(keyFragID)
        writer.point(precursor)
        writer.arrayHeader(6)
        writer.point(proof.e2)
        writer.point(proof.v2)
        writer.point(proof.keyFragCommitment)
        writer.point(proof.keyFragPok)
        writer.scalar(proof.signature)
        writer.bytes(proof.keyFragSignature.bytes)
        return writer.result
    }

    /// The same fields without MessagePack headers, 359 bytes (umbral-pre's `to_bytes_simple`).
    public var simpleBytes: [UInt8] {
        e1.compressedBytes + v1.compressedBytes + keyFragID + precursor.compressedBytes
            + proof.e2.compressedBytes + proof.v2.compressedBytes + proof.keyFragCommitment.compressedBytes
            + proof.keyFragPok.compressedBytes + proof.signature.bigEndianBytes + proof.keyFragSignature.bytes
    }

    /// Checks that an Ursula re-encrypted `capsule` correctly with a kFrag Alice made for Bob.
    ///
    /// - Parameters:
    ///   - capsule: The capsule this cFrag claims to transform.
    ///   - verifyingKey: The public key of Alice's signer.
    ///   - delegatingKey: Alice's delegating public key.
    ///   - receivingKey: Bob's public key.
    /// - Returns: The cFrag, now usable for
    ///   ``Umbral/decryptReencrypted(_:capsule:capsuleFrags:receivingKey:delegatingKey:)``.
    /// - Throws: ``UmbralError/invalidCapsuleFragSignature`` or ``UmbralError/invalidReencryptionProof``.
    public func verify(
        capsule: Capsule, verifyingKey: PublicKey, delegatingKey: PublicKey, receivingKey: PublicKey
    ) throws(UmbralError) -> VerifiedCapsuleFrag {
        let message = DomainSeparation.keyFragSignatureMessage(
            id: keyFragID, commitment: proof.keyFragCommitment, precursor: precursor,
            delegatingKey: delegatingKey.point, receivingKey: receivingKey.point)
        guard proof.keyFragSignature.verify(message, with: verifyingKey) else {
            throw .invalidCapsuleFragSignature
        }
        guard proof.holds(capsule: capsule, e1: e1, v1: v1) else { throw .invalidReencryptionProof }
        return VerifiedCapsuleFrag(capsuleFrag: self)
    }

    /// Marks the cFrag as verified without checking it.
    ///
    /// Decrypting with a bad cFrag fails, but without saying which Ursula was at fault; prefer
    /// ``verify(capsule:verifyingKey:delegatingKey:receivingKey:)``.
    ///
    /// - Returns: The same cFrag, accepted by
    ///   ``Umbral/decryptReencrypted(_:capsule:capsuleFrags:receivingKey:delegatingKey:)``.
    public func skipVerification() -> VerifiedCapsuleFrag {
        VerifiedCapsuleFrag(capsuleFrag: self)
    }

    /// `CapsuleFrag(` and the first eight bytes of E₁ in hex `…)`.
    public var description: String { "CapsuleFrag(\(shortHex(e1.compressedBytes)))" }

    /// Whether two cFrags are the same, by their simple bytes (every field; the encoding is canonical).
    public static func == (a: CapsuleFrag, b: CapsuleFrag) -> Bool { a.simpleBytes == b.simpleBytes }

    /// Hashes the simple bytes, the same data that `==` compares.
    public func hash(into hasher: inout Hasher) { hasher.combine(simpleBytes) }
}

/// A cFrag that has been verified, or that an Ursula just produced.
///
/// Serializes exactly like the ``CapsuleFrag`` it wraps and cannot be parsed directly.
public struct VerifiedCapsuleFrag: Sendable, Hashable, CustomStringConvertible {
    /// The cFrag, for sending it over the wire.
    public let unverified: CapsuleFrag

    init(capsuleFrag: CapsuleFrag) {
        self.unverified = capsuleFrag
    }

    /// The MessagePack form, identical to the wrapped cFrag's.
    public var messagePackBytes: [UInt8] { unverified.messagePackBytes }

    /// The simple form, identical to the wrapped cFrag's.
    public var simpleBytes: [UInt8] { unverified.simpleBytes }

    /// `VerifiedCapsuleFrag(` and the first eight bytes of E₁ in hex `…)`.
    public var description: String { "VerifiedCapsuleFrag(\(shortHex(unverified.e1.compressedBytes)))" }
}
