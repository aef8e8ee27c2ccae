/// A re-encryption key fragment, as Alice hands it to one Ursula.
///
/// It holds one share rk of Alice's re-encryption key for Bob, a commitment rk·U to it, and
/// Alice's signatures over both. A kFrag from the wire must be verified
/// (``verify(verifyingKey:delegatingKey:receivingKey:)``) before an Ursula may use it; only the
/// resulting ``VerifiedKeyFrag`` re-encrypts.
public struct KeyFrag: Sendable, Hashable, CustomStringConvertible {
    let id: [UInt8]
    private let keyStorage: SecretScalar
    /// The key share rk: secret, kept in wiped-on-free storage.
    var key: Scalar { keyStorage.value }
    let precursor: Point
    let commitment: Point
    let signatureForProxy: Signature
    let signatureForReceiver: Signature
    /// Whether the signature for the proxy covers Alice's public key, so verifying needs it.
    public let delegatingKeySigned: Bool
    /// Whether the signature for the proxy covers Bob's public key, so verifying needs it.
    public let receivingKeySigned: Bool

    init(
        id: [UInt8], key: Scalar, precursor: Point, commitment: Point, signatureForProxy: Signature,
        signatureForReceiver: Signature, delegatingKeySigned: Bool, receivingKeySigned: Bool
    ) {
        self.id = id
        self.keyStorage = SecretScalar(key)
        self.precursor = precursor
        self.commitment = commitment
        self.signatureForProxy = signatureForProxy
        self.signatureForReceiver = signatureForReceiver
        self.delegatingKeySigned = delegatingKeySigned
        self.receivingKeySigned = receivingKeySigned
    }

    /// Reads the MessagePack form (Python `bytes(kfrag)`, 310 bytes).
    ///
    /// The embedded parameter point must be Umbral's U: nothing legitimate carries another. No
    /// signature is checked here, because that needs Alice's keys; an Ursula calls
    /// ``verify(verifyingKey:delegatingKey:receivingKey:)`` next.
    ///
    /// - Parameter messagePackBytes: Exactly one kFrag in canonical MessagePack.
    /// - Throws: ``UmbralError/malformedMessagePack(_:)``, ``UmbralError/unexpectedStructure(type:reason:)``
    ///   (also for a foreign U) or ``UmbralError/trailingBytes(type:count:)`` when the bytes are not
    ///   exactly one canonical kFrag; ``UmbralError/invalidPointEncoding(field:reason:)`` or
    ///   ``UmbralError/pointNotOnCurve(field:)`` for a point; ``UmbralError/scalarOutOfRange(field:)``
    ///   for the key share; ``UmbralError/invalidSignatureComponent(_:)`` or
    ///   ``UmbralError/highSSignature`` for a signature.
    public init(messagePackBytes: [UInt8]) throws(UmbralError) {
        var reader = ObjectReader(messagePackBytes, type: "KeyFrag")
        try reader.arrayHeader(count: 5, field: "fields")
        try reader.arrayHeader(count: 1, field: "params")
        let u = try reader.bytes(count: 33, field: "params.u")
        guard u == Point.parameterUCompressed else {
            throw .unexpectedStructure(type: "KeyFrag", reason: "params.u is not Umbral's parameter point U")
        }
        let id = try reader.bytes(count: 32, field: "id")
        let key = try reader.scalar(field: "key")
        let precursor = try reader.point(field: "precursor")
        try reader.arrayHeader(count: 5, field: "proof")
        let commitment = try reader.point(field: "proof.commitment")
        let signatureForProxy = try reader.signature(field: "proof.signature_for_proxy")
        let signatureForReceiver = try reader.signature(field: "proof.signature_for_receiver")
        let delegatingKeySigned = try reader.bool(field: "proof.delegating_key_signed")
        let receivingKeySigned = try reader.bool(field: "proof.receiving_key_signed")
        try reader.finish()
        self.init(
            id: id, key: key, precursor: precursor, commitment: commitment,
            signatureForProxy: signatureForProxy, signatureForReceiver: signatureForReceiver,
            delegatingKeySigned: delegatingKeySigned, receivingKeySigned: receivingKeySigned)
    }

    /// The MessagePack form: `[[U], id, key, precursor, [commitment, sig_proxy, sig_receiver,
    /// delegating_key_signed, receiving_key_signed]]`, 310 bytes.
    public var messagePackBytes: [UInt8] {
        var writer = ObjectWriter(capacity: 310)
        writer.arrayHeader(5)
        writer.arrayHeader(1)
        writer.bytes(Point.parameterUCompressed)
        writer.bytes(id)
        writer.scalar(key)
        writer.point(precursor)
        writer.arrayHeader(5)
        writer.point(commitment)
        writer.bytes(signatureForProxy.bytes)
        writer.bytes(signatureForReceiver.bytes)
        writer.bool(delegatingKeySigned)
        writer.bool(receivingKeySigned)
        return writer.result
    }

