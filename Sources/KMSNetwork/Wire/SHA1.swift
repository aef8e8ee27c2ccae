/// SHA-1 (FIPS 180-4), used only because kademlia 2.2.3 derives DHT keys with it.
///
/// SHA-1 is broken for collision resistance; here it is an interop requirement, not a
/// security choice. It hashes a whole in-memory message at once: DHT keys are short, so no
/// streaming interface is needed.
public enum SHA1 {
    /// The size of a digest in bytes.
    public static let digestByteCount = 20

    /// The 20-byte SHA-1 digest of `message`.
    public static func hash(_ message: some Sequence<UInt8>) -> [UInt8] {
        var data = Array(message)
        let bitLength = UInt64(data.count) &* 8
        // Padding: a 1 bit, zeros to 56 mod 64, then the 64-bit big-endian bit length.
        data.append(0x80)
        while data.count % 64 != 56 { data.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) {
            data.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }

        var h: (UInt32, UInt32, UInt32, UInt32, UInt32) =
            (0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0)
        var w = [UInt32](repeating: 0, count: 80)
        var block = 0
        while block < data.count {
            for i in 0..<16 {
                let j = block + 4 * i
                w[i] = UInt32(data[j]) << 24 | UInt32(data[j + 1]) << 16
                    | UInt32(data[j + 2]) << 8 | UInt32(data[j + 3])
            }
            for i in 16..<80 {
                w[i] = rotateLeft(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1)
            }
            var (a, b, c, d, e) = h
            for i in 0..<80 {
                let f: UInt32
                let k: UInt32
                switch i {
                case 0..<20: f = (b & c) | (~b & d); k = 0x5A82_7999
                case 20..<40: f = b ^ c ^ d; k = 0x6ED9_EBA1
                case 40..<60: f = (b & c) | (b & d) | (c & d); k = 0x8F1B_BCDC
                default: f = b ^ c ^ d; k = 0xCA62_C1D6
                }
                let temp = rotateLeft(a, 5) &+ f &+ e &+ k &+ w[i]
                e = d
                d = c
                c = rotateLeft(b, 30)
                b = a
                a = temp
            }
            h = (h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d, h.4 &+ e)
            block += 64
        }

        var digest: [UInt8] = []
        digest.reserveCapacity(digestByteCount)
        for word in [h.0, h.1, h.2, h.3, h.4] {
            for shift in stride(from: 24, through: 0, by: -8) {
                digest.append(UInt8(truncatingIfNeeded: word >> UInt32(shift)))
            }
        }
        return digest
    }

    private static func rotateLeft(_ x: UInt32, _ n: UInt32) -> UInt32 {
        (x << n) | (x >> (32 - n))
    }
}
