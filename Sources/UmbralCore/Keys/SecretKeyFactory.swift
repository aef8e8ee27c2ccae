/// Derives any number of secret keys deterministically from one 32-byte seed.
///
/// Alice uses a factory to get a separate delegating key per policy label without storing each key:
/// the same seed and label always give the same key (umbral-pre's `SecretKeyFactory`).
/// All derivations are HKDF-SHA256 over the seed with no salt and a label-specific `info`.
public struct SecretKeyFactory: Sendable, CustomStringConvertible {
    private let seed: SecureBytes

    /// The seed length in bytes.
    public static let seedSize = 32

    /// A factory with a fresh seed from the system's cryptographically secure generator.
    ///
    /// - Returns: A factory whose seed is 32 random bytes.
    public static func random() -> SecretKeyFactory {
        var rng = SystemRandom()
        return random(using: &rng)
    }

    /// A factory whose seed is drawn from `rng`.
    ///
    /// Exists so tests can reproduce factories; ``random()`` is the one to use otherwise.
    ///
    /// - Parameter rng: The source of the seed; it must be cryptographically secure outside tests,
    ///   since every key the factory makes is only as secret as the seed.
    /// - Returns: A factory whose seed is 32 bytes from `rng`.
    public static func random(using rng: inout some RandomNumberGenerator) -> SecretKeyFactory {
        SecretKeyFactory(validSeed: SecureBytes(rng.umbralRandomBytes(seedSize)))
    }

    /// A factory from 32 bytes of secure randomness (`from_secure_randomness` in umbral-pre).
    ///
    /// This is how a stored factory comes back: the same seed gives the same keys.
    ///
    /// - Parameter seed: Exactly ``seedSize`` bytes of secure randomness, kept secret.
    /// - Throws: ``UmbralError/invalidSeedLength(_:)`` unless the seed is exactly 32 bytes.
    public init(seed: [UInt8]) throws(UmbralError) {
        guard seed.count == Self.seedSize else { throw .invalidSeedLength(seed.count) }
        self.init(validSeed: SecureBytes(seed))
    }

    private init(validSeed: SecureBytes) {
        self.seed = validSeed
    }

    private func derive(_ prefix: String, _ label: [UInt8], length: Int) -> SecureBytes {
        HKDF.deriveKey(inputKeyMaterial: seed, salt: nil, info: Array(prefix.utf8) + label, outputByteCount: length)
    }

    /// The secret key for `label`. The HKDF info `KEY_DERIVATION/‖label` doubles as the domain tag
    /// of the hash that turns the 64 derived bytes into a scalar.
    ///
    /// - Parameter label: Any bytes naming the key, such as a policy label; the same label always
    ///   gives the same key, and different labels give unrelated keys.
    /// - Returns: The key, the same as umbral-pre's `make_key(label)` for this seed.
    public func makeKey(label: [UInt8]) -> SecretKey {
        let info = Array("KEY_DERIVATION/".utf8) + label
        let material = derive("KEY_DERIVATION/", label, length: 64)
        return SecretKey(scalar: ScalarDigest(dst: info).chaining(material).finalize())
    }

    /// 64 secret bytes for `label`, for uses other than a key.
    ///
    /// The result is a plain array, outside wiped storage: use it and let it go out of scope.
    ///
    /// - Parameter label: Any bytes naming the secret; it is derived separately from a key or a
    ///   child factory with the same label.
    /// - Returns: The 64 bytes of umbral-pre's `make_secret(label)` for this seed.
    public func makeSecret(label: [UInt8]) -> [UInt8] {
        derive("SECRET_DERIVATION/", label, length: 64).withUnsafeBytes { Array($0) }
    }

    /// A child factory for `label`, whose seed is 32 bytes derived from this one.
    ///
    /// Lets one stored seed stand for a whole tree of key families.
    ///
    /// - Parameter label: Any bytes naming the child; the same label always gives the same child.
    /// - Returns: The child factory, the same as umbral-pre's `make_factory(label)` for this seed.
    public func makeFactory(label: [UInt8]) -> SecretKeyFactory {
        SecretKeyFactory(validSeed: derive("FACTORY_DERIVATION/", label, length: 32))
    }

    /// Always `SecretKeyFactory(…)`.
    public var description: String { "SecretKeyFactory(…)" }
}
