/// Umbral's data encapsulation mechanism: the symmetric layer that encrypts the message under the
/// key a capsule encapsulates (umbral-pre 0.11 `DEM`).
///
/// - Key: `HKDF-SHA256(IKM = key seed, salt = none, info = empty, L = 32)`. The key seed is the
///   33-byte compressed encoding of the shared point, not only its x coordinate.
/// - Cipher: XChaCha20-Poly1305 with a random 24-byte nonce.
/// - Wire form: `nonce(24) ‖ ciphertext ‖ tag(16)`, so `plaintext.count + 40` bytes.
///
/// The associated data is always the capsule's `to_bytes_simple` form, so a ciphertext only opens
/// together with the capsule it was made with.
struct DEM: Sendable {
    static let nonceByteCount = XChaCha20Poly1305.nonceByteCount
    static let tagByteCount = XChaCha20Poly1305.tagByteCount
    static let keyByteCount = XChaCha20Poly1305.keyByteCount

    /// The derived XChaCha20-Poly1305 key.
    let key: SecureBytes

    /// A DEM keyed from a secret key seed.
    init(keySeed: SecureBytes) {
        key = HKDF.deriveKey(inputKeyMaterial: keySeed, salt: nil, info: [], outputByteCount: Self.keyByteCount)
    }

    /// A DEM keyed from key-seed bytes (for Umbral, the compressed shared point).
    init(keySeed: some Collection<UInt8>) {
        self.init(keySeed: SecureBytes(keySeed))
    }

    /// Encrypts `plaintext` under a fresh nonce drawn from `rng`, binding `aad`.
    ///
    /// The nonce is the first 24 bytes of `rng.umbralRandomBytes`, so a deterministic generator
    /// reproduces known-answer ciphertexts.
    ///
    /// - Returns: `nonce ‖ ciphertext ‖ tag`.
    /// - Throws: ``UmbralError/backendFailure(_:)`` if OpenSSL fails.
    func encrypt(
        _ plaintext: some Collection<UInt8>, aad: some Collection<UInt8>, using rng: inout some RandomNumberGenerator
    ) throws(UmbralError) -> [UInt8] {
        let nonce = rng.umbralRandomBytes(Self.nonceByteCount)
        return try nonce + XChaCha20Poly1305.seal(plaintext, key: key, nonce: nonce, aad: aad)
    }

    /// Encrypts `plaintext` under a nonce from the system's secure generator, binding `aad`.
    func encrypt(_ plaintext: some Collection<UInt8>, aad: some Collection<UInt8>) throws(UmbralError) -> [UInt8] {
        var rng = SystemRandom()
        return try encrypt(plaintext, aad: aad, using: &rng)
    }

    /// Splits off the nonce, then verifies and decrypts the rest with `aad`.
    ///
    /// - Throws: ``UmbralError/ciphertextTooShort(_:)`` if there are fewer than 24 bytes;
    ///   ``UmbralError/decryptionFailed`` if authentication fails, including a ciphertext of
    ///   exactly 24 bytes, which has no tag.
    func decrypt(_ ciphertext: some Collection<UInt8>, aad: some Collection<UInt8>) throws(UmbralError) -> [UInt8] {
        let ciphertext = Array(ciphertext)
        guard ciphertext.count >= Self.nonceByteCount else {
            throw .ciphertextTooShort(ciphertext.count)
        }
        let nonce = ciphertext[..<Self.nonceByteCount]
        return try XChaCha20Poly1305.open(ciphertext[Self.nonceByteCount...], key: key, nonce: nonce, aad: aad)
    }
}
