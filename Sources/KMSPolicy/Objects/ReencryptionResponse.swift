public import UmbralCore

/// An Ursula's answer to a ``ReencryptionRequest``: one cFrag per requested capsule, signed by
/// her (`ReRs` 3.0).
///
/// Ursula makes it after re-encrypting each capsule of Bob's request with the kFrag Alice
/// gave her; Bob reads it and calls
/// ``verify(capsules:aliceVerifyingKey:ursulaVerifyingKey:policyEncryptingKey:bobEncryptingKey:)``
/// before decrypting with the cFrags.
///
/// Wire form: header, then `[cfrags: [CapsuleFrag…], signature: bin64]`.
/// The signature is Ursula's, over the bare MessagePack of every capsule followed by every cFrag
/// (see ``signedMessage(capsules:capsuleFrags:)``).
///
/// Parsing is stricter than nucypher-core 0.16: bytes after the body, non-canonical
/// MessagePack and high-S signatures are refused (the reference accepts a high-S signature and
/// only fails to verify it).
public struct ReencryptionResponse: Sendable, Hashable {
    /// The cFrags, one per capsule of the request and in its order; not yet verified.
    public let capsuleFrags: [CapsuleFrag]

    /// Ursula's signature over ``signedMessage(capsules:capsuleFrags:)``.
    public let signature: Signature

    /// Ursula signs the cFrags she made, each paired with the capsule it re-encrypts.
    ///
    /// - Parameters:
    ///   - signer: Ursula's signer; its verifying key is the one in her ``NodeMetadata``.
    ///   - capsulesAndVerifiedCapsuleFrags: The request's capsules in order, each with the cFrag
    ///     `Umbral.reencrypt(_:with:)` made from it.
    public init(signer: Signer, capsulesAndVerifiedCapsuleFrags: [(capsule: Capsule, capsuleFrag: VerifiedCapsuleFrag)]) {
        let capsuleFrags = capsulesAndVerifiedCapsuleFrags.map(\.capsuleFrag.unverified)
        let message = Self.signedMessage(
            capsules: capsulesAndVerifiedCapsuleFrags.map(\.capsule), capsuleFrags: capsuleFrags)
        self.capsuleFrags = capsuleFrags
        self.signature = signer.sign(message)
    }

    /// Reads the headered bytes (`ReRs` 3.0).
    ///
    /// - Throws: a header error from ``ProtocolObjectKind/decodeBody(_:)``,
    ///   ``KMSPolicyError/malformedBody(object:_:)`` for MessagePack that is malformed,
    ///   non-canonical, shaped wrongly or followed by extra bytes, and
    ///   ``KMSPolicyError/invalidUmbralValue(object:field:_:)`` for a cFrag or signature that does
    ///   not parse (including high-S).
    public init(bytes: some Collection<UInt8>) throws(KMSPolicyError) {
        self = try BodyFieldReader.decode(.reencryptionResponse, from: bytes, object: "ReencryptionResponse") {
            (fields) throws(KMSPolicyError) in
            try fields.structHeader(count: 2)
            let count = try fields.arrayHeader(field: "cfrags")
            var capsuleFrags: [CapsuleFrag] = []
            capsuleFrags.reserveCapacity(count)
            for index in 0..<count {
                capsuleFrags.append(try fields.capsuleFrag(field: "cfrags[\(index)]"))
            }
            let signature = try fields.signature(field: "signature")
            return ReencryptionResponse(capsuleFrags: capsuleFrags, signature: signature)
        }
    }

    private init(capsuleFrags: [CapsuleFrag], signature: Signature) {
        self.capsuleFrags = capsuleFrags
        self.signature = signature
    }

    /// The headered bytes, exactly as nucypher-core 0.16 writes them.
    public var bytes: [UInt8] {
        var body = BodyFieldWriter(reservingCapacity: 72 + 381 * capsuleFrags.count)
        body.arrayHeader(2)
        body.arrayHeader(capsuleFrags.count)
        for capsuleFrag in capsuleFrags { body.encoded(capsuleFrag.messagePackBytes) }
        body.binary(signature.bytes)
        return ProtocolObjectKind.reencryptionResponse.encode(body: body.bytes)
    }

    /// The message Ursula signs: the bare MessagePack of each capsule, then of each cFrag, all
    /// concatenated with no array header (105 bytes per capsule, 381 per cFrag).
    public static func signedMessage(capsules: [Capsule], capsuleFrags: [CapsuleFrag]) -> [UInt8] {
        var message: [UInt8] = []
        message.reserveCapacity(105 * capsules.count + 381 * capsuleFrags.count)
        for capsule in capsules { message += capsule.messagePackBytes }
        for capsuleFrag in capsuleFrags { message += capsuleFrag.messagePackBytes }
        return message
    }

    /// Bob checks the response and gets cFrags he can decrypt with.
    ///
    /// The checks are the reference's, in its order: as many capsules as cFrags; Ursula's
    /// signature over the message rebuilt from **Bob's own** capsules (so a response for other
    /// capsules, or for his capsules in another order, fails); then each cFrag against its capsule
    /// with Alice's, the policy's and Bob's keys.
    ///
    /// - Parameters:
    ///   - capsules: The capsules Bob sent in his request, in the same order.
    ///   - aliceVerifyingKey: Alice's (the publisher's) verifying key, which signed the kFrags.
    ///   - ursulaVerifyingKey: The verifying key from this Ursula's ``NodeMetadata``.
    ///   - policyEncryptingKey: The policy's public key, which the data was encrypted for.
    ///   - bobEncryptingKey: Bob's encrypting (receiving) public key.
    /// - Returns: The verified cFrags, in capsule order.
    /// - Throws: ``KMSPolicyError/capsuleCountMismatch(capsules:capsuleFrags:)``,
    ///   ``KMSPolicyError/invalidReencryptionResponseSignature`` or
    ///   ``KMSPolicyError/invalidCapsuleFrag(index:_:)``.
    public func verify(
        capsules: [Capsule], aliceVerifyingKey: PublicKey, ursulaVerifyingKey: PublicKey,
        policyEncryptingKey: PublicKey, bobEncryptingKey: PublicKey
    ) throws(KMSPolicyError) -> [VerifiedCapsuleFrag] {
        guard capsules.count == capsuleFrags.count else {
            throw .capsuleCountMismatch(capsules: capsules.count, capsuleFrags: capsuleFrags.count)
        }
        let message = Self.signedMessage(capsules: capsules, capsuleFrags: capsuleFrags)
        guard signature.verify(message, with: ursulaVerifyingKey) else {
            throw .invalidReencryptionResponseSignature
        }
        var verified: [VerifiedCapsuleFrag] = []
        verified.reserveCapacity(capsuleFrags.count)
        for (index, (capsule, capsuleFrag)) in zip(capsules, capsuleFrags).enumerated() {
            do {
                verified.append(try capsuleFrag.verify(
                    capsule: capsule, verifyingKey: aliceVerifyingKey,
                    delegatingKey: policyEncryptingKey, receivingKey: bobEncryptingKey))
            } catch {
                throw .invalidCapsuleFrag(index: index, error)
            }
        }
        return verified
    }
}
