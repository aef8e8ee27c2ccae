internal import CUmbralOpenSSL

/// One-shot SHA-256 (FIPS 180-4) through OpenSSL's EVP interface.
///
/// For input that arrives in pieces, such as Umbral's domain-separated hashes, use
/// ``SHA256Hasher``.
enum SHA256 {
    /// The digest length in bytes.
    static let byteCount = 32

    /// The SHA-256 digest of `bytes`.
    static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        bytes.withContiguousBytes { hash($0) }
    }

    /// The SHA-256 digest of the bytes in `buffer`.
    static func hash(_ buffer: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: byteCount) { digest, initialized in
            hash(buffer, into: UnsafeMutableRawBufferPointer(digest))
            initialized = byteCount
        }
    }

    /// The SHA-256 digest of a secret, itself returned as a secret.
    static func hash(_ secret: SecureBytes) -> SecureBytes {
        secret.withUnsafeBytes { input in
            SecureBytes(unsafeUninitializedCount: byteCount) { hash(input, into: $0) }
        }
    }

    private static func hash(_ input: UnsafeRawBufferPointer, into digest: UnsafeMutableRawBufferPointer) {
        var length: UInt32 = 0
        // EVP_Digest cannot fail on valid input short of an allocation failure.
        let status = EVP_Digest(
            input.baseAddress, input.count, digest.baseAddress?.assumingMemoryBound(to: UInt8.self), &length,
            EVPBackend.sha256, nil)
        guard status == 1, length == UInt32(byteCount) else {
            fatalError("\(EVPBackend.failure("EVP_Digest(SHA-256)"))")
        }
    }
}
