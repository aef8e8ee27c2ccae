/// Everything that can go wrong in KMSNetwork, each case saying what was wrong with the input.
///
/// KMSNetwork throws only this type (typed throws), so callers can switch over every failure.
public enum KMSNetworkError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A node id was built from `actual` bytes instead of the 20 that Kademlia ids have.
    case invalidNodeIDLength(actual: Int)

    /// A one-line explanation of the error.
    public var description: String {
        switch self {
        case let .invalidNodeIDLength(actual):
            return "a Kademlia node id has \(NodeID.byteCount) bytes, got \(actual)"
        }
    }
}
