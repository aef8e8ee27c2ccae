import KMSPolicy

/// A key that picks its shard from its own bytes, so shard placement is the same in every process.
protocol ShardKey: Hashable {
    /// 0...255.
    var shardIndex: Int { get }
}

extension Address: ShardKey {
    // Addresses are Keccak-256 suffixes: their last byte is uniform.
    var shardIndex: Int { Int(bytes[bytes.count - 1]) }
}

extension PolicyID: ShardKey {
    var shardIndex: Int { Int(bytes[bytes.count - 1]) }
}
