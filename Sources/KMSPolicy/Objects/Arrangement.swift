public import UmbralCore

/// Alice hands one Ursula the kFrag she sealed to her for a policy (`Arng` 1.0, SwiftKMS's own).
///
/// In the 2018 system an Ursula held a policy's kFrag from the moment she accepted Alice's
/// arrangement, and served Bob only for policies she had accepted. nucypher-core 0.16 moved the
/// kFrags into the treasure map, so Bob brings them; SwiftKMS keeps both: Alice first places each
/// kFrag with its Ursula (who checks the ledger and keeps it), and Ursula re-encrypts only when
/// Bob's request brings the same kFrag for a policy she accepted.
///
/// Nothing here needs a signature of its own: the kFrag inside is an ``AuthorizedKeyFrag`` that the
/// publisher signed for this HRAC, which only the addressed Ursula can open and check.
///
/// Wire form: header `Arng` 0001 0000, then `[hrac: bin16, publisher_verifying_key: bin33,
/// encrypted_kfrag: EncryptedKeyFrag (bare)]`, canonical MessagePack with nothing after it.
public struct Arrangement: Sendable, Hashable {
    /// The policy.
    public let hrac: HRAC

    /// Alice's publisher verifying key, which signed the kFrag and pays for the policy.
    public let publisherVerifyingKey: PublicKey

    /// The kFrag sealed to the Ursula, exactly as the treasure map holds it for her.
    public let encryptedKeyFrag: EncryptedKeyFrag

    /// An arrangement from its parts.
    ///
    /// - Parameters:
    ///   - hrac: The policy's HRAC.
    ///   - publisherVerifyingKey: Alice's publisher verifying key.
    ///   - encryptedKeyFrag: The kFrag the treasure map files under the Ursula's address.
    public init(hrac: HRAC, publisherVerifyingKey: PublicKey, encryptedKeyFrag: EncryptedKeyFrag) {
        self.hrac = hrac
        self.publisherVerifyingKey = publisherVerifyingKey
        self.encryptedKeyFrag = encryptedKeyFrag
    }

    /// Reads the headered bytes (`Arng` 1.0).
    ///
    /// - Throws: a header error from ``ProtocolObjectKind/decodeBody(_:)``,
    ///   ``KMSPolicyError/malformedBody(object:_:)`` for MessagePack that is malformed,
    ///   non-canonical, shaped wrongly or followed by extra bytes, and
    ///   ``KMSPolicyError/invalidUmbralValue(object:field:_:)`` for a key or capsule that does not parse.
    public init(bytes: some Collection<UInt8>) throws(KMSPolicyError) {
        self = try BodyFieldReader.decode(.arrangement, from: bytes, object: "Arrangement") {
            (fields) throws(KMSPolicyError) in
            try fields.structHeader(count: 3)
            return Arrangement(
                hrac: try HRAC(reading: &fields, field: "hrac"),
                publisherVerifyingKey: try fields.publicKey(field: "publisher_verifying_key"),
                encryptedKeyFrag: try EncryptedKeyFrag(reading: &fields, field: "encrypted_kfrag"))
        }
    }

    /// The headered bytes.
    public var bytes: [UInt8] {
        var body = BodyFieldWriter(reservingCapacity: 80 + 109 + encryptedKeyFrag.ciphertext.count)
        body.arrayHeader(3)
        body.binary(hrac.bytes)
        body.binary(publisherVerifyingKey.compressedBytes)
        encryptedKeyFrag.write(to: &body)
        return ProtocolObjectKind.arrangement.encode(body: body.bytes)
    }
}
