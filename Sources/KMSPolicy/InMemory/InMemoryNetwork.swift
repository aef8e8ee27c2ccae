public import UmbralCore

/// A ``PolicyTransport`` in memory: Ursulas in one process, reached by address, with every message
/// passed in its nucypher-core byte form.
///
/// Each request, response, revocation order and treasure map is serialized and parsed again on
/// the way, so the strict parsers and all of Ursula's checks run exactly as over a network. Two
/// switches let a test or a prototype stage trouble: ``setOffline(_:_:)`` makes an Ursula
/// unreachable, and ``intercept(responsesFrom:with:)`` lets a stand-in rewrite an Ursula's
/// responses, to play a lying Ursula.
public actor InMemoryNetwork: PolicyTransport {
    /// Rewrites one Ursula's response before Bob sees it: given Bob's request and her honest
    /// response, returns what Bob receives instead.
    public typealias ResponseInterceptor =
        @Sendable (ReencryptionRequest, ReencryptionResponse) async -> ReencryptionResponse

    private var ursulas: [Address: Ursula] = [:]
    private var offline: Set<Address> = []
    private var interceptors: [Address: ResponseInterceptor] = [:]
    private var treasureMaps: [HRAC: [UInt8]] = [:]

    /// A network of `ursulas`, each reachable at her staking-provider address.
    ///
    /// - Parameter ursulas: The Ursulas; a later one replaces an earlier one at the same address.
    public init(ursulas: [Ursula] = []) {
        for ursula in ursulas {
            self.ursulas[ursula.stakingProviderAddress] = ursula
        }
    }

    /// Connects `ursula` at her staking-provider address, replacing whoever was there.
    ///
    /// - Parameter ursula: The Ursula.
    public func add(_ ursula: Ursula) {
        ursulas[ursula.stakingProviderAddress] = ursula
    }

    /// Takes the Ursula at `address` off the network, or brings her back.
    ///
    /// - Parameters:
    ///   - address: Her staking-provider address.
    ///   - isOffline: `true` to make her unreachable, `false` to reconnect her.
    public func setOffline(_ address: Address, _ isOffline: Bool = true) {
        if isOffline {
            offline.insert(address)
        } else {
            offline.remove(address)
        }
    }

    /// Routes every response of the Ursula at `address` through `interceptor`, or stops doing so.
    ///
    /// - Parameters:
    ///   - address: Her staking-provider address.
    ///   - interceptor: The rewrite, or `nil` to deliver her responses untouched again.
    public func intercept(responsesFrom address: Address, with interceptor: ResponseInterceptor?) {
        interceptors[address] = interceptor
    }

    /// The profiles of every connected Ursula that is online, in ascending address order.
    public func knownUrsulas() -> [UrsulaProfile] {
        ursulas.values.map(\.profile).filter { !offline.contains($0.stakingProviderAddress) }
            .sorted { $0.stakingProviderAddress < $1.stakingProviderAddress }
    }

    /// The profile of the Ursula at `address`.
    ///
    /// - Parameter address: Her staking-provider address.
    /// - Returns: Her profile.
    /// - Throws: ``KMSPolicyError/unknownUrsula(_:)`` or ``KMSPolicyError/ursulaUnreachable(_:reason:)``.
    public func profile(of address: Address) throws(KMSPolicyError) -> UrsulaProfile {
        try reachable(address).profile
    }

    /// Delivers `request` to the Ursula at `address` as bytes, and her response back as bytes.
    ///
    /// - Parameters:
    ///   - request: Bob's request.
    ///   - address: Her staking-provider address.
    /// - Returns: Her response (or the interceptor's rewrite of it), parsed from its bytes.
    /// - Throws: ``KMSPolicyError/unknownUrsula(_:)``, ``KMSPolicyError/ursulaUnreachable(_:reason:)``,
    ///   or the error she refused with.
    public func reencrypt(_ request: ReencryptionRequest, at address: Address) async throws(KMSPolicyError)
        -> ReencryptionResponse
    {
        let ursula = try reachable(address)
        let answer = try await ursula.reencrypt(requestBytes: request.bytes)
        guard let interceptor = interceptors[address] else { return try ReencryptionResponse(bytes: answer) }
        let rewritten = await interceptor(request, try ReencryptionResponse(bytes: answer))
        return try ReencryptionResponse(bytes: rewritten.bytes)
    }

    /// Delivers `arrangement` as bytes to the Ursula at `address`.
    ///
    /// - Parameters:
    ///   - arrangement: Alice's arrangement for that Ursula.
    ///   - address: Her staking-provider address.
    /// - Throws: as ``reencrypt(_:at:)``.
    public func arrange(_ arrangement: Arrangement, at address: Address) async throws(KMSPolicyError) {
        let ursula = try reachable(address)
        try await ursula.acceptArrangement(bytes: arrangement.bytes)
    }

    /// Delivers `order` as bytes to the Ursula it names.
    ///
    /// - Parameters:
    ///   - order: Alice's signed order.
    ///   - publisherVerifyingKey: Alice's publisher verifying key.
    /// - Throws: as ``reencrypt(_:at:)``.
    public func revoke(_ order: RevocationOrder, publisherVerifyingKey: PublicKey) async throws(KMSPolicyError) {
        let ursula = try reachable(order.stakingProviderAddress)
        try await ursula.revoke(orderBytes: order.bytes, publisherVerifyingKey: publisherVerifyingKey)
    }

    /// Stores the encrypted treasure map's bytes under `hrac`, replacing any earlier map.
    ///
    /// - Parameters:
    ///   - treasureMap: The map Alice encrypted for Bob.
    ///   - hrac: The policy's HRAC.
    public func publish(_ treasureMap: EncryptedTreasureMap, for hrac: HRAC) {
        treasureMaps[hrac] = treasureMap.bytes
    }

    /// The map published under `hrac`, parsed from its stored bytes.
    ///
    /// - Parameter hrac: The policy's HRAC.
    /// - Returns: The encrypted map.
    /// - Throws: ``KMSPolicyError/treasureMapNotFound(_:)``, or a parse error if the stored bytes
    ///   were replaced with something malformed (see ``replaceTreasureMapBytes(for:with:)``).
    public func treasureMap(for hrac: HRAC) throws(KMSPolicyError) -> EncryptedTreasureMap {
        guard let bytes = treasureMaps[hrac] else { throw .treasureMapNotFound(hrac) }
        return try EncryptedTreasureMap(bytes: bytes)
    }

    /// Overwrites the stored bytes of the map published under `hrac`, as a hostile storage node
    /// could: for staging tampered maps.
    ///
    /// - Parameters:
    ///   - hrac: The policy's HRAC.
    ///   - bytes: The bytes Bob will be handed from now on.
    public func replaceTreasureMapBytes(for hrac: HRAC, with bytes: [UInt8]) {
        treasureMaps[hrac] = bytes
    }

    /// The Ursula at `address`, if connected and online.
    private func reachable(_ address: Address) throws(KMSPolicyError) -> Ursula {
        guard let ursula = ursulas[address] else { throw .unknownUrsula(address) }
        guard !offline.contains(address) else { throw .ursulaUnreachable(address, reason: "offline") }
        return ursula
    }
}
