public import UmbralCore

/// A kFrag that Alice signed and encrypted for one Ursula (`EKFr` 3.0).
///
/// Alice makes one per Ursula when she builds the ``TreasureMap``: an ``AuthorizedKeyFrag``
/// encrypted with Umbral for that Ursula's encrypting key. Bob carries it, unable to read it, in
/// his re-encryption request to that Ursula, and Alice quotes it when she revokes it. The Ursula
/// opens it with ``decrypt(secretKey:hrac:publisherVerifyingKey:)``.
///
/// Wire form: header, then `[capsule, ciphertext: bin]`; the ciphertext decrypts to the
/// headered `AKFr` bytes. Inside a treasure map, request or revocation order it appears bare,
/// without the header (``messagePackBytes``).
///
/// Parsing is stricter than nucypher-core 0.16: extra bytes and non-canonical MessagePack
/// are refused.
public struct EncryptedKeyFrag: Hashable, Sendable {
    /// The encapsulated key that the Ursula's secret key opens.
    public let capsule: Capsule

    /// The encrypted ``AuthorizedKeyFrag`` bytes (425 bytes for a 310-byte kFrag).
    public let ciphertext: [UInt8]

    /// Alice signs `keyFrag` for the policy named by `hrac` and encrypts it for the Ursula whose
    /// encrypting key is `recipientKey`, with the system's secure random generator.
    ///
    /// - Throws: ``KMSPolicyError/encryptionFailed(object:_:)`` only if the random source or the
    ///   crypto backend fails.
    public init(signer: Signer, recipientKey: PublicKey, hrac: HRAC, keyFrag: VerifiedKeyFrag) throws(KMSPolicyError) {
        var rng = SystemRandom()
        try self.init(signer: signer, recipientKey: recipientKey, hrac: hrac, keyFrag: keyFrag, using: &rng)
    }

    /// ``init(signer:recipientKey:hrac:keyFrag:)`` with randomness from `rng`.
    public init(
        signer: Signer, recipientKey: PublicKey, hrac: HRAC, keyFrag: VerifiedKeyFrag,
        using rng: inout some RandomNumberGenerator
    ) throws(KMSPolicyError) {
        let authorized = AuthorizedKeyFrag(signer: signer, hrac: hrac, keyFrag: keyFrag, using: &rng)
        let sealed = try sealForPolicy(authorized.bytes, for: recipientKey, object: "EncryptedKeyFrag", using: &rng)
        self.init(capsule: sealed.capsule, ciphertext: sealed.ciphertext)
    }

    init(capsule: Capsule, ciphertext: [UInt8]) {
        self.capsule = capsule
        self.ciphertext = ciphertext
    }

    /// Reads the headered bytes (`EKFr` 3.0).
    ///
    /// - Throws: a header error from ``ProtocolObjectKind/decodeBody(_:)``,
    ///   ``KMSPolicyError/malformedBody(object:_:)`` for MessagePack that is malformed,
    ///   non-canonical, shaped wrongly or followed by extra bytes, and
    ///   ``KMSPolicyError/invalidUmbralValue(object:field:_:)`` for a capsule that does not parse.
    public init(bytes: some Collection<UInt8>) throws(KMSPolicyError) {
        self = try BodyFieldReader.decode(.encryptedKeyFrag, from: bytes, object: "EncryptedKeyFrag") {
            (fields) throws(KMSPolicyError) in
            try fields.structHeader(count: 2)
            return try EncryptedKeyFrag(readingFieldsOf: &fields, field: "EncryptedKeyFrag")
        }
    }

    /// Reads the bare form (no header), which must fill `messagePackBytes` exactly.
    ///
    /// - Throws: as ``init(bytes:)``, without the header errors.
    public init(messagePackBytes: [UInt8]) throws(KMSPolicyError) {
        self = try BodyFieldReader.decodeBare(messagePackBytes, object: "EncryptedKeyFrag") {
            (fields) throws(KMSPolicyError) in
            try fields.structHeader(count: 2)
            return try EncryptedKeyFrag(readingFieldsOf: &fields, field: "EncryptedKeyFrag")
        }
    }

    /// Reads a bare `EncryptedKeyFrag` nested in another object's body; `field` labels errors.
    init(reading fields: inout BodyFieldReader, field: String) throws(KMSPolicyError) {
        try fields.arrayHeader(count: 2, field: field)
        try self.init(readingFieldsOf: &fields, field: field)
    }

    /// Reads the two fields that follow the struct header.
    private init(readingFieldsOf fields: inout BodyFieldReader, field: String) throws(KMSPolicyError) {
        let capsule = try fields.capsule(field: field + ".capsule")
        let ciphertext = try fields.binary(field: field + ".ciphertext")
        self.init(capsule: capsule, ciphertext: ciphertext)
    }

    /// The headered bytes, exactly as nucypher-core 0.16 writes them.
    public var bytes: [UInt8] {
        ProtocolObjectKind.encryptedKeyFrag.encode(body: messagePackBytes)
    }

    /// The bare MessagePack form, without the header, as it is nested in a ``TreasureMap``, a
    /// re-encryption request or a revocation order.
    public var messagePackBytes: [UInt8] {
        var body = BodyFieldWriter(reservingCapacity: 109 + ciphertext.count)
        write(to: &body)
        return body.bytes
    }

    /// Appends the bare form to an enclosing object's body.
    func write(to body: inout BodyFieldWriter) {
        body.arrayHeader(2)
        body.encoded(capsule.messagePackBytes)
        body.binary(ciphertext)
    }

    /// The Ursula opens the kFrag, checks Alice's signature on it for this policy, and takes it.
    ///
    /// Steps, as in the reference: decrypt with the Ursula's secret key; parse the ``AuthorizedKeyFrag``;
    /// verify its signature with `publisherVerifyingKey` over `hrac ‖ msgpack(kfrag)`. The kFrag is
    /// not Umbral-verified (the reference's Ursula skips that too); the signature vouches for it.
    ///
    /// - Parameters:
    ///   - secretKey: The Ursula's encrypting secret key.
    ///   - hrac: The policy's HRAC, as Bob's request names it.
    ///   - publisherVerifyingKey: Alice's publisher verifying key, as Bob's request names it.
    /// - Throws: ``KMSPolicyError/decryptionFailed(object:_:)`` for the wrong key or tampered bytes;
    ///   the errors of ``AuthorizedKeyFrag/init(bytes:)`` for a malformed plaintext; and
    ///   ``KMSPolicyError/signatureVerificationFailed(object:)`` for the wrong HRAC or publisher.
    public func decrypt(
        secretKey: SecretKey, hrac: HRAC, publisherVerifyingKey: PublicKey
    ) throws(KMSPolicyError) -> VerifiedKeyFrag {
        let plaintext = try openForPolicy(ciphertext, capsule: capsule, secretKey: secretKey, object: "EncryptedKeyFrag")
        return try AuthorizedKeyFrag(bytes: plaintext).verify(hrac: hrac, publisherVerifyingKey: publisherVerifyingKey)
    }
}
