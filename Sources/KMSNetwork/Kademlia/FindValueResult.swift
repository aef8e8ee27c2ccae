/// The answer to a `find_value` RPC: the value if the peer stores it, else its nearest contacts.
public enum FindValueResult: Hashable, Sendable {
    /// The peer holds the key and returned its value.
    case value(DHTValue)
    /// The peer lacks the key and returned up to k contacts nearest to it, as `find_node` would.
    case contacts([NodeContact])
}
