public import UmbralCore

/// Bob's request that one Ursula re-encrypt capsules for him (`ReRq` 3.0).
///
/// Bob builds it from the ``TreasureMap`` he decrypted: the ``EncryptedKeyFrag`` the map holds
/// for that Ursula, the policy's ``HRAC`` and publisher key, and the capsules of the
/// ``MessageKit``s he wants opened. The Ursula reads it, opens the kFrag with
/// ``EncryptedKeyFrag/decrypt(secretKey:hrac:publisherVerifyingKey:)``, re-encrypts every
/// capsule and answers with a ``ReencryptionResponse``.
///
/// Nothing in it is signed: the kFrag carries Alice's signature, and the conditions and context
/// are not bound to anything cryptographically (the Ursula evaluates them as given).
///
/// Wire form: header, then `[capsules: [Capsule…], hrac: bin16, encrypted_kfrag: EncryptedKeyFrag
/// (bare), publisher_verifying_key: bin33, bob_verifying_key: bin33, conditions: nil|str,
/// context: nil|str]`. Parsing refuses bytes after the body, non-canonical MessagePack (such as a
/// string sent as `bin`, or a 65-byte uncompressed key) and a headered kFrag where the bare form
/// belongs, all of which the reference tolerates or re-encodes.
public struct ReencryptionRequest: Sendable, Hashable {
    /// The capsules to re-encrypt, in the order the response's cFrags will follow.
    public let capsules: [Capsule]

    /// The policy's HRAC, which the Ursula needs to check Alice's signature on the kFrag.
    public let hrac: HRAC

    /// The kFrag Alice sealed for this Ursula, from the treasure map.
    public let encryptedKeyFrag: EncryptedKeyFrag

    /// Alice's publisher verifying key, which signed the kFrag.
    public let publisherVerifyingKey: PublicKey

    /// Bob's verifying key (not his encrypting key).
    public let bobVerifyingKey: PublicKey

    /// The access conditions of the message kits, usually JSON; not parsed here.
    public let conditions: String?

    /// Values the conditions need, such as signed user addresses, usually JSON; not parsed here.
    public let context: String?

    /// Bob's request to the Ursula that holds `encryptedKeyFrag`.
    ///
    /// - Parameters:
    ///   - capsules: The capsules to re-encrypt.
    ///   - hrac: The policy's HRAC, from the treasure map.
    ///   - encryptedKeyFrag: The treasure map's kFrag for this Ursula.
    ///   - publisherVerifyingKey: Alice's publisher verifying key.
    ///   - bobVerifyingKey: Bob's verifying key.
    ///   - conditions: The message kits' conditions, if any.
    ///   - context: The context the conditions need, if any.
    public init(
        capsules: [Capsule], hrac: HRAC, encryptedKeyFrag: EncryptedKeyFrag, publisherVerifyingKey: PublicKey,
        bobVerifyingKey: PublicKey, conditions: String? = nil, context: String? = nil
    ) {
        self.capsules = capsules
        self.hrac = hrac
        self.encryptedKeyFrag = encryptedKeyFrag
        self.publisherVerifyingKey = publisherVerifyingKey
        self.bobVerifyingKey = bobVerifyingKey
        self.conditions = conditions
        self.context = context
    }

    /// Reads the headered bytes (`ReRq` 3.0).
    ///
    /// - Throws: a header error from ``ProtocolObjectKind/decodeBody(_:)``,
    ///   ``KMSPolicyError/malformedBody(object:_:)`` for MessagePack that is malformed,
    ///   non-canonical, shaped wrongly (an HRAC that is not 16 bytes, a key that is not 33) or
    ///   followed by extra bytes, and ``KMSPolicyError/invalidUmbralValue(object:field:_:)`` for a
    ///   capsule or key that does not parse.
    public init(bytes: some Collection<UInt8>) throws(KMSPolicyError) {
        self = try BodyFieldReader.decode(.reencryptionRequest, from: bytes, object: "ReencryptionRequest") {
            (fields) throws(KMSPolicyError) in
            try fields.structHeader(count: 7)
            let count = try fields.arrayHeader(field: "capsules")
            var capsules: [Capsule] = []
            capsules.reserveCapacity(count)
            for index in 0..<count {
                capsules.append(try fields.capsule(field: "capsules[\(index)]"))
            }
            return ReencryptionRequest(
                capsules: capsules,
                hrac: try HRAC(reading: &fields, field: "hrac"),
                encryptedKeyFrag: try EncryptedKeyFrag(reading: &fields, field: "encrypted_kfrag"),
                publisherVerifyingKey: try fields.publicKey(field: "publisher_verifying_key"),
                bobVerifyingKey: try fields.publicKey(field: "bob_verifying_key"),
                conditions: try fields.optionalString(field: "conditions"),
                context: try fields.optionalString(field: "context"))
        }
    }

    /// The headered bytes, exactly as nucypher-core 0.16 writes them.
    public var bytes: [UInt8] {
        var body = BodyFieldWriter(
            reservingCapacity: 640 + 105 * capsules.count + (conditions?.utf8.count ?? 0) + (context?.utf8.count ?? 0))
        body.arrayHeader(7)
        body.arrayHeader(capsules.count)
        for capsule in capsules { body.encoded(capsule.messagePackBytes) }
        body.binary(hrac.bytes)
        encryptedKeyFrag.write(to: &body)
        body.binary(publisherVerifyingKey.compressedBytes)
        body.binary(bobVerifyingKey.compressedBytes)
        body.optionalString(conditions)
        body.optionalString(context)
        return ProtocolObjectKind.reencryptionRequest.encode(body: body.bytes)
    }
}
