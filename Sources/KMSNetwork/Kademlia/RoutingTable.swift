/// The routing table of Python kademlia 2.2.3: k-buckets over the id space, split on demand.
///
/// Memory is bounded: at most 161 buckets (one per prefix length), each holding k primaries and
/// 5·k replacements. The table never holds the local id.
public struct RoutingTable: Sendable {
    /// What ``add(_:now:)`` did with a contact.
    public enum AddOutcome: Hashable, Sendable {
        /// The contact is a primary entry now (new, or moved to the most-recent end).
        case added
        /// Its bucket was full and could not split: the contact waits in the replacement cache,
        /// and the caller should ping `oldest`, dropping it if it does not answer.
        case cached(oldest: NodeContact)
        /// The contact carries the local id and was ignored.
        case ignoredLocal
    }

    /// The local node's id, which decides where splitting is always allowed.
    public let localID: NodeID
    /// Bucket size (k = 20 in the reference).
    public let k: Int
    /// Buckets in increasing id order; together they cover the whole id space.
    public private(set) var buckets: [KBucket]

    /// Creates a table with one bucket covering every id.
    public init(localID: NodeID, k: Int = 20, now: Double) {
        self.localID = localID
        self.k = k
        buckets = [KBucket(lowerBound: .zero, prefixLength: 0, capacity: k, replacementCapacity: 5 * k, now: now)]
    }

    /// The index of the bucket covering `id`.
    public func bucketIndex(for id: NodeID) -> Int {
        // Buckets are sorted by lower bound, so the covering one is the last starting at or below `id`.
        var low = 0
        var high = buckets.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if buckets[mid].lowerBound <= id { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// Whether `id` is not a primary contact (the reference's `is_new_node`).
    public func isNew(_ id: NodeID) -> Bool {
        !buckets[bucketIndex(for: id)].holds(id)
    }

    /// Every primary contact, bucket by bucket.
    public var contacts: [NodeContact] { buckets.flatMap(\.contacts) }

    /// Adds `contact`, splitting full buckets that cover the local id or whose contacts share a
    /// prefix length that is not a multiple of 5; otherwise caches it and names the peer to ping.
    @discardableResult
    public mutating func add(_ contact: NodeContact, now: Double) -> AddOutcome {
        guard contact.id != localID else { return .ignoredLocal }
        while true {
            let index = bucketIndex(for: contact.id)
            if buckets[index].add(contact) { return .added }
            let bucket = buckets[index]
            let splittable = bucket.covers(localID) || bucket.sharedDepth % 5 != 0
            guard splittable, bucket.prefixLength < NodeID.bitCount else {
                // A full bucket always has an oldest entry; the fallback only covers k = 0.
                return .cached(oldest: bucket.oldest ?? contact)
            }
            let (lower, upper) = bucket.split(now: now)
            buckets[index] = lower
            buckets.insert(upper, at: index + 1)
        }
    }

    /// Removes `id` (a peer that failed to answer); the newest replacement takes its slot.
    public mutating func remove(_ id: NodeID) {
        buckets[bucketIndex(for: id)].remove(id)
    }

    /// Up to `count` contacts near `target`, nearest first, skipping the target itself and any
    /// contact at `excluded`'s address (the requester).
    ///
    /// As in the reference, this walks buckets outward from the target's, alternating left and
    /// right, stops once `count` are collected (so the result is approximately the nearest), and
    /// marks the starting bucket as recently used.
    public mutating func neighbours(of target: NodeID, count: Int? = nil, excluding excluded: NodeAddress? = nil,
                                    now: Double) -> [NodeContact] {
        let wanted = count ?? k
        let start = bucketIndex(for: target)
        buckets[start].lastUpdated = now
        var found: [NodeContact] = []
        func collect(_ bucket: KBucket) -> Bool {
            // Newest first within a bucket, as the reference's traverser pops from the end.
            for contact in bucket.contacts.reversed() where contact.id != target && contact.address != excluded {
                found.append(contact)
                if found.count == wanted { return true }
            }
            return false
        }
        var left = start - 1
        var right = start + 1
        var done = wanted <= 0 || collect(buckets[start])
        var goLeft = true
        // Alternate sides, carrying on with the other side once one runs out. The reference's
        // traverser instead stops when the right side runs out on the left's off-turn, leaving
        // nearer-left buckets unvisited; with that rule some lookups in the 1,000-node simulation
        // never reached a holder of the value, so this walk follows the spec's description.
        while !done && (left >= 0 || right < buckets.count) {
            if goLeft && left >= 0 || right >= buckets.count {
                done = collect(buckets[left])
                left -= 1
            } else {
                done = collect(buckets[right])
                right += 1
            }
            goLeft.toggle()
        }
        return found.sorted { $0.id.distance(to: target) < $1.id.distance(to: target) }
    }

    /// Buckets not touched for `interval` seconds (an hour in the reference): the ones to refresh.
    public func lonelyBuckets(now: Double, interval: Double = 3600) -> [KBucket] {
        buckets.filter { $0.lastUpdated < now - interval }
    }
}
