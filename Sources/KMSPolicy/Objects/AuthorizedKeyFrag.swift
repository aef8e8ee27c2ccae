public import UmbralCore

/// A kFrag signed by Alice for one policy (`AKFr` 3.0): the plaintext inside an ``EncryptedKeyFrag``.
///
/// Alice signs each kFrag together with the policy's ``HRAC`` before encrypting it for its
/// Ursula. The Ursula, after decrypting, checks that signature with the publisher key and the
/// HRAC that Bob's request names, which ties the kFrag to that policy and to Alice. The object
/// never travels on its own; only its encryption does.
///
/// Wire form (headered even though it only exists as a plaintext): header, then
/// `[signature: bin64, kfrag]`, with the kFrag as its bare 310-byte MessagePack.
/// The signature covers ``signedMessage(hrac:keyFrag:)``: `hrac(16) ‖ msgpack(kfrag)`.
///
/// Parsing is stricter than nucypher-core 0.16: extra bytes, non-canonical MessagePack, a
/// high-S signature, and a kFrag whose parameter point is not Umbral's U are all refused.
public struct AuthorizedKeyFrag: Hashable, Sendable {
    /// Alice's signature over ``signedMessage(hrac:keyFrag:)``.
    public let signature: Signature

    /// The kFrag, not yet trusted: ``verify(hrac:publisherVerifyingKey:)`` vouches for it.
    public let keyFrag: KeyFrag

    /// Alice signs `keyFrag` for the policy named by `hrac`, using the system's secure random
    /// generator to hedge the signature.
    public init(signer: Signer, hrac: HRAC, keyFrag: VerifiedKeyFrag) {
        var rng = SystemRandom()
        self.init(signer: signer, hrac: hrac, keyFrag: keyFrag, using: &rng)
    }

    /// ``init(signer:hrac:keyFrag:)`` with randomness from `rng`.
    public init(signer: Signer, hrac: HRAC, keyFrag: VerifiedKeyFrag, using rng: inout some RandomNumberGenerator) {
        self.init(
            signature: signer.sign(Self.signedMessage(hrac: hrac, keyFrag: keyFrag.unverified), using: &rng),
            keyFrag: keyFrag.unverified)
    }

    init(signature: Signature, keyFrag: KeyFrag) {
        self.signature = signature
        self.keyFrag = keyFrag
    }

    /// Reads the headered bytes (`AKFr` 3.0), as an Ursula finds them after decrypting.
    ///
    /// - Throws: a header error from ``ProtocolObjectKind/decodeBody(_:)``,
    ///   ``KMSPolicyError/malformedBody(object:_:)`` for MessagePack that is malformed,
    ///   non-canonical, shaped wrongly or followed by extra bytes, and
    ///   ``KMSPolicyError/invalidUmbralValue(object:field:_:)`` for a signature or kFrag that does
    ///   not parse.
    public init(bytes: some Collection<UInt8>) throws(KMSPolicyError) {
        self = try BodyFieldReader.decode(.authorizedKeyFrag, from: bytes, object: "AuthorizedKeyFrag") {
            (fields) throws(KMSPolicyError) in
            try fields.structHeader(count: 2)
            let signature = try fields.signature(field: "signature")
            let keyFrag = try fields.keyFrag(field: "kfrag")
            return AuthorizedKeyFrag(signature: signature, keyFrag: keyFrag)
        }
    }

    /// The headered bytes, exactly as nucypher-core 0.16 writes them (385 bytes).
    public var bytes: [UInt8] {
        var body = BodyFieldWriter(reservingCapacity: 377)
        body.arrayHeader(2)
        body.binary(signature.bytes)
        body.encoded(keyFrag.messagePackBytes)
        return ProtocolObjectKind.authorizedKeyFrag.encode(body: body.bytes)
    }

    /// The message Alice signs: the 16 HRAC bytes, then the kFrag's bare MessagePack (326 bytes).
    public static func signedMessage(hrac: HRAC, keyFrag: KeyFrag) -> [UInt8] {
        hrac.bytes + keyFrag.messagePackBytes
    }

    /// An Ursula checks Alice's signature for the policy named by `hrac` and takes the kFrag.
    ///
    /// The message is rebuilt by re-encoding the parsed kFrag, as the reference does; the kFrag
    /// itself is then trusted without Umbral verification (as nucypher-core's Ursula does), since
    /// Alice's signature already vouches for it.
    ///
    /// - Throws: ``KMSPolicyError/signatureVerificationFailed(object:)`` if the signature is not
    ///   `publisherVerifyingKey`'s over this HRAC and kFrag.
    public func verify(hrac: HRAC, publisherVerifyingKey: PublicKey) throws(KMSPolicyError) -> VerifiedKeyFrag {
        guard signature.verify(Self.signedMessage(hrac: hrac, keyFrag: keyFrag), with: publisherVerifyingKey) else {
            throw .signatureVerificationFailed(object: "AuthorizedKeyFrag")
        }
        return keyFrag.skipVerification()
    }
}
