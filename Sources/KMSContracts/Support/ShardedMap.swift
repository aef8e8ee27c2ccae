/// A dictionary split into 256 shards by key.
///
/// Transactions run on a copy of the chain, and copy-on-write then copies every collection they
/// write to. With one flat dictionary of 100 000 policies that is 100 000 entries per
/// transaction; with shards it is the 256 shard references and the one shard written.
struct ShardedMap<Key: ShardKey & Codable & Sendable, Value: Hashable & Codable & Sendable>: Hashable, Sendable, Sequence {
    private var shards: [[Key: Value]]
    private(set) var count: Int

    init() {
        shards = Array(repeating: [:], count: 256)
        count = 0
    }

    var isEmpty: Bool { count == 0 }

    subscript(key: Key) -> Value? {
        get { shards[key.shardIndex][key] }
        set {
            let index = key.shardIndex
            if let newValue {
                if shards[index].updateValue(newValue, forKey: key) == nil { count += 1 }
            } else if shards[index].removeValue(forKey: key) != nil {
                count -= 1
            }
        }
    }

    subscript(key: Key, default defaultValue: @autoclosure () -> Value) -> Value {
        get { self[key] ?? defaultValue() }
        set { self[key] = newValue }
    }

    @discardableResult
    mutating func removeValue(forKey key: Key) -> Value? {
        let old = shards[key.shardIndex].removeValue(forKey: key)
        if old != nil { count -= 1 }
        return old
    }

    /// All entries as one dictionary (a copy; O(count)).
    var dictionary: [Key: Value] {
        var result = [Key: Value](minimumCapacity: count)
        for shard in shards { result.merge(shard) { first, _ in first } }
        return result
    }

    func makeIterator() -> FlattenSequence<[[Key: Value]]>.Iterator {
        shards.joined().makeIterator()
    }

}

extension ShardedMap: Codable {
    private struct Entry: Codable {
        var key: Key
        var value: Value
    }

    init(from decoder: any Decoder) throws {
        self.init()
        for entry in try [Entry](from: decoder) { self[entry.key] = entry.value }
    }

    func encode(to encoder: any Encoder) throws {
        try map { Entry(key: $0.key, value: $0.value) }.encode(to: encoder)
    }
}
