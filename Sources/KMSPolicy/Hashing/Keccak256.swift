/// Keccak-256: the original Keccak submission with 256-bit output, as Ethereum uses it.
///
/// This is **not** SHA3-256. FIPS 202 changed the padding's first byte from `0x01` to `0x06`,
/// so the two give different digests for every input; nucypher-core hashes with the original.
/// Alice uses it for the ``HRAC`` of a policy, everyone for Ethereum ``Address`` checksums, and
/// Ursulas for the fleet-state checksum of the nodes they know.
///
/// Implemented in Swift because OpenSSL only offers Keccak-256 from 3.2 on.
public enum Keccak256 {
    /// The digest size in bytes.
    public static let digestCount = 32

    /// The sponge rate in bytes: 1600-bit state minus a capacity of twice the digest.
    static let rate = 136

    /// The Keccak-256 digest of `bytes`, 32 bytes.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var state = [UInt64](repeating: 0, count: 25)
        var block = [UInt8](repeating: 0, count: rate)
        var filled = 0
        for byte in bytes {
            block[filled] = byte
            filled += 1
            if filled == rate {
                absorb(block, into: &state)
                filled = 0
            }
        }
        // Multi-rate padding pad10*1 with the original Keccak domain byte; when only one byte is
        // free the two pad bits share it (0x81).
        for index in filled..<rate { block[index] = 0 }
        block[filled] = 0x01
        block[rate - 1] |= 0x80
        absorb(block, into: &state)

        var digest = [UInt8]()
        digest.reserveCapacity(digestCount)
        for lane in state.prefix(digestCount / 8) {
            for shift in stride(from: 0, to: 64, by: 8) {
                digest.append(UInt8(truncatingIfNeeded: lane >> UInt64(shift)))
            }
        }
        return digest
    }

    /// XORs one rate-sized block into the state (lanes are little-endian) and permutes.
    private static func absorb(_ block: [UInt8], into state: inout [UInt64]) {
        for lane in 0..<(rate / 8) {
            var value: UInt64 = 0
            for byte in (0..<8).reversed() {
                value = value << 8 | UInt64(block[lane * 8 + byte])
            }
            state[lane] ^= value
        }
        state.withUnsafeMutableBufferPointer { permute($0) }
    }

    /// Keccak-f[1600]: 24 rounds of θ, ρ, π, χ and ι over the 5×5 lanes (index x + 5y).
    private static func permute(_ a: UnsafeMutableBufferPointer<UInt64>) {
        var c = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        for round in 0..<24 {
            // θ: XOR each lane with the parities of the two neighbouring columns.
            c.0 = a[0] ^ a[5] ^ a[10] ^ a[15] ^ a[20]
            c.1 = a[1] ^ a[6] ^ a[11] ^ a[16] ^ a[21]
            c.2 = a[2] ^ a[7] ^ a[12] ^ a[17] ^ a[22]
            c.3 = a[3] ^ a[8] ^ a[13] ^ a[18] ^ a[23]
            c.4 = a[4] ^ a[9] ^ a[14] ^ a[19] ^ a[24]
            let d0 = c.4 ^ rotl(c.1, 1)
            let d1 = c.0 ^ rotl(c.2, 1)
            let d2 = c.1 ^ rotl(c.3, 1)
            let d3 = c.2 ^ rotl(c.4, 1)
            let d4 = c.3 ^ rotl(c.0, 1)
            for y in stride(from: 0, to: 25, by: 5) {
                a[y] ^= d0
                a[y + 1] ^= d1
                a[y + 2] ^= d2
                a[y + 3] ^= d3
                a[y + 4] ^= d4
            }
            // ρ and π together: walk the 24-lane cycle of π, rotating each lane as it moves.
            var carried = a[1]
            for step in 0..<24 {
                let target = piLane[step]
                let next = a[target]
                a[target] = rotl(carried, rhoOffset[step])
                carried = next
            }
            // χ: each row mixes with a non-linear function of its neighbours.
            for y in stride(from: 0, to: 25, by: 5) {
                let r0 = a[y], r1 = a[y + 1], r2 = a[y + 2], r3 = a[y + 3], r4 = a[y + 4]
                a[y] = r0 ^ (~r1 & r2)
                a[y + 1] = r1 ^ (~r2 & r3)
                a[y + 2] = r2 ^ (~r3 & r4)
                a[y + 3] = r3 ^ (~r4 & r0)
                a[y + 4] = r4 ^ (~r0 & r1)
            }
            // ι: break the symmetry between rounds.
            a[0] ^= roundConstants[round]
        }
    }

    @inline(__always)
    private static func rotl(_ value: UInt64, _ count: UInt64) -> UInt64 {
        value << count | value >> (64 &- count)
    }

    /// The lanes visited by π starting from lane 1, in order.
    private static let piLane: [Int] = [
        10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1,
    ]

    /// The ρ rotation applied to the lane arriving at each `piLane` position.
    private static let rhoOffset: [UInt64] = [
        1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44,
    ]

    /// ι constants: the output of the degree-8 LFSR specified by Keccak, one per round.
    private static let roundConstants: [UInt64] = [
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
        0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
        0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
        0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
        0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
    ]
}
