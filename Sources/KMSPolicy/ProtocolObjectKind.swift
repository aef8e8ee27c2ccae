/// The branded (headered) protocol objects of nucypher-core 0.16 that the PRE layer uses,
/// with the brand and version each one is written with.
///
/// Every kind is at version 3.0 except ``nodeMetadata``, which is at 4.0. Two kinds never
/// appear as standalone bytes: ``authorizedTreasureMap`` and ``authorizedKeyFrag`` exist only
/// as the plaintext inside ``encryptedTreasureMap`` and ``encryptedKeyFrag``.
///
/// One kind is SwiftKMS's own: ``arrangement`` (`Arng` 1.0), the 2018 step in which Alice hands
/// each Ursula her kFrag before Bob asks, which nucypher-core 0.16 dropped.
public enum ProtocolObjectKind: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// A message encrypted by Enrico for a policy: `MKit`.
    case messageKit
    /// The map of Ursulas holding a policy's kFrags: `TMap`.
    case treasureMap
    /// A treasure map signed by Alice, before encryption for Bob: `AMap`.
    case authorizedTreasureMap
    /// An authorized treasure map encrypted for Bob: `EMap`.
    case encryptedTreasureMap
    /// A kFrag signed by Alice, before encryption for its Ursula: `AKFr`.
    case authorizedKeyFrag
    /// An authorized kFrag encrypted for one Ursula: `EKFr`.
    case encryptedKeyFrag
    /// Bob's request that an Ursula re-encrypt capsules: `ReRq`.
    case reencryptionRequest
    /// An Ursula's signed cFrags in answer to a request: `ReRs`.
    case reencryptionResponse
    /// What Bob keeps to retrieve cFrags for one capsule: `RKit`.
    case retrievalKit
    /// Alice's signed instruction that an Ursula drop a kFrag: `Revo`.
    case revocationOrder
    /// An Ursula's signed self-description (keys, address, certificate): `NdMd`.
    case nodeMetadata
    /// A request to exchange node metadata with a peer: `MdRq`.
    case metadataRequest
    /// The signed answer to a metadata request: `MdRs`.
    case metadataResponse
    /// Alice's hand-over of one Ursula's kFrag for a policy, SwiftKMS's own object: `Arng`.
    case arrangement

    /// The 4-byte ASCII brand that starts the object's header.
    public var brand: [UInt8] {
        Array(brandText.utf8)
    }

    /// The brand as text, for example `MKit`.
    public var brandText: String {
        switch self {
        case .messageKit: "MKit"
        case .treasureMap: "TMap"
        case .authorizedTreasureMap: "AMap"
        case .encryptedTreasureMap: "EMap"
        case .authorizedKeyFrag: "AKFr"
        case .encryptedKeyFrag: "EKFr"
        case .reencryptionRequest: "ReRq"
        case .reencryptionResponse: "ReRs"
        case .retrievalKit: "RKit"
        case .revocationOrder: "Revo"
        case .nodeMetadata: "NdMd"
        case .metadataRequest: "MdRq"
        case .metadataResponse: "MdRs"
        case .arrangement: "Arng"
        }
    }

    /// The major version this implementation writes and the only one it reads.
    public var majorVersion: UInt16 {
        switch self {
        case .nodeMetadata: 4
        case .arrangement: 1
        default: 3
        }
    }

    /// The newest minor version this implementation understands (0 for every kind).
    public var minorVersion: UInt16 {
        0
    }

    /// The header written in front of this kind's body.
    public var header: ProtocolObjectHeader {
        ProtocolObjectHeader(checkedBrand: brand, major: majorVersion, minor: minorVersion)
    }

    /// The kind whose brand is `brand`, or `nil` for a brand this layer does not handle.
    public init?(brand: some Collection<UInt8>) {
        let brand = Array(brand)
        guard let kind = Self.allCases.first(where: { $0.brand == brand }) else { return nil }
        self = kind
    }

    /// The Swift case name, for example `messageKit`.
    public var description: String {
        rawValue
    }

    /// The complete object: this kind's header followed by `body` (its MessagePack encoding).
    public func encode(body: some Collection<UInt8>) -> [UInt8] {
        var bytes = header.bytes
        bytes.reserveCapacity(ProtocolObjectHeader.encodedCount + body.count)
        bytes.append(contentsOf: body)
        return bytes
    }

    /// Checks the header of `bytes` against this kind and returns the body that follows it.
    ///
    /// The checks run in nucypher-core's order, so the same malformed input fails with the
    /// same error as in the reference:
    /// 1. fewer than 8 bytes: ``KMSPolicyError/headerTooShort(actual:)``;
    /// 2. another brand: ``KMSPolicyError/wrongBrand(expected:actual:)``;
    /// 3. a different major version, higher or lower: ``KMSPolicyError/majorVersionMismatch(expected:actual:)``;
    /// 4. a minor version newer than ``minorVersion``: ``KMSPolicyError/unsupportedMinorVersion(supported:actual:)``.
    ///
    /// The body is returned unparsed and may be empty; decoding it is the object's job.
    public func decodeBody(_ bytes: some Collection<UInt8>) throws(KMSPolicyError) -> [UInt8] {
        let bytes = Array(bytes)
        let found = try ProtocolObjectHeader(decodingPrefixOf: bytes)
        guard found.brand == brand else { throw .wrongBrand(expected: brand, actual: found.brand) }
        guard found.major == majorVersion else {
            throw .majorVersionMismatch(expected: majorVersion, actual: found.major)
        }
        guard found.minor <= minorVersion else {
            throw .unsupportedMinorVersion(supported: minorVersion, actual: found.minor)
        }
        return Array(bytes[ProtocolObjectHeader.encodedCount...])
    }
}
