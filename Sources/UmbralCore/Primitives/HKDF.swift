/// HKDF-SHA256 (RFC 5869): extract-then-expand, built on ``HMACSHA256``.
///
/// OpenSSL's `EVP_KDF` "HKDF" refuses an `info` longer than 32 KiB (measured with 3.0.19), while
/// Umbral's `info` carries caller-chosen labels of any length; composing HMAC directly has no limit.
///
/// The output is key material, so it is always returned as ``SecureBytes``.
enum HKDF {
    /// The largest output RFC 5869 allows for SHA-256: 255 blocks of 32 bytes.
    static let maximumOutputByteCount = 255 * HMACSHA256.byteCount

    /// Derives `outputByteCount` secret bytes.
    ///
    /// - Parameters:
    ///   - inputKeyMaterial: the secret input (IKM).
    ///   - salt: `nil` means the RFC 5869 default of 32 zero bytes, which gives the same result
    ///     as an empty salt.
    ///   - info: context and application-specific information; any length.
    ///   - outputByteCount: L, in `0...maximumOutputByteCount`. A larger L is a programming error
    ///     and traps, as in CryptoKit.
    static func deriveKey(
        inputKeyMaterial: SecureBytes, salt: [UInt8]?, info: some Collection<UInt8>, outputByteCount: Int
    ) -> SecureBytes {
        precondition(
            (0...maximumOutputByteCount).contains(outputByteCount),
            "HKDF-SHA256 output must be 0...\(maximumOutputByteCount) bytes, not \(outputByteCount)")
        let pseudorandomKey = extract(inputKeyMaterial: inputKeyMaterial, salt: salt)
        return expand(pseudorandomKey: pseudorandomKey, info: info, outputByteCount: outputByteCount)
    }

    /// Derives `outputByteCount` secret bytes from non-wrapped input key material.
    static func deriveKey(
        inputKeyMaterial: some Collection<UInt8>, salt: [UInt8]?, info: some Collection<UInt8>,
        outputByteCount: Int
    ) -> SecureBytes {
        deriveKey(
            inputKeyMaterial: SecureBytes(inputKeyMaterial), salt: salt, info: info,
            outputByteCount: outputByteCount)
    }

    /// PRK = HMAC(salt, IKM). A missing salt is HMAC's zero key: 32 zero bytes and the empty
    /// string both pad to the same 64-byte block.
    private static func extract(inputKeyMaterial: SecureBytes, salt: [UInt8]?) -> SecureBytes {
        var mac = HMACSHA256(key: salt ?? [UInt8](repeating: 0, count: HMACSHA256.byteCount))
        mac.update(inputKeyMaterial)
        return mac.finalizeSecret()
    }

    /// OKM = first L bytes of T(1) ‖ T(2) ‖ …, with T(i) = HMAC(PRK, T(i−1) ‖ info ‖ i).
    private static func expand(
        pseudorandomKey: SecureBytes, info: some Collection<UInt8>, outputByteCount: Int
    ) -> SecureBytes {
        let keyed = HMACSHA256(key: pseudorandomKey)
        return info.withContiguousBytes { info in
            SecureBytes(unsafeUninitializedCount: outputByteCount) { output in
                var previous = SecureBytes(zeroedCount: 0)
                var offset = 0
                var counter: UInt8 = 1
                while offset < outputByteCount {
                    var mac = keyed
                    mac.update(previous)
                    mac.update(info)
                    mac.update(CollectionOfOne(counter))
                    let block = mac.finalizeSecret()
                    let take = min(HMACSHA256.byteCount, outputByteCount - offset)
                    block.withUnsafeBytes { blockBytes in
                        output.baseAddress!.advanced(by: offset).copyMemory(
                            from: blockBytes.baseAddress!, byteCount: take)
                    }
                    previous = block
                    offset += take
                    counter &+= 1
                }
            }
        }
    }
}
