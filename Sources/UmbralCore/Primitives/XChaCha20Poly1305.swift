/// XChaCha20-Poly1305 AEAD (draft-irtf-cfrg-xchacha-03; libsodium's
/// `crypto_aead_xchacha20poly1305_ietf`): 32-byte key, 24-byte nonce, 16-byte tag.
///
/// The extended nonce is folded into the key: `subkey = HChaCha20(key, nonce[0..<16])`, then
/// ChaCha20-Poly1305 (RFC 8439) runs under `subkey` with the 12-byte nonce
/// `00000000 ‖ nonce[16..<24]`. A 24-byte nonce is long enough to be drawn at random.
enum XChaCha20Poly1305 {
    static let keyByteCount = 32
    static let nonceByteCount = 24
    static let tagByteCount = ChaCha20Poly1305.tagByteCount

    /// Encrypts `plaintext` and authenticates it together with `aad`.
    ///
    /// - Returns: ciphertext ‖ tag, `plaintext.count + 16` bytes.
    /// - Throws: ``UmbralError/invalidLength(field:expected:actual:)`` for a key that is not 32
    ///   bytes or a nonce that is not 24; ``UmbralError/backendFailure(_:)`` if OpenSSL fails.
    static func seal(
        _ plaintext: some Collection<UInt8>, key: SecureBytes, nonce: some Collection<UInt8>,
        aad: some Collection<UInt8>
    ) throws(UmbralError) -> [UInt8] {
        let (subkey, innerNonce) = try innerParameters(key: key, nonce: nonce)
        return try ChaCha20Poly1305.seal(plaintext, key: subkey, nonce: innerNonce, aad: aad)
    }

    /// Verifies and decrypts ciphertext ‖ tag.
    ///
    /// - Throws: ``UmbralError/decryptionFailed`` if the input is shorter than the tag or does
    ///   not verify; ``UmbralError/invalidLength(field:expected:actual:)`` for a bad key or nonce
    ///   length; ``UmbralError/backendFailure(_:)`` if OpenSSL fails.
    static func open(
        _ ciphertextAndTag: some Collection<UInt8>, key: SecureBytes, nonce: some Collection<UInt8>,
        aad: some Collection<UInt8>
    ) throws(UmbralError) -> [UInt8] {
        let (subkey, innerNonce) = try innerParameters(key: key, nonce: nonce)
        return try ChaCha20Poly1305.open(ciphertextAndTag, key: subkey, nonce: innerNonce, aad: aad)
    }

    /// The ChaCha20-Poly1305 key and 12-byte nonce for an XChaCha20-Poly1305 key and 24-byte nonce.
    static func innerParameters(
        key: SecureBytes, nonce: some Collection<UInt8>
    ) throws(UmbralError) -> (subkey: SecureBytes, nonce: [UInt8]) {
        guard key.count == keyByteCount else {
            throw .invalidLength(field: "XChaCha20-Poly1305 key", expected: "\(keyByteCount)", actual: key.count)
        }
        let nonce = Array(nonce)
        guard nonce.count == nonceByteCount else {
            throw .invalidLength(field: "XChaCha20-Poly1305 nonce", expected: "\(nonceByteCount)", actual: nonce.count)
        }
        let subkey = try HChaCha20.deriveSubkey(key: key, nonce: nonce[..<16])
        return (subkey, [0, 0, 0, 0] + nonce[16...])
    }
}
