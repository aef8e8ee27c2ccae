internal import CUmbralOpenSSL

/// Secrets encrypted at rest under a passphrase: scrypt stretches the passphrase into a key, and
/// XChaCha20-Poly1305 encrypts and authenticates the secret with it.
///
/// An Ursula keeps her signing and decrypting keys this way in her data directory, so a copy of
/// the directory alone does not give them away.
///
/// ## Byte format, version 1
///
/// | offset | bytes | field |
/// |---|---|---|
/// | 0 | 4 | magic, ASCII `UPSL` |
/// | 4 | 1 | version, `0x01` |
/// | 5 | 1 | scrypt log₂ N |
/// | 6 | 4 | scrypt r, big-endian |
/// | 10 | 4 | scrypt p, big-endian |
/// | 14 | 16 | salt, random |
/// | 30 | 24 | XChaCha20-Poly1305 nonce, random |
/// | 54 | secret + 16 | ciphertext ‖ Poly1305 tag |
///
/// The key is `scrypt(passphrase, salt, N, r, p, 32 bytes)`. The 54-byte header followed by the
/// caller's associated data is the AEAD's associated data, so changing any byte of the header, the
/// ciphertext, the tag or the associated data makes ``open(_:passphrase:associatedData:)`` fail.
/// Every seal draws a fresh salt and nonce, so sealing the same secret twice gives different bytes.
///
/// The passphrase bytes are used as given, with no Unicode normalisation: `"é"` typed as one code
/// point and as `e` plus a combining accent are different passphrases.
public enum PassphraseSeal {
    /// The four magic bytes, ASCII `UPSL`.
    public static let magic: [UInt8] = Array("UPSL".utf8)

    /// The format version this code writes and reads.
    public static let version: UInt8 = 1

    /// The length of the random salt.
    public static let saltByteCount = 16

    /// The length of the header that precedes the ciphertext: magic, version, parameters, salt
    /// and nonce.
    public static let headerByteCount = 4 + 1 + 1 + 4 + 4 + saltByteCount + XChaCha20Poly1305.nonceByteCount

    /// How many bytes sealing a secret of `secretByteCount` bytes produces.
    ///
    /// - Parameter secretByteCount: The length of the secret.
    /// - Returns: The header, the ciphertext and the 16-byte tag.
    public static func sealedByteCount(secretByteCount: Int) -> Int {
        headerByteCount + secretByteCount + XChaCha20Poly1305.tagByteCount
    }

    /// Seals `secret` under `passphrase`, with a salt and nonce from the system's secure generator.
    ///
    /// - Parameters:
    ///   - secret: The secret to protect.
    ///   - passphrase: The passphrase; it must not be empty.
    ///   - parameters: The scrypt cost; ``ScryptParameters/interactive`` unless in tests.
    ///   - associatedData: Public bytes the seal is bound to (a purpose label, say); opening needs
    ///     the same bytes.
    /// - Returns: The sealed bytes in the format above.
    /// - Throws: ``UmbralError/invalidLength(field:expected:actual:)`` for an empty passphrase;
    ///   ``UmbralError/backendFailure(_:)`` if OpenSSL fails.
    public static func seal(
        _ secret: SecretBytes, passphrase: SecretBytes, parameters: ScryptParameters = .interactive,
        associatedData: [UInt8] = []
    ) throws(UmbralError) -> [UInt8] {
        var rng = SystemRandom()
        return try seal(
            secret, passphrase: passphrase, parameters: parameters, associatedData: associatedData, using: &rng)
    }

    /// ``seal(_:passphrase:parameters:associatedData:)`` with the salt and nonce drawn from `rng`.
    ///
    /// - Parameters:
    ///   - secret: The secret to protect.
    ///   - passphrase: The passphrase; it must not be empty.
    ///   - parameters: The scrypt cost.
    ///   - associatedData: Public bytes the seal is bound to.
    ///   - rng: The source of the salt and nonce; it must be cryptographically secure outside tests.
    /// - Returns: The sealed bytes.
    /// - Throws: as ``seal(_:passphrase:parameters:associatedData:)``.
    public static func seal(
        _ secret: SecretBytes, passphrase: SecretBytes, parameters: ScryptParameters, associatedData: [UInt8],
        using rng: inout some RandomNumberGenerator
    ) throws(UmbralError) -> [UInt8] {
        // An empty passphrase would seal with a key anyone can derive.
        guard !passphrase.isEmpty else {
            throw .invalidLength(field: "passphrase", expected: "at least 1", actual: 0)
        }
        let salt = rng.umbralRandomBytes(saltByteCount)
        let nonce = rng.umbralRandomBytes(XChaCha20Poly1305.nonceByteCount)
        var header = magic
        header.append(version)
        header.append(parameters.logN)
        header += bigEndian(parameters.r)
        header += bigEndian(parameters.p)
        header += salt
        header += nonce
        let key = try Scrypt.deriveKey(
            passphrase: passphrase, salt: salt, parameters: parameters, count: XChaCha20Poly1305.keyByteCount)
        let sealed = try secret.withUnsafeBytes { (plaintext) throws(UmbralError) -> [UInt8] in
            try XChaCha20Poly1305.seal(plaintext, key: key, nonce: nonce, aad: header + associatedData)
        }
        return header + sealed
    }