    /// Checks that the kFrag is Alice's and is consistent, as an Ursula must before using it.
    ///
    /// As in umbral-pre, only the signature for the proxy is checked. The signature for the
    /// receiver travels inside every cFrag and Bob checks it there, so a bad one cannot slip
    /// through; checking it here as well would double the cost of this step for every Ursula.
    ///
    /// - Parameters:
    ///   - verifyingKey: The public key of Alice's signer.
    ///   - delegatingKey: Alice's delegating public key; required if the kFrag signs it.
    ///   - receivingKey: Bob's public key; required if the kFrag signs it.
    /// - Returns: The kFrag, now usable for ``Umbral/reencrypt(_:with:)``.
    /// - Throws: ``UmbralError/invalidKeyFragCommitment``, ``UmbralError/delegatingKeyNotProvided``,
    ///   ``UmbralError/receivingKeyNotProvided`` or ``UmbralError/invalidKeyFragSignature``.
    public func verify(
        verifyingKey: PublicKey, delegatingKey: PublicKey? = nil, receivingKey: PublicKey? = nil
    ) throws(UmbralError) -> VerifiedKeyFrag {
        // The key share is secret, so the commitment is recomputed with the constant-time ladder.
        // Whether it matches is the public outcome of the check: declassified (ConstantTimeCheck),
        // since libsecp256k1's comparison result is computed from the secret product's bytes.
        guard declassified(key * Point.parameterU == commitment) else { throw .invalidKeyFragCommitment }
        if delegatingKeySigned && delegatingKey == nil { throw .delegatingKeyNotProvided }
        if receivingKeySigned && receivingKey == nil { throw .receivingKeyNotProvided }
        let message = DomainSeparation.keyFragSignatureMessage(
            id: id, commitment: commitment, precursor: precursor,
            delegatingKey: delegatingKeySigned ? delegatingKey?.point : nil,
            receivingKey: receivingKeySigned ? receivingKey?.point : nil)
        guard signatureForProxy.verify(message, with: verifyingKey) else { throw .invalidKeyFragSignature }
        return VerifiedKeyFrag(keyFrag: self)
    }

    /// Marks the kFrag as verified without checking it.
    ///
    /// Only for kFrags whose origin is already established (for example, read back from the
    /// Ursula's own store after being verified on arrival). A forged kFrag used this way yields
    /// cFrags that Bob will reject, and reveals nothing, but it wastes everyone's work.
    ///
    /// - Returns: The same kFrag, accepted by ``Umbral/reencrypt(_:with:)``.
    public func skipVerification() -> VerifiedKeyFrag {
        VerifiedKeyFrag(keyFrag: self)
    }

    /// `KeyFrag(` and the first eight bytes of its id in hex `…)`; the key share is not shown.
    public var description: String { "KeyFrag(\(shortHex(id)))" }

    /// Whether two kFrags are the same, comparing every byte in constant time because the bytes
    /// include the secret key share.
    public static func == (a: KeyFrag, b: KeyFrag) -> Bool {
        // Field by field, so the key share is compared as a scalar (in constant time) and never
        // copied into an unwiped byte array.
        a.key == b.key && a.id == b.id && a.precursor == b.precursor && a.commitment == b.commitment
            && a.signatureForProxy == b.signatureForProxy && a.signatureForReceiver == b.signatureForReceiver
            && a.delegatingKeySigned == b.delegatingKeySigned && a.receivingKeySigned == b.receivingKeySigned
    }

    /// Hashes only the public id and commitment, so the key share never reaches a hasher.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(commitment.compressedBytes)
    }
}

/// A kFrag that has been verified, or that was just generated by Alice.
///
/// Serializes to exactly the same bytes as the ``KeyFrag`` it wraps; there is no way to parse one
/// directly, which is the point: trust is earned by verification.
public struct VerifiedKeyFrag: Sendable, Hashable, CustomStringConvertible {
    /// The kFrag, for sending it over the wire.
    public let unverified: KeyFrag

    init(keyFrag: KeyFrag) {
        self.unverified = keyFrag
    }

    /// The MessagePack form, identical to the wrapped kFrag's.
    public var messagePackBytes: [UInt8] { unverified.messagePackBytes }

    /// `VerifiedKeyFrag(` and the first eight bytes of its id in hex `…)`.
    public var description: String { "VerifiedKeyFrag(\(shortHex(unverified.id)))" }
}
