/// One Ursula's opening of a metadata exchange with a peer (`MdRq` 3.0): her fleet-state
/// checksum, and any node metadata she wants to announce (usually her own).
///
/// An Ursula (or a client learning the fleet) sends it; the peer compares the checksum with its
/// own, stores the announced nodes after verifying them, and answers with a
/// ``MetadataResponse``. The request itself is not signed: each announced ``NodeMetadata``
/// carries its own signature.
///
/// Wire form: header, then `[fleet_state_checksum: bin32, announce_nodes: [NodeMetadata…]]`,
/// the nodes as bare arrays without their headers. Parsing refuses bytes after the body and
/// non-canonical MessagePack, which the reference tolerates.
public struct MetadataRequest: Sendable, Hashable {
    /// The sender's view of the fleet.
    public let fleetStateChecksum: FleetStateChecksum

    /// Node metadata the sender announces, in the order given; not verified on parse.
    public let announceNodes: [NodeMetadata]

    /// A request carrying `fleetStateChecksum` and announcing `announceNodes`.
    public init(fleetStateChecksum: FleetStateChecksum, announceNodes: [NodeMetadata]) {
        self.fleetStateChecksum = fleetStateChecksum
        self.announceNodes = announceNodes
    }

    /// Reads the headered bytes (`MdRq` 3.0).
    ///
    /// - Throws: a header error from ``ProtocolObjectKind/decodeBody(_:)``,
    ///   ``KMSPolicyError/malformedBody(object:_:)`` (including a checksum that is not 32 bytes),
    ///   or any error of a nested ``NodeMetadata``.
    public init(bytes: some Collection<UInt8>) throws(KMSPolicyError) {
        self = try BodyFieldReader.decode(.metadataRequest, from: bytes, object: "MetadataRequest") {
            (fields) throws(KMSPolicyError) in
            try fields.structHeader(count: 2)
            let checksum = try FleetStateChecksum(
                bytes: fields.binary(count: FleetStateChecksum.byteCount, field: "fleet_state_checksum"))
            let count = try fields.arrayHeader(field: "announce_nodes")
            var nodes: [NodeMetadata] = []
            nodes.reserveCapacity(count)
            for _ in 0..<count { nodes.append(try NodeMetadata(fields: &fields)) }
            return MetadataRequest(fleetStateChecksum: checksum, announceNodes: nodes)
        }
    }

    /// The headered bytes, exactly as nucypher-core 0.16 writes them.
    public var bytes: [UInt8] {
        var body = BodyFieldWriter()
        body.arrayHeader(2)
        body.binary(fleetStateChecksum.bytes)
        body.arrayHeader(announceNodes.count)
        for node in announceNodes { node.write(to: &body) }
        return ProtocolObjectKind.metadataRequest.encode(body: body.bytes)
    }
}
