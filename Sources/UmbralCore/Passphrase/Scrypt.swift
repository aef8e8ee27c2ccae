internal import CUmbralOpenSSL

/// scrypt (RFC 7914) through OpenSSL's `EVP_PBE_scrypt`, writing the derived key straight into
/// wiped-on-free memory.
enum Scrypt {
    /// Derives `count` bytes from `passphrase` and `salt` at the cost `parameters`.
    ///
    /// - Throws: ``UmbralError/backendFailure(_:)`` if OpenSSL refuses (out of memory).
    static func deriveKey(
        passphrase: SecretBytes, salt: [UInt8], parameters: ScryptParameters, count: Int
    ) throws(UmbralError) -> SecureBytes {
        // OpenSSL refuses to allocate more than `maxmem` and its default is 32 MiB, one block short
        // of N = 2^15, r = 8; allow exactly what these parameters need (its own formula).
        let r = UInt64(parameters.r)
        let memory = 128 * r * UInt64(parameters.p) + 128 * r * (parameters.n + 2)
        return try SecureBytes(unsafeUninitializedCount: count) { (key) throws(UmbralError) in
            let status = passphrase.withUnsafeBytes { pass in
                salt.withUnsafeBufferPointer { salt in
                    EVP_PBE_scrypt(
                        pass.baseAddress?.assumingMemoryBound(to: CChar.self), pass.count,
                        salt.baseAddress, salt.count,
                        parameters.n, r, UInt64(parameters.p), memory,
                        key.baseAddress?.assumingMemoryBound(to: UInt8.self), key.count)
                }
            }
            guard status == 1 else { throw EVPBackend.failure("EVP_PBE_scrypt(\(parameters))") }
        }
    }
}
