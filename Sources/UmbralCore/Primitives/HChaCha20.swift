internal import CUmbralOpenSSL

/// HChaCha20 (draft-irtf-cfrg-xchacha-03, section 2.2): derives a 32-byte ChaCha20 subkey from a
/// 32-byte key and a 16-byte nonce. It is the step that turns ChaCha20-Poly1305 into XChaCha20.
///
/// Written in Swift because libcrypto does not expose it. The ChaCha20 block function is
/// add-rotate-xor only, so it runs in constant time; the working state lives in a temporary
/// allocation that is wiped before it is released.
enum HChaCha20 {
    static let keyByteCount = 32
    static let nonceByteCount = 16
    static let outputByteCount = 32

    /// The subkey for `key` and `nonce`.
    ///
    /// - Throws: ``UmbralError/invalidLength(field:expected:actual:)`` if the key is not 32 bytes
    ///   or the nonce not 16.
    static func deriveSubkey(key: SecureBytes, nonce: some Collection<UInt8>) throws(UmbralError) -> SecureBytes {
        guard key.count == keyByteCount else {
            throw .invalidLength(field: "HChaCha20 key", expected: "\(keyByteCount)", actual: key.count)
        }
        guard nonce.count == nonceByteCount else {
            throw .invalidLength(field: "HChaCha20 nonce", expected: "\(nonceByteCount)", actual: nonce.count)
        }
        return key.withUnsafeBytes { key in
            nonce.withContiguousBytes { nonce in
                SecureBytes(unsafeUninitializedCount: outputByteCount) { output in
                    deriveSubkey(key: key, nonce: nonce, into: output)
                }
            }
        }
    }

    /// Writes the subkey for a 32-byte `key` and 16-byte `nonce` into a 32-byte `output`.
    static func deriveSubkey(
        key: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) {
        precondition(key.count == keyByteCount && nonce.count == nonceByteCount && output.count == outputByteCount)
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16) { state in
            // "expand 32-byte k", then the key, then the nonce, all as little-endian words.
            state[0] = 0x6170_7865
            state[1] = 0x3320_646e
            state[2] = 0x7962_2d32
            state[3] = 0x6b20_6574
            for i in 0..<8 {
                state[4 + i] = UInt32(littleEndian: key.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
            }
            for i in 0..<4 {
                state[12 + i] = UInt32(littleEndian: nonce.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
            }
            // 20 rounds as 10 double rounds: four column rounds, then four diagonal rounds.
            for _ in 0..<10 {
                quarterRound(state, 0, 4, 8, 12)
                quarterRound(state, 1, 5, 9, 13)
                quarterRound(state, 2, 6, 10, 14)
                quarterRound(state, 3, 7, 11, 15)
                quarterRound(state, 0, 5, 10, 15)
                quarterRound(state, 1, 6, 11, 12)
                quarterRound(state, 2, 7, 8, 13)
                quarterRound(state, 3, 4, 9, 14)
            }
            // Unlike the ChaCha20 block function, no feed-forward: output words 0–3 and 12–15.
            for i in 0..<4 {
                output.storeBytes(of: state[i].littleEndian, toByteOffset: 4 * i, as: UInt32.self)
                output.storeBytes(of: state[12 + i].littleEndian, toByteOffset: 16 + 4 * i, as: UInt32.self)
            }
            OPENSSL_cleanse(state.baseAddress, 16 * MemoryLayout<UInt32>.size)
        }
    }

    @inline(__always)
    private static func quarterRound(_ s: UnsafeMutableBufferPointer<UInt32>, _ a: Int, _ b: Int, _ c: Int, _ d: Int) {
        s[a] &+= s[b]
        s[d] ^= s[a]
        s[d] = s[d].rotatedLeft(by: 16)
        s[c] &+= s[d]
        s[b] ^= s[c]
        s[b] = s[b].rotatedLeft(by: 12)
        s[a] &+= s[b]
        s[d] ^= s[a]
        s[d] = s[d].rotatedLeft(by: 8)
        s[c] &+= s[d]
        s[b] ^= s[c]
        s[b] = s[b].rotatedLeft(by: 7)
    }
}

extension UInt32 {
    /// A constant-time left rotation (shifts and or only).
    fileprivate func rotatedLeft(by count: UInt32) -> UInt32 {
        (self << count) | (self >> (32 - count))
    }
}
