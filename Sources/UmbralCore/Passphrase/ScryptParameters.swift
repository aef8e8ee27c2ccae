/// The cost of scrypt (RFC 7914): N = 2^``logN`` iterations over blocks of 128·``r`` bytes, run
/// ``p`` times in parallel. scrypt needs about 128·r·N bytes of memory.
///
/// The accepted range bounds what a sealed file can make the opener spend, because the
/// parameters are read from the file before the passphrase can be checked: `logN` in 1...20,
/// `r` in 1...32, `p` in 1...16, and at most ``maximumMemoryByteCount`` of memory.
public struct ScryptParameters: Hashable, Sendable, CustomStringConvertible {
    /// log₂ of the iteration count N.
    public let logN: UInt8

    /// The block-size factor r.
    public let r: UInt32

    /// The parallelisation factor p.
    public let p: UInt32

    /// The most memory (128·r·N bytes) a parameter set may ask for: 256 MiB.
    public static let maximumMemoryByteCount: UInt64 = 256 << 20

    /// Parameters for a passphrase typed when a node starts: N = 2^15, r = 8, p = 1 (32 MiB; about
    /// a tenth of a second on a current core), the values RFC 7914 and libsodium suggest for
    /// interactive use.
    public static let interactive = ScryptParameters(uncheckedLogN: 15, r: 8, p: 1)

    /// N = 2^10, r = 8, p = 1 (1 MiB, about a millisecond): **for tests only**, since an attacker
    /// holding the sealed bytes can try passphrases 32 times faster than with ``interactive``.
    public static let insecureForTesting = ScryptParameters(uncheckedLogN: 10, r: 8, p: 1)

    /// Checked parameters.
    ///
    /// - Parameters:
    ///   - logN: log₂ of N, in 1...20.
    ///   - r: The block-size factor, in 1...32.
    ///   - p: The parallelisation factor, in 1...16.
    /// - Throws: ``UmbralError/invalidScryptParameters(_:)`` for a value out of range, or for
    ///   parameters that need more than ``maximumMemoryByteCount`` bytes.
    public init(logN: UInt8, r: UInt32, p: UInt32) throws(UmbralError) {
        guard (1...20).contains(logN) else { throw .invalidScryptParameters("logN \(logN) is outside 1...20") }
        guard (1...32).contains(r) else { throw .invalidScryptParameters("r \(r) is outside 1...32") }
        guard (1...16).contains(p) else { throw .invalidScryptParameters("p \(p) is outside 1...16") }
        let parameters = ScryptParameters(uncheckedLogN: logN, r: r, p: p)
        guard parameters.memoryByteCount <= Self.maximumMemoryByteCount else {
            throw .invalidScryptParameters(
                "N = 2^\(logN), r = \(r) need \(parameters.memoryByteCount) bytes, more than \(Self.maximumMemoryByteCount)")
        }
        self = parameters
    }

    private init(uncheckedLogN logN: UInt8, r: UInt32, p: UInt32) {
        self.logN = logN
        self.r = r
        self.p = p
    }

    /// N = 2^logN.
    public var n: UInt64 { 1 << UInt64(logN) }

    /// The memory scrypt's main loop takes, 128·r·N bytes.
    public var memoryByteCount: UInt64 { 128 * UInt64(r) * n }

    /// `scrypt(N=2^15, r=8, p=1)`.
    public var description: String { "scrypt(N=2^\(logN), r=\(r), p=\(p))" }
}
