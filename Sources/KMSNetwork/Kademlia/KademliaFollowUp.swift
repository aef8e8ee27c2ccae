/// The network work a node owes after answering a request from a peer it did not know: stored
/// values the peer should now hold, and a ping to the oldest contact of a full bucket.
///
/// Get one from a ``KademliaNode``'s `answer…` methods, send the reply, then pass it to
/// ``KademliaNode/complete(_:)``. Dropping it leaves the node's bookkeeping of RPCs in flight
/// stale, so always complete it.
public struct KademliaFollowUp: Sendable {
    struct Push: Sendable {
        let key: [UInt8]
        let value: DHTValue
    }

    var newcomer: NodeContact?
    var pushes: [Push] = []
    var oldestToPing: NodeContact?

    init(newcomer: NodeContact? = nil) {
        self.newcomer = newcomer
    }

    /// Whether completing it sends anything.
    public var isEmpty: Bool { pushes.isEmpty && oldestToPing == nil }
}
