import CValgrindClient

/// How the check declares what is secret and what is public, in memcheck's terms: a secret is
/// memory marked undefined, so that every branch or address computed from it is reported; a
/// public value is memory marked defined again.
enum Secrets {
    /// A copy of `bytes` that memcheck tracks as secret.
    static func secret(_ bytes: [UInt8]) -> [UInt8] {
        let copy = freshCopy(bytes)
        copy.withUnsafeBytes { ct_mark_secret($0.baseAddress, $0.count) }
        return copy
    }

    /// A copy in its own buffer: `Array(bytes)` would share the original's storage, and marking it
    /// would mark the caller's fixture too.
    static func freshCopy(_ bytes: [UInt8]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: bytes.count) { buffer, initialized in
            _ = buffer.initialize(from: bytes)
            initialized = bytes.count
        }
    }

    /// `bytes`, an output that is public by design (a public key, a signature, a ciphertext),
    /// marked public so that the check may compare or print it. Declassifying is also how a secret
    /// output is compared with its expected value: the comparison is the check's, not the library's.
    static func declassify(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { ct_declassify($0.baseAddress, $0.count) }
        return bytes
    }

    /// A Boolean computed from secrets, marked public.
    static func declassify(_ flag: Bool) -> Bool {
        var copy = flag
        withUnsafeMutableBytes(of: &copy) { ct_declassify($0.baseAddress, $0.count) }
        return copy
    }

    /// A copy of `bytes` in which `range` is secret and the rest public: a serialized object that
    /// holds one secret field (a kFrag's key share).
    static func secret(_ bytes: [UInt8], in range: Range<Int>) -> [UInt8] {
        let copy = declassify(freshCopy(bytes))
        copy.withUnsafeBytes { ct_mark_secret($0.baseAddress! + range.lowerBound, range.count) }
        return copy
    }

    /// Whether memcheck is watching; outside valgrind the checks still run (as a functional test)
    /// but nothing is tracked.
    static var underValgrind: Bool { ct_running_on_valgrind() != 0 }

    /// memcheck's error count so far.
    static var errorCount: Int { Int(ct_error_count()) }
}

/// A deterministic random number generator whose every output is secret: the ephemeral scalars
/// of encryption, kFrag generation and re-encryption, and ECDSA's hedging bytes, are as secret as
/// the keys. Deterministic so that every run checks the same inputs. SplitMix64 over a counter,
/// which is more than enough for a test input; it is never a source of real randomness.
struct SecretRandom: RandomNumberGenerator {
    private var state: UInt64
    private let marksOutput: Bool

    /// A generator for `seed`; with `marksOutput` false it gives the same numbers unmarked, for
    /// computing the expected outputs.
    init(seed: UInt64, marksOutput: Bool = true) {
        state = seed
        self.marksOutput = marksOutput
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        var output = z ^ (z >> 31)
        if marksOutput {
            withUnsafeMutableBytes(of: &output) { ct_mark_secret($0.baseAddress, $0.count) }
        }
        return output
    }
}
