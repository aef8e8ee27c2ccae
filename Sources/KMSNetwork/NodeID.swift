import UmbralCore

/// A 160-bit Kademlia identifier, as used by Python kademlia 2.2.3 for nodes and for keys.
///
/// The same 20 bytes travel on the wire in every RPC, and the DHT treats them as an unsigned
/// big-endian integer: the distance between two ids is their XOR, and "closer" means a smaller
/// integer. Ids are kept in three fixed-width words rather than an array, so XOR, comparison and
/// sorting by distance never allocate.
public struct NodeID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The size of an id in bytes.
    public static let byteCount = 20

    /// The size of an id in bits, and the largest possible ``sharedPrefixLength(with:)``.
    public static let bitCount = 160

    /// The id whose bits are all zero: the distance from any id to itself.
    public static let zero = NodeID(high: 0, middle: 0, low: 0)

    /// Bytes 0..<8, most significant first.
    private let high: UInt64
    /// Bytes 8..<16.
    private let middle: UInt64
    /// Bytes 16..<20, the least significant.
    private let low: UInt32

    private init(high: UInt64, middle: UInt64, low: UInt32) {
        self.high = high
        self.middle = middle
        self.low = low
    }

    /// Creates an id from exactly 20 bytes, most significant first, throwing
    /// ``KMSNetworkError/invalidNodeIDLength(actual:)`` for any other length.
    public init(bytes: some Collection<UInt8>) throws(KMSNetworkError) {
        let bytes = Array(bytes)
        guard bytes.count == Self.byteCount else { throw .invalidNodeIDLength(actual: bytes.count) }
        func word(_ range: Range<Int>) -> UInt64 {
            bytes[range].reduce(0) { $0 << 8 | UInt64($1) }
        }
        self.init(high: word(0..<8), middle: word(8..<16), low: UInt32(word(16..<20)))
    }

    /// A uniformly random id from the system's secure generator.
    ///
    /// Python kademlia derives its default id from SHA-1 of a random number; the distribution
    /// is the same (uniform over 160 bits), which is all the routing table relies on.
    public static func random() -> NodeID {
        var rng = SystemRandom()
        return random(using: &rng)
    }

    /// A uniformly random id drawn from `rng`; pass a seeded generator for reproducible tests.
    public static func random(using rng: inout some RandomNumberGenerator) -> NodeID {
        NodeID(high: rng.next(), middle: rng.next(), low: rng.next())
    }

    /// The 20 bytes, most significant first, as they appear on the wire.
    public var bytes: [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(Self.byteCount)
        for shift in stride(from: 56, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: high >> shift)) }
        for shift in stride(from: 56, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: middle >> shift)) }
        for shift in stride(from: 24, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: low >> shift)) }
        return result
    }

    /// The Kademlia distance to `other`: the bitwise XOR of the two ids.
    ///
    /// It is zero only for equal ids, symmetric, and satisfies
    /// `a.distance(to: b).distance(to: b.distance(to: c)) == a.distance(to: c)`.
    public func distance(to other: NodeID) -> NodeID {
        NodeID(high: high ^ other.high, middle: middle ^ other.middle, low: low ^ other.low)
    }

    /// How many leading bits the two ids share, from 0 (the first bit differs) to 160 (equal).
    ///
    /// This is the depth of the smallest routing-table bucket range containing both ids.
    public func sharedPrefixLength(with other: NodeID) -> Int {
        let d = distance(to: other)
        if d.high != 0 { return d.high.leadingZeroBitCount }
        if d.middle != 0 { return 64 + d.middle.leadingZeroBitCount }
        return 128 + d.low.leadingZeroBitCount  // 32 leading zeros when low is 0 too: 160
    }

    /// Orders ids as 160-bit unsigned big-endian integers, so sorting distances sorts by closeness.
    public static func < (lhs: NodeID, rhs: NodeID) -> Bool {
        (lhs.high, lhs.middle, lhs.low) < (rhs.high, rhs.middle, rhs.low)
    }

    /// The id as 40 lowercase hexadecimal digits, most significant first.
    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(2 * Self.byteCount)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
