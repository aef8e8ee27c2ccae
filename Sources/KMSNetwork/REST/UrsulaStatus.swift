/// What `GET /status` answers, as JSON: who the node is, how long it has served, and what it has done.
public struct UrsulaStatus: Codable, Hashable, Sendable {
    /// Her staking-provider address, EIP-55 checksummed.
    public var stakingProviderAddress: String

    /// The domain from her node metadata.
    public var domain: String

    /// The host from her node metadata.
    public var host: String

    /// The port from her node metadata.
    public var port: Int

    /// Seconds since the router was built.
    public var uptimeSeconds: Double

    /// Capsules she has re-encrypted since she started.
    public var reencryptedCapsules: Int

    /// Other nodes she has learned through metadata exchanges.
    public var knownNodes: Int

    /// Requests answered per route (keyed by ``UrsulaRoute`` raw value): `served` with a 2xx,
    /// `refused` with an error.
    public var requests: [String: RouteCounts]

    /// The counts from her ``UrsulaStatusProvider``.
    public var counts: [String: Int]

    /// A status from its fields.
    public init(
        stakingProviderAddress: String, domain: String, host: String, port: Int, uptimeSeconds: Double,
        reencryptedCapsules: Int, knownNodes: Int, requests: [String: RouteCounts], counts: [String: Int]
    ) {
        self.stakingProviderAddress = stakingProviderAddress
        self.domain = domain
        self.host = host
        self.port = port
        self.uptimeSeconds = uptimeSeconds
        self.reencryptedCapsules = reencryptedCapsules
        self.knownNodes = knownNodes
        self.requests = requests
        self.counts = counts
    }

    /// How many requests one route served and refused.
    public struct RouteCounts: Codable, Hashable, Sendable {
        /// Answered with a 2xx status.
        public var served: Int
        /// Answered with an error.
        public var refused: Int

        /// Counts from their values.
        public init(served: Int = 0, refused: Int = 0) {
            self.served = served
            self.refused = refused
        }
    }
}
