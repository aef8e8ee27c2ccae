/// Where an ``UrsulaNode`` keeps her files and listens.
public struct UrsulaNodeConfiguration: Sendable {
    /// Her data directory: the sealed key file and the SQLite store.
    public var dataDirectory: String
    /// The address both servers bind and her metadata announces.
    public var host: String
    /// The REST port; it must be a real port, since her signed metadata announces it.
    public var restPort: UInt16
    /// The DHT (UDP) port; 0 for any free one.
    public var dhtPort: UInt16
    /// DHT nodes to join through.
    public var bootstrap: [NodeAddress]
    /// The network name in her metadata.
    public var domain: String
    /// The DHT's timeouts and bounds.
    public var dht: KademliaServerConfiguration
    /// How often she announces her metadata again, so nodes that joined later hold it too.
    public var announceInterval: Duration

    /// A configuration; only the data directory and the REST port have no default.
    public init(dataDirectory: String, host: String = "127.0.0.1", restPort: UInt16, dhtPort: UInt16 = 0,
                bootstrap: [NodeAddress] = [], domain: String = "swiftkms-local",
                dht: KademliaServerConfiguration = KademliaServerConfiguration(),
                announceInterval: Duration = .seconds(30)) {
        self.dataDirectory = dataDirectory
        self.host = host
        self.restPort = restPort
        self.dhtPort = dhtPort
        self.bootstrap = bootstrap
        self.domain = domain
        self.dht = dht
        self.announceInterval = announceInterval
    }
}
