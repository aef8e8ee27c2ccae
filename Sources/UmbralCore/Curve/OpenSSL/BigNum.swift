internal import CUmbralOpenSSL

/// Owns one OpenSSL `BIGNUM`. Instances are never mutated after they are handed out, which is
/// what makes sharing them between value types and threads safe.
///
/// BIGNUMs carry scalars into libcrypto's point multiplication and hold hash-to-curve's field
/// elements. Every one is flagged `BN_FLG_CONSTTIME`, lives on the secure heap when one is
/// available, and is cleared on free: one policy for all leaves no room for a secret scalar to
/// slip into a fast path or linger in freed memory.
final class BigNum: @unchecked Sendable {
    let pointer: OpaquePointer

    /// A fresh zero-valued BIGNUM.
    init() {
        OpenSSLRuntime.ensureInitialized()
        guard let bn = BN_secure_new() ?? BN_new() else {
            fatalError("OpenSSL could not allocate a BIGNUM")
        }
        BN_set_flags(bn, BN_FLG_CONSTTIME)
        self.pointer = bn
    }

    /// A BIGNUM holding the big-endian unsigned integer `bytes`.
    convenience init(bigEndian bytes: [UInt8]) {
        self.init()
        let result = bytes.withUnsafeBufferPointer { buffer in
            BN_bin2bn(buffer.baseAddress, Int32(buffer.count), self.pointer)
        }
        precondition(result != nil, "BN_bin2bn failed")
    }

    /// A BIGNUM holding `word`.
    convenience init(word: UInt) {
        self.init()
        precondition(BN_set_word(self.pointer, numericCast(word)) == 1, "BN_set_word failed")
    }

    deinit {
        BN_clear_free(pointer)
    }

    /// The value as exactly `count` big-endian bytes, left-padded with zeros.
    func bigEndianBytes(count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            let written = BN_bn2binpad(pointer, buffer.baseAddress, Int32(count))
            precondition(written == Int32(count), "BN_bn2binpad: value does not fit in \(count) bytes")
            initialized = count
        }
    }

    var isZero: Bool { BN_is_zero(pointer) == 1 }

    var isOdd: Bool { BN_is_odd(pointer) == 1 }

    /// Three-way comparison of the magnitudes; variable-time, used only on public field elements.
    func compare(_ other: BigNum) -> Int32 { BN_cmp(pointer, other.pointer) }
}

/// Runs `body` with a fresh `BN_CTX`. Contexts are not thread-safe, so each operation gets its own;
/// the allocation is negligible next to a point multiplication.
@inline(__always)
func withBNContext<T>(_ body: (OpaquePointer) -> T) -> T {
    guard let ctx = BN_CTX_secure_new() ?? BN_CTX_new() else {
        fatalError("OpenSSL could not allocate a BN_CTX")
    }
    defer { BN_CTX_free(ctx) }
    return body(ctx)
}

/// One-time process setup for libcrypto.
enum OpenSSLRuntime {
    /// The secure heap keeps secret BIGNUM limbs in a separate mapping that is excluded from core
    /// dumps and, within RLIMIT_MEMLOCK, locked in memory. It is sized far beyond any realistic
    /// working set (pages are only touched when used) because OpenSSL does not fall back to the
    /// normal heap once the secure one is full. If the platform refuses it, BIGNUMs live on the
    /// normal heap and are still cleared on free.
    private static let initialized: Bool = {
        if CRYPTO_secure_malloc_initialized() == 0 {
            _ = CRYPTO_secure_malloc_init(1 << 25, 16)
        }
        return true
    }()

    @inline(__always)
    static func ensureInitialized() {
        _ = initialized
    }
}
