public import KMSPolicy
public import UmbralCore

/// KMSPolicy's `PolicyTransport` over the real network: Ursulas and treasure maps are found in
/// the Kademlia DHT, and Ursulas are spoken to over their REST API.
///
/// Alice and Bob know Ursulas by staking-provider address (the staking contract lists them); the
/// transport looks each one's signed `NodeMetadata` up in the DHT, checks its signature and that it
/// is filed under her own address, and talks to the host and port it announces. Treasure maps are
/// published to, and fetched from, the DHT under ``DHTDirectory/treasureMapKey(for:)``.
public actor NetworkPolicyTransport: PolicyTransport {
    private let dht: KademliaServer
    private let addresses: [Address]
    private let timeout: Double
    private var clients: [Address: UrsulaClient] = [:]
    private var profiles: [Address: UrsulaProfile] = [:]

    /// A transport that finds Ursulas through `dht`.
    ///
    /// - Parameters:
    ///   - dht: A running DHT node of Alice's or Bob's own.
    ///   - ursulas: The staking-provider addresses of the Ursulas to consider.
    ///   - timeout: Seconds each REST call may take before the Ursula counts as unreachable.
    public init(dht: KademliaServer, ursulas: [Address], timeout: Double = 10) {
        self.dht = dht
        self.addresses = ursulas
        self.timeout = timeout
    }

    /// Every listed Ursula whose signed metadata the DHT holds, in ascending address order.
    public func knownUrsulas() async -> [UrsulaProfile] {
        var found: [UrsulaProfile] = []
        for address in addresses.sorted() {
            if let profile = try? await profile(of: address) { found.append(profile) }
        }
        return found
    }

    /// The profile of the Ursula at `address`, from her signed metadata in the DHT.
    ///
    /// - Throws: `KMSPolicyError/unknownUrsula(_:)` if the DHT has no valid metadata for her.
    public func profile(of address: Address) async throws(KMSPolicyError) -> UrsulaProfile {
        if let profile = profiles[address] { return profile }
        _ = try await client(for: address)
        guard let profile = profiles[address] else { throw .unknownUrsula(address) }
        return profile
    }

    /// Offers the Ursula at `address` her arrangement.
    public func arrange(_ arrangement: Arrangement, at address: Address) async throws(KMSPolicyError) {
        try await client(for: address).considerArrangement(arrangement)
    }

    /// Sends Bob's request to the Ursula at `address`.
    public func reencrypt(_ request: ReencryptionRequest, at address: Address) async throws(KMSPolicyError)
        -> ReencryptionResponse {
        try await client(for: address).reencrypt(request)
    }

    /// Delivers Alice's order to the Ursula it names.
    public func revoke(_ order: RevocationOrder, publisherVerifyingKey: PublicKey) async throws(KMSPolicyError) {
        try await client(for: order.stakingProviderAddress).revoke(order, publisherVerifyingKey: publisherVerifyingKey)
    }

    /// Stores the encrypted treasure map in the DHT; at least one node must keep it.
    public func publish(_ treasureMap: EncryptedTreasureMap, for hrac: HRAC) async throws(KMSPolicyError) {
        let stored: Int
        do {
            stored = try await dht.set(.bytes(treasureMap.bytes), forKey: DHTDirectory.treasureMapKey(for: hrac))
        } catch {
            throw .publicationFailed(hrac, reason: error.description)
        }
        guard stored > 0 else { throw .publicationFailed(hrac, reason: "no DHT node stored it") }
    }

    /// The encrypted treasure map the DHT holds for `hrac`.
    public func treasureMap(for hrac: HRAC) async throws(KMSPolicyError) -> EncryptedTreasureMap {
        guard case let .bytes(bytes)? = try? await dht.get(DHTDirectory.treasureMapKey(for: hrac)) else {
            throw .treasureMapNotFound(hrac)
        }
        return try EncryptedTreasureMap(bytes: bytes)
    }

    /// The REST client of the Ursula at `address`, from her metadata in the DHT (looked up once).
    private func client(for address: Address) async throws(KMSPolicyError) -> UrsulaClient {
        if let client = clients[address] { return client }
        guard addresses.contains(address) else { throw .unknownUrsula(address) }
        let value: DHTValue?
        do { value = try await dht.get(DHTDirectory.nodeMetadataKey(for: address)) } catch {
            throw .ursulaUnreachable(address, reason: error.description)
        }
        guard case let .bytes(bytes)? = value, let metadata = try? NodeMetadata(bytes: bytes), metadata.verify(),
              metadata.payload.stakingProviderAddress == address else {
            throw .unknownUrsula(address)
        }
        let client = UrsulaClient(metadata: metadata, timeout: timeout)
        clients[address] = client
        profiles[address] = UrsulaProfile(nodeMetadata: metadata)
        return client
    }
}
