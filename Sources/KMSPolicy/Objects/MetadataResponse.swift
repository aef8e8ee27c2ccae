public import UmbralCore

/// An Ursula's signed answer to a ``MetadataRequest`` (`MdRs` 3.0): the node metadata she
/// knows, with a timestamp, under her signature.
///
/// The responding Ursula makes it with ``init(signer:payload:)``; the requester checks it with
/// ``verify(verifyingKey:)`` against the verifying key it expects from that peer (from the
/// peer's own ``NodeMetadata``), then verifies each announced node on its own.
///
/// Wire form: header, then `[signature: bin64, payload: MetadataResponsePayload]`. The signature
/// covers the bare payload array. Parsing refuses bytes after the body, non-canonical MessagePack
/// and high-S signatures; the reference accepts a high-S signature and only fails to verify it.
public struct MetadataResponse: Sendable, Hashable {
    /// The responder's signature over ``MetadataResponsePayload/bytes``.
    public let signature: Signature

    /// The timestamp and the announced nodes, to be read through ``verify(verifyingKey:)``.
    let payload: MetadataResponsePayload

    /// The responding Ursula signs `payload` with her node's signer.
    public init(signer: Signer, payload: MetadataResponsePayload) {
        self.signature = signer.sign(payload.bytes)
        self.payload = payload
    }

    /// Reads the headered bytes (`MdRs` 3.0). The signature is not checked here.
    ///
    /// - Throws: a header error from ``ProtocolObjectKind/decodeBody(_:)``,
    ///   ``KMSPolicyError/malformedBody(object:_:)``,
    ///   ``KMSPolicyError/invalidUmbralValue(object:field:_:)`` for a signature that is not 64
    ///   bytes, has r or s outside [1, n), or is high-S, or any error of a nested ``NodeMetadata``.
    public init(bytes: some Collection<UInt8>) throws(KMSPolicyError) {
        self = try BodyFieldReader.decode(.metadataResponse, from: bytes, object: "MetadataResponse") {
            (fields) throws(KMSPolicyError) in
            try fields.structHeader(count: 2)
            let signature = try fields.signature(field: "signature")
            let payload = try MetadataResponsePayload(fields: &fields)
            return MetadataResponse(signature: signature, payload: payload)
        }
    }

    private init(signature: Signature, payload: MetadataResponsePayload) {
        self.signature = signature
        self.payload = payload
    }

    /// The headered bytes, exactly as nucypher-core 0.16 writes them.
    public var bytes: [UInt8] {
        var body = BodyFieldWriter()
        body.arrayHeader(2)
        body.binary(signature.bytes)
        payload.write(to: &body)
        return ProtocolObjectKind.metadataResponse.encode(body: body.bytes)
    }

    /// The requester checks the responder's signature and gets the payload.
    ///
    /// As in the reference, the payload is only reachable through this check.
    ///
    /// - Parameter verifyingKey: The verifying key of the Ursula that was asked.
    /// - Throws: ``KMSPolicyError/invalidMetadataResponseSignature``.
    public func verify(verifyingKey: PublicKey) throws(KMSPolicyError) -> MetadataResponsePayload {
        guard signature.verify(payload.bytes, with: verifyingKey) else { throw .invalidMetadataResponseSignature }
        return payload
    }
}
