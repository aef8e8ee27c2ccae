public import UmbralCore

/// An Ursula's signed self-description (`NdMd` 4.0): her ``NodeMetadataPayload`` and her
/// signature over it.
///
/// Each Ursula makes her own with ``init(signer:payload:)`` and hands it to peers, which pass it
/// on in ``MetadataRequest``s and ``MetadataResponse``s; Alice and Bob learn the fleet from them.
/// A reader checks it with ``verify()`` before trusting any key inside.
///
/// Wire form: header, then `[signature: bin64, payload: NodeMetadataPayload]`. Nested in the
/// metadata messages it appears as that bare array, without the header.
///
/// Parsing is stricter than nucypher-core 0.16: bytes after the body, non-canonical MessagePack
/// and high-S signatures are refused, and the ferveo key is checked only for its form (see
/// ``NodeMetadataPayload``).
public struct NodeMetadata: Sendable, Hashable {
    /// The node's signature over ``NodeMetadataPayload/bytes``, made with the key whose public
    /// half is ``NodeMetadataPayload/verifyingKey``.
    public let signature: Signature

    /// What the node says about itself.
    public let payload: NodeMetadataPayload

    /// An Ursula signs her payload. `signer`'s verifying key should be the payload's
    /// ``NodeMetadataPayload/verifyingKey``, or ``verify()`` will fail.
    public init(signer: Signer, payload: NodeMetadataPayload) {
        self.signature = signer.sign(payload.bytes)
        self.payload = payload
    }

    /// Reads the headered bytes (`NdMd` 4.0).
    ///
    /// - Throws: a header error from ``ProtocolObjectKind/decodeBody(_:)`` (a `NdMd` 3.x is a
    ///   major-version mismatch), ``KMSPolicyError/malformedBody(object:_:)``,
    ///   ``KMSPolicyError/invalidUmbralValue(object:field:_:)`` or
    ///   ``KMSPolicyError/invalidFerveoPublicKey(reason:)``. The signature is not checked here.
    public init(bytes: some Collection<UInt8>) throws(KMSPolicyError) {
        self = try BodyFieldReader.decode(.nodeMetadata, from: bytes, object: "NodeMetadata") {
            (fields) throws(KMSPolicyError) in try NodeMetadata(fields: &fields)
        }
    }

    /// Reads the bare `[signature, payload]` array from a body being parsed.
    init(fields: inout BodyFieldReader) throws(KMSPolicyError) {
        try fields.arrayHeader(count: 2, field: "NodeMetadata")
        self.signature = try fields.signature(field: "signature")
        self.payload = try NodeMetadataPayload(fields: &fields)
    }

    /// The headered bytes, exactly as nucypher-core 0.16 writes them. These are also what
    /// ``FleetStateChecksum`` hashes.
    public var bytes: [UInt8] {
        ProtocolObjectKind.nodeMetadata.encode(body: bareBytes)
    }

    /// The bare `[signature, payload]` array, as nested in the metadata messages.
    var bareBytes: [UInt8] {
        var body = BodyFieldWriter()
        write(to: &body)
        return body.bytes
    }

    /// Appends the bare array to a body being built.
    func write(to body: inout BodyFieldWriter) {
        body.arrayHeader(2)
        body.binary(signature.bytes)
        payload.write(to: &body)
    }

    /// Whether the signature is the payload's own ``NodeMetadataPayload/verifyingKey`` signing
    /// ``NodeMetadataPayload/bytes``.
    ///
    /// This only shows the metadata is self-consistent, as in the reference: it does not check
    /// the operator signature or the staking provider; compare
    /// ``NodeMetadataPayload/deriveOperatorAddress()`` with the chain for that.
    public func verify() -> Bool {
        signature.verify(payload.bytes, with: payload.verifyingKey)
    }
}
