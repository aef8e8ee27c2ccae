public import UmbralCore

/// A treasure map that Alice signed and encrypted for Bob (`EMap` 3.0).
///
/// Alice makes it with ``TreasureMap/encrypt(signer:recipientKey:)`` and publishes or sends it to
/// Bob; only Bob's encrypting secret key opens it, with ``decrypt(secretKey:publisherVerifyingKey:)``.
///
/// Wire form: header, then `[capsule, ciphertext: bin]`; the ciphertext decrypts to the headered
/// ``AuthorizedTreasureMap`` bytes.
///
/// Parsing is stricter than nucypher-core 0.16: extra bytes and non-canonical MessagePack are refused.
public struct EncryptedTreasureMap: Hashable, Sendable {
    /// The encapsulated key that Bob's secret key opens.
    public let capsule: Capsule

    /// The encrypted ``AuthorizedTreasureMap`` bytes.
    public let ciphertext: [UInt8]

    /// Alice signs `treasureMap` for Bob and encrypts it to `recipientKey`, his encrypting key,
    /// with the system's secure random generator (the same as ``TreasureMap/encrypt(signer:recipientKey:)``).
    ///
    /// - Throws: ``KMSPolicyError/encryptionFailed(object:_:)`` only if the random source or the
    ///   crypto backend fails.
    public init(signer: Signer, recipientKey: PublicKey, treasureMap: TreasureMap) throws(KMSPolicyError) {
        var rng = SystemRandom()
        try self.init(signer: signer, recipientKey: recipientKey, treasureMap: treasureMap, using: &rng)
    }

    /// ``init(signer:recipientKey:treasureMap:)`` with randomness from `rng`.
    public init(
        signer: Signer, recipientKey: PublicKey, treasureMap: TreasureMap, using rng: inout some RandomNumberGenerator
    ) throws(KMSPolicyError) {
        let authorized = AuthorizedTreasureMap(
            signer: signer, recipientKey: recipientKey, treasureMap: treasureMap, using: &rng)
        let sealed = try sealForPolicy(authorized.bytes, for: recipientKey, object: "EncryptedTreasureMap", using: &rng)
        self.init(capsule: sealed.capsule, ciphertext: sealed.ciphertext)
    }

    init(capsule: Capsule, ciphertext: [UInt8]) {
        self.capsule = capsule
        self.ciphertext = ciphertext
    }

    /// Reads the headered bytes (`EMap` 3.0).
    ///
    /// - Throws: a header error from ``ProtocolObjectKind/decodeBody(_:)``,
    ///   ``KMSPolicyError/malformedBody(object:_:)`` for MessagePack that is malformed,
    ///   non-canonical, shaped wrongly or followed by extra bytes, and
    ///   ``KMSPolicyError/invalidUmbralValue(object:field:_:)`` for a capsule that does not parse.
    public init(bytes: some Collection<UInt8>) throws(KMSPolicyError) {
        self = try BodyFieldReader.decode(.encryptedTreasureMap, from: bytes, object: "EncryptedTreasureMap") {
            (fields) throws(KMSPolicyError) in
            try fields.structHeader(count: 2)
            let capsule = try fields.capsule(field: "capsule")
            let ciphertext = try fields.binary(field: "ciphertext")
            return EncryptedTreasureMap(capsule: capsule, ciphertext: ciphertext)
        }
    }

    /// The headered bytes, exactly as nucypher-core 0.16 writes them.
    public var bytes: [UInt8] {
        var body = BodyFieldWriter(reservingCapacity: 109 + ciphertext.count)
        body.arrayHeader(2)
        body.encoded(capsule.messagePackBytes)
        body.binary(ciphertext)
        return ProtocolObjectKind.encryptedTreasureMap.encode(body: body.bytes)
    }

    /// Bob opens the map and checks that Alice signed it for him.
    ///
    /// Steps, as in the reference: decrypt with Bob's secret key; parse the ``AuthorizedTreasureMap``;
    /// verify its signature with `publisherVerifyingKey` over Bob's public key (derived from
    /// `secretKey`) followed by the re-encoded, headered map.
    ///
    /// - Parameters:
    ///   - secretKey: Bob's encrypting secret key.
    ///   - publisherVerifyingKey: Alice's publisher verifying key, as Bob knows it.
    /// - Throws: ``KMSPolicyError/decryptionFailed(object:_:)`` for the wrong key or tampered bytes;
    ///   the errors of ``AuthorizedTreasureMap/init(bytes:)`` for a malformed plaintext; and
    ///   ``KMSPolicyError/signatureVerificationFailed(object:)`` for the wrong publisher.
    public func decrypt(secretKey: SecretKey, publisherVerifyingKey: PublicKey) throws(KMSPolicyError) -> TreasureMap {
        let plaintext = try openForPolicy(
            ciphertext, capsule: capsule, secretKey: secretKey, object: "EncryptedTreasureMap")
        return try AuthorizedTreasureMap(bytes: plaintext).verify(
            recipientKey: secretKey.publicKey, publisherVerifyingKey: publisherVerifyingKey)
    }
}
