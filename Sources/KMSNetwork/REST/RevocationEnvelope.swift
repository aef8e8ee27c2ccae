import KMSMessagePack
public import KMSPolicy
public import UmbralCore

/// The body of ``UrsulaRoute/revoke``: Alice's `RevocationOrder` with the publisher verifying key
/// it is checked against.
///
/// A nucypher-core `RevocationOrder` names the Ursula and the kFrag but not the publisher, and
/// `Ursula/revoke(orderBytes:publisherVerifyingKey:)` needs that key (the order only binds
/// requests naming the same publisher). The envelope carries both in one binary body.
///
/// Wire form (SwiftKMS's own, no header of its own): canonical MessagePack
/// `[publisher_verifying_key: bin33, revocation_order: bin]`, where `revocation_order` is the
/// headered `Revo` 3.0 bytes, so the order's version is checked as usual. Nothing may follow.
public struct RevocationEnvelope: Hashable, Sendable {
    /// The publisher (Alice) verifying key that signed ``orderBytes``.
    public let publisherVerifyingKey: PublicKey

    /// The headered `RevocationOrder` bytes, parsed only by Ursula.
    public let orderBytes: [UInt8]

    /// An envelope for `order`, signed by `publisherVerifyingKey`'s owner.
    public init(order: RevocationOrder, publisherVerifyingKey: PublicKey) {
        self.init(orderBytes: order.bytes, publisherVerifyingKey: publisherVerifyingKey)
    }

    /// An envelope around raw order bytes (which may be anything; Ursula checks them).
    public init(orderBytes: [UInt8], publisherVerifyingKey: PublicKey) {
        self.publisherVerifyingKey = publisherVerifyingKey
        self.orderBytes = orderBytes
    }

    /// Reads the envelope.
    ///
    /// - Throws: `KMSPolicyError/malformedBody(object:_:)` for MessagePack that is malformed,
    ///   non-canonical, shaped otherwise or followed by bytes;
    ///   `KMSPolicyError/invalidUmbralValue(object:field:_:)` for a key that is not a point.
    public init(bytes: [UInt8]) throws(KMSPolicyError) {
        var reader = MessagePackReader(bytes)
        let keyBytes: [UInt8]
        do {
            try reader.readArrayHeader(count: 2, field: "RevocationEnvelope")
            keyBytes = try reader.readBinary(count: 33, field: "publisher_verifying_key")
            orderBytes = try reader.readBinary(field: "revocation_order")
            try reader.finish()
        } catch {
            throw .malformedBody(object: "RevocationEnvelope", error)
        }
        do {
            publisherVerifyingKey = try PublicKey(compressedBytes: keyBytes)
        } catch {
            throw .invalidUmbralValue(object: "RevocationEnvelope", field: "publisher_verifying_key", error)
        }
    }

    /// The canonical MessagePack bytes.
    public var bytes: [UInt8] {
        var writer = MessagePackWriter(reservingCapacity: 40 + orderBytes.count)
        writer.writeArrayHeader(2)
        writer.writeBinary(publisherVerifyingKey.compressedBytes)
        writer.writeBinary(orderBytes)
        return writer.bytes
    }
}
