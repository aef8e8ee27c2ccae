public import UmbralCore

/// A message encrypted for a policy (`MKit` 3.0): what Enrico (any data source) makes and Bob reads.
///
/// Enrico encrypts under the policy's public key, which Alice created. Alice can open the kit
/// directly with the policy's secret key (``decrypt(secretKey:)``); Bob cannot, and instead asks
/// the policy's Ursulas to re-encrypt its ``capsule`` and opens it with at least the threshold
/// number of their verified cFrags (``decryptReencrypted(receivingKey:policyEncryptingKey:capsuleFrags:)``).
///
/// Wire form: header, then `[capsule, ciphertext: bin, conditions: nil | str]`, where the
/// ciphertext is `nonce(24) ‖ XChaCha20-Poly1305 output` with the capsule's 98-byte `E ‖ V ‖ s`
/// as associated data.
///
/// The ``conditions`` are **not authenticated**: they are outside the associated data and
/// nothing signs them, so anyone can replace them and the kit still decrypts (as in the
/// reference). They only tell Ursulas what to check before re-encrypting.
///
/// Parsing is stricter than nucypher-core 0.16: bytes after the body, non-canonical MessagePack
/// (such as wider length forms or structs written as maps), a conditions `bin` instead of `str`,
/// and uncompressed points are all refused, where the reference accepts and re-encodes them.
public struct MessageKit: Hashable, Sendable {
    /// The encapsulated data key, which Ursulas re-encrypt for Bob.
    public let capsule: Capsule

    /// The encrypted message: 24-byte nonce, then ciphertext and 16-byte tag.
    public let ciphertext: [UInt8]

    /// Enrico's access conditions, conventionally JSON, never parsed here; `nil` for none.
    public let conditions: String?

    /// Enrico encrypts `plaintext` for the policy, using the system's secure random generator.
    ///
    /// - Parameters:
    ///   - policyEncryptingKey: The policy's public key, from Alice.
    ///   - plaintext: The message.
    ///   - conditions: Access conditions Ursulas should enforce, or `nil`.
    /// - Throws: ``KMSPolicyError/encryptionFailed(object:_:)`` only if the random source or the
    ///   crypto backend fails.
    public init(policyEncryptingKey: PublicKey, plaintext: [UInt8], conditions: String? = nil) throws(KMSPolicyError) {
        var rng = SystemRandom()
        try self.init(policyEncryptingKey: policyEncryptingKey, plaintext: plaintext, conditions: conditions, using: &rng)
    }

    /// ``init(policyEncryptingKey:plaintext:conditions:)`` with randomness from `rng`, which must
    /// be cryptographically secure outside of tests.
    public init(
        policyEncryptingKey: PublicKey, plaintext: [UInt8], conditions: String? = nil,
        using rng: inout some RandomNumberGenerator
    ) throws(KMSPolicyError) {
        let sealed = try sealForPolicy(plaintext, for: policyEncryptingKey, object: "MessageKit", using: &rng)
        self.init(capsule: sealed.capsule, ciphertext: sealed.ciphertext, conditions: conditions)
    }

    init(capsule: Capsule, ciphertext: [UInt8], conditions: String?) {
        self.capsule = capsule
        self.ciphertext = ciphertext
        self.conditions = conditions
    }

    /// Reads the headered bytes (`MKit` 3.0), as Bob receives a kit from Enrico.
    ///
    /// - Throws: a header error from ``ProtocolObjectKind/decodeBody(_:)``,
    ///   ``KMSPolicyError/malformedBody(object:_:)`` for MessagePack that is malformed,
    ///   non-canonical, shaped wrongly or followed by extra bytes, and
    ///   ``KMSPolicyError/invalidUmbralValue(object:field:_:)`` for a capsule that does not parse
    ///   or fails its self-check.
    public init(bytes: some Collection<UInt8>) throws(KMSPolicyError) {
        self = try BodyFieldReader.decode(.messageKit, from: bytes, object: "MessageKit") {
            (fields) throws(KMSPolicyError) in
            try fields.structHeader(count: 3)
            let capsule = try fields.capsule(field: "capsule")
            let ciphertext = try fields.binary(field: "ciphertext")
            let conditions = try fields.optionalString(field: "conditions")
            return MessageKit(capsule: capsule, ciphertext: ciphertext, conditions: conditions)
        }
    }

    /// The headered bytes, exactly as nucypher-core 0.16 writes them.
    public var bytes: [UInt8] {
        var body = BodyFieldWriter(reservingCapacity: 112 + ciphertext.count + (conditions?.utf8.count ?? 0))
        body.arrayHeader(3)
        body.encoded(capsule.messagePackBytes)
        body.binary(ciphertext)
        body.optionalString(conditions)
        return ProtocolObjectKind.messageKit.encode(body: body.bytes)
    }

    /// Alice opens the kit with the policy's secret key, without any Ursula.
    ///
    /// - Throws: ``KMSPolicyError/decryptionFailed(object:_:)`` for the wrong key or a tampered
    ///   capsule or ciphertext.
    public func decrypt(secretKey: SecretKey) throws(KMSPolicyError) -> [UInt8] {
        try openForPolicy(ciphertext, capsule: capsule, secretKey: secretKey, object: "MessageKit")
    }

    /// Bob opens the kit with cFrags of its capsule from at least the policy's threshold of Ursulas.
    ///
    /// - Parameters:
    ///   - receivingKey: Bob's encrypting secret key, the one Alice made the kFrags for.
    ///   - policyEncryptingKey: The policy's public key, the one the kit was encrypted for.
    ///   - capsuleFrags: cFrags of ``capsule`` from distinct kFrags, verified (for example by
    ///     ``ReencryptionResponse/verify(capsules:aliceVerifyingKey:ursulaVerifyingKey:policyEncryptingKey:bobEncryptingKey:)``).
    /// - Throws: ``KMSPolicyError/decryptionFailed(object:_:)`` wrapping UmbralCore's reason: no
    ///   cFrags, cFrags from different batches or repeated, too few of them or for the wrong keys or
    ///   capsule, or a tampered ciphertext.
    public func decryptReencrypted(
        receivingKey: SecretKey, policyEncryptingKey: PublicKey, capsuleFrags: [VerifiedCapsuleFrag]
    ) throws(KMSPolicyError) -> [UInt8] {
        do {
            return try Umbral.decryptReencrypted(
                ciphertext, capsule: capsule, capsuleFrags: capsuleFrags, receivingKey: receivingKey,
                delegatingKey: policyEncryptingKey)
        } catch {
            throw .decryptionFailed(object: "MessageKit", error)
        }
    }
}
