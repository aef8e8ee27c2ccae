public import UmbralCore

/// A treasure map signed by Alice for Bob (`AMap` 3.0): the plaintext inside an ``EncryptedTreasureMap``.
///
/// Alice signs Bob's encrypting key together with the whole headered ``TreasureMap``, so Bob can
/// tell that the map is hers and was meant for him. The object never travels on its own; only
/// its encryption does.
///
/// Wire form (headered even though it only exists as a plaintext): header, then
/// `[signature: bin64, treasure_map]`, with the map bare (no `TMap` header). The signature
/// covers ``signedMessage(recipientKey:treasureMap:)``, which in contrast uses the **headered** map.
///
/// Parsing is stricter than nucypher-core 0.16 in the same ways as ``TreasureMap``, and refuses a
/// high-S signature.
public struct AuthorizedTreasureMap: Hashable, Sendable {
    /// Alice's signature over ``signedMessage(recipientKey:treasureMap:)``.
    public let signature: Signature

    /// The map, not yet trusted: ``verify(recipientKey:publisherVerifyingKey:)`` vouches for it.
    public let treasureMap: TreasureMap

    /// Alice signs `treasureMap` for the Bob whose encrypting key is `recipientKey`, using the
    /// system's secure random generator to hedge the signature.
    public init(signer: Signer, recipientKey: PublicKey, treasureMap: TreasureMap) {
        var rng = SystemRandom()
        self.init(signer: signer, recipientKey: recipientKey, treasureMap: treasureMap, using: &rng)
    }

    /// ``init(signer:recipientKey:treasureMap:)`` with randomness from `rng`.
    public init(
        signer: Signer, recipientKey: PublicKey, treasureMap: TreasureMap, using rng: inout some RandomNumberGenerator
    ) {
        let message = Self.signedMessage(recipientKey: recipientKey, treasureMap: treasureMap)
        self.init(signature: signer.sign(message, using: &rng), treasureMap: treasureMap)
    }

    init(signature: Signature, treasureMap: TreasureMap) {
        self.signature = signature
        self.treasureMap = treasureMap
    }

    /// Reads the headered bytes (`AMap` 3.0), as Bob finds them after decrypting.
    ///
    /// - Throws: a header error from ``ProtocolObjectKind/decodeBody(_:)``,
    ///   ``KMSPolicyError/invalidUmbralValue(object:field:_:)`` for a signature that does not
    ///   parse, and the body errors of ``TreasureMap/init(bytes:)``.
    public init(bytes: some Collection<UInt8>) throws(KMSPolicyError) {
        self = try BodyFieldReader.decode(.authorizedTreasureMap, from: bytes, object: "AuthorizedTreasureMap") {
            (fields) throws(KMSPolicyError) in
            try fields.structHeader(count: 2)
            let signature = try fields.signature(field: "signature")
            let treasureMap = try TreasureMap(reading: &fields, field: "treasure_map")
            return AuthorizedTreasureMap(signature: signature, treasureMap: treasureMap)
        }
    }

    /// The headered bytes, exactly as nucypher-core 0.16 writes them.
    public var bytes: [UInt8] {
        var body = BodyFieldWriter(reservingCapacity: 180 + 560 * treasureMap.destinations.count)
        body.arrayHeader(2)
        body.binary(signature.bytes)
        treasureMap.write(to: &body)
        return ProtocolObjectKind.authorizedTreasureMap.encode(body: body.bytes)
    }

    /// The message Alice signs: Bob's 33-byte encrypting key, then the **headered** `TMap` bytes.
    public static func signedMessage(recipientKey: PublicKey, treasureMap: TreasureMap) -> [UInt8] {
        recipientKey.compressedBytes + treasureMap.bytes
    }

    /// Bob checks Alice's signature over his own key and the re-encoded map, and takes the map.
    ///
    /// Nothing checks that `publisherVerifyingKey` equals the map's ``TreasureMap/publisherVerifyingKey``
    /// (the reference does not either); Bob should pass the key he knows to be Alice's.
    ///
    /// - Throws: ``KMSPolicyError/signatureVerificationFailed(object:)`` if the signature is not
    ///   `publisherVerifyingKey`'s over `recipientKey` and this map.
    public func verify(recipientKey: PublicKey, publisherVerifyingKey: PublicKey) throws(KMSPolicyError) -> TreasureMap {
        let message = Self.signedMessage(recipientKey: recipientKey, treasureMap: treasureMap)
        guard signature.verify(message, with: publisherVerifyingKey) else {
            throw .signatureVerificationFailed(object: "AuthorizedTreasureMap")
        }
        return treasureMap
    }
}
