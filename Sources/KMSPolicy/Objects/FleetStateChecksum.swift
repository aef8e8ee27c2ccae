/// A digest of the set of nodes an Ursula knows, so two Ursulas can tell cheaply whether their
/// views of the fleet differ (32 bytes, no header).
///
/// An Ursula computes it over the metadata she holds and sends it in a ``MetadataRequest``;
/// the peer compares it with its own and only sends metadata back when they differ.
///
/// It is Keccak-256 over the headered ``NodeMetadata/bytes`` of every node, signatures included,
/// concatenated in ascending order of staking-provider address. On the wire it is `bin` 32.
public struct FleetStateChecksum: Sendable, Hashable, CustomStringConvertible {
    /// The size of a checksum in bytes.
    public static let byteCount = 32

    /// The 32 bytes of the digest.
    public let bytes: [UInt8]

    /// The checksum of `otherNodes` together with `thisNode`, if given.
    ///
    /// Nodes with the same staking-provider address are ordered by their bytes; the reference
    /// sorts with an unstable sort there, so its checksum of such a fleet is not defined.
    /// With no nodes the checksum is Keccak-256 of nothing, `c5d24601…5d85a470`.
    public init(otherNodes: [NodeMetadata], thisNode: NodeMetadata? = nil) {
        let encoded = (otherNodes + (thisNode.map { [$0] } ?? [])).map {
            (address: $0.payload.stakingProviderAddress, bytes: $0.bytes)
        }
        let sorted = encoded.sorted {
            $0.address != $1.address ? $0.address < $1.address : $0.bytes.lexicographicallyPrecedes($1.bytes)
        }
        self.bytes = Keccak256.hash(sorted.flatMap(\.bytes))
    }

    /// A checksum from its 32 raw bytes.
    ///
    /// - Throws: ``KMSPolicyError/invalidLength(object:expected:actual:)`` for any other length.
    public init(bytes: some Collection<UInt8>) throws(KMSPolicyError) {
        let bytes = Array(bytes)
        guard bytes.count == Self.byteCount else {
            throw .invalidLength(object: "FleetStateChecksum", expected: Self.byteCount, actual: bytes.count)
        }
        self.bytes = bytes
    }

    /// The checksum in lower-case hex.
    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0f)]] }, as: UTF8.self)
    }
}
