/// The RPCs a kademlia 2.2.3 node serves, by their wire names.
///
/// The raw value is the msgpack str sent as `funcname`; Python dispatches it to `rpc_<name>`.
public enum DHTMethod: String, Hashable, Sendable, CaseIterable {
    /// `ping(sender_id)` → the receiver's id.
    case ping
    /// `stun()` → the caller's address as the receiver saw it.
    case stun
    /// `store(sender_id, key, value)` → `true` (or `false` from a validating nkms node).
    case store
    /// `find_node(sender_id, target)` → up to k contact triples.
    case findNode = "find_node"
    /// `find_value(sender_id, key)` → `{"value": v}`, or the same triples as `find_node`.
    case findValue = "find_value"

    /// How many positional arguments the RPC takes; Python answers only on an exact match.
    public var arity: Int {
        switch self {
        case .stun: 0
        case .ping: 1
        case .findNode, .findValue: 2
        case .store: 3
        }
    }
}
