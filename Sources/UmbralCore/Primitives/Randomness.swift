extension RandomNumberGenerator {
    /// Fills `count` bytes from this generator, eight at a time, each `next()` in little-endian order.
    ///
    /// Every randomized operation in UmbralCore draws its bytes through this one function, so a
    /// deterministic generator in a test reproduces known-answer values exactly.
    mutating func umbralRandomBytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(count + 7)
        while bytes.count < count {
            var word = self.next()
            for _ in 0..<8 {
                bytes.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }
}
