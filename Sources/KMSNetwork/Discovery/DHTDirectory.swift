public import KMSPolicy

/// Where Ursulas and treasure maps live in the DHT: the keys they are stored under.
///
/// Keys are the SHA-1 of a domain prefix followed by the name's bytes, so node metadata and
/// treasure maps can never collide with each other or with keys other applications use on a
/// shared kademlia network.
public enum DHTDirectory {
    /// The key of the signed `NodeMetadata` of the Ursula whose staking provider is `address`.
    public static func nodeMetadataKey(for address: Address) -> DHTKey {
        DHTKey(digesting: Array("kms/node-metadata/".utf8) + address.bytes)
    }

    /// The key of the encrypted treasure map of the policy `hrac`.
    public static func treasureMapKey(for hrac: HRAC) -> DHTKey {
        DHTKey(digesting: Array("kms/treasure-map/".utf8) + hrac.bytes)
    }

    /// The value policy of an Ursula's DHT node, as the 2018 Ursulas kept theirs: bytes that are
    /// signed node metadata stored under its own staking address's key, or bytes that parse as
    /// an encrypted treasure map. Everything else is answered `false`.
    public static let ursulaValuePolicy = DHTValuePolicy { value, key in
        guard case let .bytes(bytes) = value else { return false }
        if let metadata = try? NodeMetadata(bytes: bytes) {
            return metadata.verify() && key == nodeMetadataKey(for: metadata.payload.stakingProviderAddress)
        }
        return (try? EncryptedTreasureMap(bytes: bytes)) != nil
    }
}