    /// Opens bytes made by ``seal(_:passphrase:parameters:associatedData:)``.
    ///
    /// The format is checked before any work, and the scrypt parameters are bounded by
    /// ``ScryptParameters``, so malformed input costs at most one bounded scrypt run.
    ///
    /// - Parameters:
    ///   - sealed: The sealed bytes.
    ///   - passphrase: The passphrase they were sealed under.
    ///   - associatedData: The associated data they were sealed with.
    /// - Returns: The secret, in wiped-on-free memory.
    /// - Throws: ``UmbralError/malformedPassphraseSeal(_:)`` for bytes that are not a version-1
    ///   seal (or carry out-of-range parameters); ``UmbralError/incorrectPassphrase`` for the wrong
    ///   passphrase or altered bytes; ``UmbralError/backendFailure(_:)`` if OpenSSL fails.
    public static func open(
        _ sealed: some Collection<UInt8>, passphrase: SecretBytes, associatedData: [UInt8] = []
    ) throws(UmbralError) -> SecretBytes {
        let sealed = Array(sealed)
        let header = try Header(sealed)
        let key = try Scrypt.deriveKey(
            passphrase: passphrase, salt: header.salt, parameters: header.parameters,
            count: XChaCha20Poly1305.keyByteCount)
        var plaintext: [UInt8]
        do throws(UmbralError) {
            plaintext = try XChaCha20Poly1305.open(
                sealed[headerByteCount...], key: key, nonce: header.nonce,
                aad: sealed[..<headerByteCount] + associatedData)
        } catch {
            throw error == .decryptionFailed ? .incorrectPassphrase : error
        }
        // The AEAD hands back an array; move it into protected memory and wipe the array.
        defer {
            plaintext.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) }
        }
        return SecretBytes(plaintext)
    }

    /// The scrypt parameters `sealed` was made with, read without the passphrase: a caller can
    /// decide to re-seal at a higher cost.
    ///
    /// - Parameter sealed: The sealed bytes.
    /// - Returns: Their scrypt parameters.
    /// - Throws: ``UmbralError/malformedPassphraseSeal(_:)`` as ``open(_:passphrase:associatedData:)``.
    public static func parameters(of sealed: some Collection<UInt8>) throws(UmbralError) -> ScryptParameters {
        try Header(Array(sealed)).parameters
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
         UInt8(truncatingIfNeeded: value)]
    }

    /// The parsed, checked header of a version-1 seal.
    private struct Header {
        let parameters: ScryptParameters
        let salt: [UInt8]
        let nonce: [UInt8]

        init(_ sealed: [UInt8]) throws(UmbralError) {
            let minimum = PassphraseSeal.sealedByteCount(secretByteCount: 0)
            guard sealed.count >= minimum else {
                throw .malformedPassphraseSeal("\(sealed.count) bytes, fewer than the \(minimum) of an empty seal")
            }
            guard Array(sealed[0..<4]) == PassphraseSeal.magic else {
                throw .malformedPassphraseSeal("the magic bytes are not 'UPSL'")
            }
            guard sealed[4] == PassphraseSeal.version else {
                throw .malformedPassphraseSeal("version \(sealed[4]) is not 1")
            }
            let r = sealed[6..<10].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let p = sealed[10..<14].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            do {
                parameters = try ScryptParameters(logN: sealed[5], r: r, p: p)
            } catch {
                throw .malformedPassphraseSeal("\(error)")
            }
            let saltEnd = 14 + PassphraseSeal.saltByteCount
            salt = Array(sealed[14..<saltEnd])
            nonce = Array(sealed[saltEnd..<PassphraseSeal.headerByteCount])
        }
    }
}
