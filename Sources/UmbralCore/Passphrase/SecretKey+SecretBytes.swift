internal import CUmbralOpenSSL

extension SecretKey {
    /// Reads a key from 32 big-endian bytes held in protected memory, as
    /// ``PassphraseSeal/open(_:passphrase:associatedData:)`` returns them.
    ///
    /// - Parameter secretBytes: The key as 32 big-endian bytes, a value in [1, n).
    /// - Throws: as ``init(bigEndianBytes:)``.
    public init(secretBytes: SecretBytes) throws(UmbralError) {
        var bytes = secretBytes.withUnsafeBytes { Array($0) }
        // The scalar parser takes an array; wipe it whether or not the bytes were a valid key.
        defer { bytes.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) } }
        try self.init(bigEndianBytes: bytes)
    }

    /// The 32-byte big-endian form in protected memory, ready for
    /// ``PassphraseSeal/seal(_:passphrase:parameters:associatedData:)``.
    public var secretBytes: SecretBytes {
        var bytes = bigEndianBytes
        defer { bytes.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) } }
        return SecretBytes(bytes)
    }
}
