/// What an Ursula answers a ``MetadataRequest`` with, before she signs it: a timestamp and the
/// node metadata she knows.
///
/// The responding Ursula builds it and signs it into a ``MetadataResponse``; the requester gets
/// it back from ``MetadataResponse/verify(verifyingKey:)``.
///
/// It has no header and no brand of its own: ``bytes`` is the bare MessagePack array
/// `[timestamp_epoch: u32, announce_nodes: [NodeMetadata…]]` (nodes bare), which is exactly what
/// the responder signs.
public struct MetadataResponsePayload: Sendable, Hashable {
    /// When the response was made, in seconds since the Unix epoch.
    public let timestampEpoch: UInt32

    /// The node metadata the responder announces, in the order given; not verified on parse.
    public let announceNodes: [NodeMetadata]

    /// A payload announcing `announceNodes` at `timestampEpoch`.
    public init(timestampEpoch: UInt32, announceNodes: [NodeMetadata]) {
        self.timestampEpoch = timestampEpoch
        self.announceNodes = announceNodes
    }

    /// Reads the bare MessagePack array.
    ///
    /// - Throws: ``KMSPolicyError/malformedBody(object:_:)`` for malformed, non-canonical or
    ///   misshapen MessagePack or trailing bytes, or any error of a nested ``NodeMetadata``.
    public init(bytes: some Collection<UInt8>) throws(KMSPolicyError) {
        self = try BodyFieldReader.decodeBare(Array(bytes), object: "MetadataResponsePayload") {
            (fields) throws(KMSPolicyError) in try MetadataResponsePayload(fields: &fields)
        }
    }

    /// Reads the two fields from a body being parsed.
    init(fields: inout BodyFieldReader) throws(KMSPolicyError) {
        try fields.arrayHeader(count: 2, field: "MetadataResponsePayload")
        let timestamp = try fields.integer(UInt32.self, field: "timestamp_epoch")
        let count = try fields.arrayHeader(field: "announce_nodes")
        var nodes: [NodeMetadata] = []
        nodes.reserveCapacity(count)
        for _ in 0..<count { nodes.append(try NodeMetadata(fields: &fields)) }
        self.init(timestampEpoch: timestamp, announceNodes: nodes)
    }

    /// The bare MessagePack array: what ``MetadataResponse`` embeds and what its signer signs.
    public var bytes: [UInt8] {
        var body = BodyFieldWriter()
        write(to: &body)
        return body.bytes
    }

    /// Appends the bare array to a body being built.
    func write(to body: inout BodyFieldWriter) {
        body.arrayHeader(2)
        body.integer(timestampEpoch)
        body.arrayHeader(announceNodes.count)
        for node in announceNodes { node.write(to: &body) }
    }
}
