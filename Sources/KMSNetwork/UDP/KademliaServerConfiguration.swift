/// The knobs of a ``KademliaServer``: the reference's constants, plus the bounds that keep a node
/// on a hostile network from growing without limit.
public struct KademliaServerConfiguration: Sendable {
    /// Bucket size and lookup width (kademlia 2.2.3's `ksize`, 20).
    public var k: Int
    /// Parallel queries per lookup round (kademlia 2.2.3's `alpha`, 3).
    public var alpha: Int
    /// How long an RPC waits for its answer before the peer counts as gone (rpcudp's 5 s).
    public var rpcTimeout: Duration
    /// How many times an unanswered RPC is sent before the peer counts as gone. rpcudp sends
    /// once; a second try (with a fresh message id) keeps one lost datagram from evicting a live
    /// peer from the routing table.
    public var rpcAttempts: Int
    /// How often buckets are refreshed and old values republished (the reference's hour).
    public var refreshInterval: Duration
    /// How long a stored value lives without being written again (the reference's week).
    public var valueLifetime: Duration
    /// The most values held; past it the least recently written is dropped.
    public var storeCapacity: Int
    /// The most of this node's own RPCs awaiting answers at once; more fail at once.
    public var maxPendingRequests: Int
    /// The most incoming requests being served at once; more are dropped, as a flood should be.
    public var maxConcurrentRequests: Int
    /// The most requests from one address being served at once, so that one flooding peer
    /// cannot take every slot from the others.
    public var maxConcurrentRequestsPerPeer: Int
    /// The socket's kernel receive buffer, so that bursts of replies are not dropped.
    public var receiveBufferBytes: Int
    /// Fault injection for tests: loss, duplication and delay (hence reordering) of arriving
    /// datagrams. ``DatagramFaults/none`` on a real node.
    public var inboundFaults: DatagramFaults

    /// Fault injection for tests: the probability that an arriving datagram is discarded unread,
    /// as a lossy network would (``inboundFaults``'s loss rate). 0 on a real node.
    public var inboundLossRate: Double {
        get { inboundFaults.lossRate }
        set { inboundFaults.lossRate = min(max(newValue, 0), 1) }
    }

    /// The reference's behaviour with the default bounds.
    public init(k: Int = 20, alpha: Int = 3, rpcTimeout: Duration = .seconds(5), rpcAttempts: Int = 2,
                refreshInterval: Duration = .seconds(3600), valueLifetime: Duration = .seconds(604_800),
                storeCapacity: Int = 65_536, maxPendingRequests: Int = 4096,
                maxConcurrentRequests: Int = 1024, maxConcurrentRequestsPerPeer: Int = 64, receiveBufferBytes: Int = 1 << 20,
                inboundLossRate: Double = 0, inboundFaults: DatagramFaults = .none) {
        self.k = k
        self.alpha = alpha
        self.rpcTimeout = rpcTimeout
        self.rpcAttempts = max(1, rpcAttempts)
        self.refreshInterval = refreshInterval
        self.valueLifetime = valueLifetime
        self.storeCapacity = storeCapacity
        self.maxPendingRequests = maxPendingRequests
        self.maxConcurrentRequests = maxConcurrentRequests
        self.maxConcurrentRequestsPerPeer = maxConcurrentRequestsPerPeer
        self.receiveBufferBytes = receiveBufferBytes
        self.inboundFaults = inboundFaults
        if inboundLossRate > 0 { self.inboundLossRate = inboundLossRate }
    }
}

extension Duration {
    /// The duration in seconds, as the Kademlia clock counts.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
