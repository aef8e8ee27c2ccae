extension Umbral {
    /// Encrypts `plaintext` so that the holder of `delegatingKey`'s secret key can decrypt it, and
    /// so that it can later be re-encrypted for others.
    ///
    /// Needs nothing secret, so Enrico can encrypt for Alice as well as Alice herself.
    ///
    /// - Parameters:
    ///   - plaintext: The data to encrypt, of any length.
    ///   - delegatingKey: Alice's public key: the one whose secret key opens the data directly, and
    ///     from which she can later delegate.
    /// - Returns: The capsule and the ciphertext (24-byte nonce ‖ XChaCha20-Poly1305 output), which
    ///   is `plaintext.count + 40` bytes.
    /// - Throws: ``UmbralError/backendFailure(_:)`` only if libcrypto's AEAD fails, which valid
    ///   inputs never cause.
    public static func encrypt(
        _ plaintext: [UInt8], for delegatingKey: PublicKey
    ) throws(UmbralError) -> (capsule: Capsule, ciphertext: [UInt8]) {
        var rng = SystemRandom()
        return try encrypt(plaintext, for: delegatingKey, using: &rng)
    }

    /// Encrypts `plaintext` for `delegatingKey`, as ``encrypt(_:for:)`` does, with randomness from `rng`.
    ///
    /// Exists so known-answer and property tests can reproduce a capsule and ciphertext exactly.
    ///
    /// - Parameters:
    ///   - plaintext: The data to encrypt, of any length.
    ///   - delegatingKey: Alice's public key: the one whose secret key opens the data directly, and
    ///     from which she can later delegate.
    ///   - rng: The source of the capsule's two random scalars and the DEM nonce. It must be
    ///     cryptographically secure outside tests: whoever can predict it can compute the capsule's
    ///     key and read the data.
    /// - Returns: The capsule and the ciphertext (24-byte nonce ‖ XChaCha20-Poly1305 output), which
    ///   is `plaintext.count + 40` bytes.
    /// - Throws: ``UmbralError/backendFailure(_:)`` only if libcrypto's AEAD fails, which valid
    ///   inputs never cause.
    public static func encrypt(
        _ plaintext: [UInt8], for delegatingKey: PublicKey, using rng: inout some RandomNumberGenerator
    ) throws(UmbralError) -> (capsule: Capsule, ciphertext: [UInt8]) {
        let (capsule, keySeed) = Capsule.make(for: delegatingKey, using: &rng)
        let ciphertext = try DEM(keySeed: keySeed).encrypt(plaintext, aad: capsule.simpleBytes, using: &rng)
        return (capsule, ciphertext)
    }

    /// Decrypts a ciphertext made for `secretKey`'s public key, without any re-encryption.
    ///
    /// This is how Alice reads her own data at any time; no Ursula is involved.
    ///
    /// - Parameters:
    ///   - ciphertext: The ciphertext from ``encrypt(_:for:)``.
    ///   - capsule: Its capsule; the ciphertext is bound to it and opens with no other.
    ///   - secretKey: The secret key of the public key the data was encrypted for.
    /// - Returns: The plaintext, after its authentication tag has been checked.
    /// - Throws: ``UmbralError/ciphertextTooShort(_:)`` for fewer than 24 bytes,
    ///   ``UmbralError/decryptionFailed`` when the key, capsule or ciphertext do not belong
    ///   together, or ``UmbralError/backendFailure(_:)`` if libcrypto fails.
    public static func decryptOriginal(
        _ ciphertext: [UInt8], capsule: Capsule, secretKey: SecretKey
    ) throws(UmbralError) -> [UInt8] {
        let keySeed = capsule.openOriginal(secretKey: secretKey)
        return try DEM(keySeed: keySeed).decrypt(ciphertext, aad: capsule.simpleBytes)
    }
}

extension Capsule {
    /// A new capsule for `publicKey` and the key seed it encapsulates.
    ///
    /// With random r and u: E = r·G, V = u·G, s = u + r·h(E, V), and the shared point is
    /// (r + u)·pk, whose compressed form seeds the DEM key.
    static func make(
        for publicKey: PublicKey, using rng: inout some RandomNumberGenerator
    ) -> (Capsule, keySeed: SecureBytes) {
        while true {
            let r = Scalar.random(using: &rng)
            let u = Scalar.random(using: &rng)
            let e = Point.generatorMultiple(r).withCachedEncoding()
            let v = Point.generatorMultiple(u).withCachedEncoding()
            let h = DomainSeparation.hashCapsulePoints(e: e, v: v)
            let shared = (r + u) * publicKey.point
            // r + u = 0 has probability 2⁻²⁵⁶; draw again rather than emit the identity.
            guard !shared.isIdentity else { continue }
            return (Capsule(e: e, v: v, s: u + r * h), SecureBytes(shared.compressedBytes))
        }
    }

    /// The key seed, as the owner of the public key recovers it: sk·(E + V).
    func openOriginal(secretKey: SecretKey) -> SecureBytes {
        SecureBytes((secretKey.scalar * (e + v)).compressedBytes)
    }
}
