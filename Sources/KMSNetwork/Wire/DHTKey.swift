/// A 20-byte DHT key as it travels in `store`, `find_node` and `find_value`.
///
/// kademlia 2.2.3's `digest` turns an application key into this: SHA-1 of the bytes for a
/// `bytes` key, SHA-1 of the UTF-8 encoding for a `str` key. So `"hello"` and the bytes
/// `hello` name the same key. The original key never leaves the node.
public struct DHTKey: Hashable, Sendable, CustomStringConvertible {
    /// The size of a key in bytes.
    public static let byteCount = 20

    /// The key's 20 bytes, as sent on the wire.
    public let bytes: [UInt8]

    /// Wraps exactly 20 bytes already digested (for example, read off the wire), throwing
    /// ``KMSNetworkError/invalidDHTKeyLength(actual:)`` for any other length.
    public init(bytes: some Collection<UInt8>) throws(KMSNetworkError) {
        let bytes = Array(bytes)
        guard bytes.count == Self.byteCount else { throw .invalidDHTKeyLength(actual: bytes.count) }
        self.bytes = bytes
    }

    /// The key Python's `digest(string)` gives: SHA-1 of the string's UTF-8 bytes.
    public init(digesting string: String) {
        self.bytes = SHA1.hash(string.utf8)
    }

    /// The key Python's `digest(bytes)` gives: SHA-1 of the bytes.
    public init(digesting bytes: some Sequence<UInt8>) {
        self.bytes = SHA1.hash(bytes)
    }

    /// The key as a point in id space; Python builds `Node(key)` from it to find neighbours.
    public init(_ id: NodeID) {
        self.bytes = id.bytes
    }

    /// The same 160 bits as a ``NodeID``, so keys and nodes can be compared by XOR distance.
    public var nodeID: NodeID {
        // Both types hold exactly 20 bytes, so this cannot fail.
        do { return try NodeID(bytes: bytes) } catch { preconditionFailure("\(error)") }
    }

    /// The key as 40 lowercase hexadecimal digits, as Python's `key.hex()` prints it.
    public var description: String { nodeID.description }
}
