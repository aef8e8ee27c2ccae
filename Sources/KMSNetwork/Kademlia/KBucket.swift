/// One k-bucket: the contacts whose ids fall in one range of the 160-bit id space.
///
/// The reference keeps inclusive integer ranges over `[0, 2^160]` and splits at `(lo + hi) / 2`;
/// with "the first bucket whose upper bound exceeds the id" as the lookup rule, every range it
/// creates is exactly the set of ids sharing a prefix, so a bucket here is that prefix:
/// ``lowerBound`` with its first ``prefixLength`` bits fixed.
public struct KBucket: Sendable {
    /// The smallest id in the range; only its first ``prefixLength`` bits are set, if any.
    public let lowerBound: NodeID
    /// How many leading bits every id in the range shares with ``lowerBound``.
    public let prefixLength: Int
    /// The most primary contacts the bucket holds (k).
    public let capacity: Int
    /// The most contacts the replacement cache holds (5·k in the reference).
    public let replacementCapacity: Int
    /// Primary contacts, least recently seen first.
    public private(set) var contacts: [NodeContact] = []
    /// Contacts waiting for a free slot, oldest first; the newest is promoted first.
    public private(set) var replacements: [NodeContact] = []
    /// When the bucket was created or split, or a neighbour search last started in it.
    public internal(set) var lastUpdated: Double

    /// Creates an empty bucket over the ids sharing `prefixLength` bits with `lowerBound`.
    public init(lowerBound: NodeID, prefixLength: Int, capacity: Int, replacementCapacity: Int, now: Double) {
        self.lowerBound = lowerBound
        self.prefixLength = prefixLength
        self.capacity = capacity
        self.replacementCapacity = replacementCapacity
        self.lastUpdated = now
    }

    /// Whether `id` lies in the bucket's range.
    public func covers(_ id: NodeID) -> Bool {
        prefixLength == 0 || id.sharedPrefixLength(with: lowerBound) >= prefixLength
    }

    /// Whether `id` is a primary contact here (a cached replacement still counts as new).
    public func holds(_ id: NodeID) -> Bool {
        contacts.contains { $0.id == id }
    }

    /// The least recently seen primary contact, the one pinged when the bucket overflows.
    public var oldest: NodeContact? { contacts.first }

    /// Leading bits shared by every primary contact: the reference's `depth()`, which decides
    /// whether a full bucket away from the local id may still split (when it is not a multiple of 5).
    public var sharedDepth: Int {
        guard let first = contacts.first else { return 0 }
        return contacts.dropFirst().reduce(NodeID.bitCount) { min($0, $1.id.sharedPrefixLength(with: first.id)) }
    }

    /// Adds or refreshes `contact`; returns false when the bucket was full and it went to the cache.
    ///
    /// A known id moves to the most-recent end, under the address given, as the reference's
    /// ordered-dict reinsert does.
    @discardableResult
    public mutating func add(_ contact: NodeContact) -> Bool {
        if let index = contacts.firstIndex(where: { $0.id == contact.id }) {
            contacts.remove(at: index)
            contacts.append(contact)
            return true
        }
        if contacts.count < capacity {
            contacts.append(contact)
            return true
        }
        replacements.removeAll { $0.id == contact.id }
        replacements.append(contact)
        if replacements.count > replacementCapacity {
            replacements.removeFirst(replacements.count - replacementCapacity)
        }
        return false
    }

    /// Drops `id` from the cache and from the primaries; a freed primary slot goes to the newest
    /// replacement.
    public mutating func remove(_ id: NodeID) {
        replacements.removeAll { $0.id == id }
        guard let index = contacts.firstIndex(where: { $0.id == id }) else { return }
        contacts.remove(at: index)
        if let promoted = replacements.popLast() {
            contacts.append(promoted)
        }
    }

    /// Splits the range in two halves, re-adding primaries then replacements to the half that
    /// covers each (so cached contacts become primaries where there is room).
    public func split(now: Double) -> (lower: KBucket, upper: KBucket) {
        var lower = KBucket(lowerBound: lowerBound, prefixLength: prefixLength + 1,
                            capacity: capacity, replacementCapacity: replacementCapacity, now: now)
        var upper = KBucket(lowerBound: lowerBound.settingBit(prefixLength), prefixLength: prefixLength + 1,
                            capacity: capacity, replacementCapacity: replacementCapacity, now: now)
        for contact in contacts + replacements {
            if upper.covers(contact.id) { upper.add(contact) } else { lower.add(contact) }
        }
        return (lower, upper)
    }

    /// A random id inside the range, the target of a refresh lookup.
    public func randomID(using rng: inout some RandomNumberGenerator) -> NodeID {
        let random = NodeID.random(using: &rng).bytes
        let fixed = lowerBound.bytes
        var bytes = [UInt8](repeating: 0, count: NodeID.byteCount)
        for index in 0..<NodeID.byteCount {
            let fixedBits = min(8, max(0, prefixLength - 8 * index))
            let mask: UInt8 = fixedBits == 8 ? 0xff : ~(0xff >> UInt8(fixedBits))
            bytes[index] = (fixed[index] & mask) | (random[index] & ~mask)
        }
        return NodeID(exactBytes: bytes)
    }
}

extension NodeID {
    /// Builds an id from bytes already known to number 20.
    init(exactBytes bytes: [UInt8]) {
        do {
            try self.init(bytes: bytes)
        } catch {
            preconditionFailure("internal id arithmetic produced \(bytes.count) bytes")
        }
    }

    /// This id with bit `index` (0 = most significant) set to 1.
    func settingBit(_ index: Int) -> NodeID {
        var bytes = self.bytes
        bytes[index / 8] |= 0x80 >> UInt8(index % 8)
        return NodeID(exactBytes: bytes)
    }
}
