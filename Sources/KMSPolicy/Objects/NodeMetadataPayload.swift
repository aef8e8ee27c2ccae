public import UmbralCore

/// What an Ursula says about herself: who stakes for her, where she listens, and the keys others
/// use with her. Signed as a whole inside her ``NodeMetadata``.
///
/// An Ursula fills it in and signs it; other Ursulas, Alice and Bob read it from the metadata
/// they exchange (``MetadataRequest``/``MetadataResponse``) to learn her
/// ``encryptingKey`` (for the kFrags Alice seals to her), her ``verifyingKey`` (which checks
/// her ``ReencryptionResponse``s) and her address.
///
/// It has no header and no brand of its own: ``bytes`` is the bare MessagePack array of ten
/// fields, which is exactly what the node signs.
///
/// Two fields are kept as validated opaque bytes:
/// - ``ferveoPublicKey``, a BLS12-381 G2 point used only by threshold decryption. Without
///   BLS12-381 arithmetic only its form is checked (flags and coordinate range, see
///   ``init(stakingProviderAddress:domain:timestampEpoch:verifyingKey:encryptingKey:ferveoPublicKey:certificateDER:host:port:operatorSignature:)``),
///   so a few 96-byte strings that the reference rejects (points off the curve or outside the
///   subgroup) are accepted here.
/// - ``operatorSignature``, the operator's Ethereum signature, which ``deriveOperatorAddress()``
///   turns into the operator's address.
public struct NodeMetadataPayload: Sendable, Hashable {
    /// The size of a ferveo public key: a compressed BLS12-381 G2 point.
    public static let ferveoPublicKeyCount = 96

    /// The size of an operator signature: r ‖ s ‖ v.
    public static let operatorSignatureCount = 65

    /// The staking provider's address, as the node claims it (checked on-chain, not here).
    public let stakingProviderAddress: Address

    /// The network the node serves, such as `lynx` or `mainnet`.
    public let domain: String

    /// When the metadata was made, in seconds since the Unix epoch.
    public let timestampEpoch: UInt32

    /// The node's Umbral verifying key: it signs this metadata, re-encryption responses and
    /// metadata responses.
    public let verifyingKey: PublicKey

    /// The node's Umbral encrypting key: Alice seals kFrags to it.
    public let encryptingKey: PublicKey

    /// The node's ferveo (threshold decryption) public key, 96 bytes, compressed BLS12-381 G2.
    public let ferveoPublicKey: [UInt8]

    /// The node's TLS certificate, DER-encoded (not parsed here).
    public let certificateDER: [UInt8]

    /// The host name or address the node listens on.
    public let host: String

    /// The port the node listens on.
    public let port: UInt16

    /// The operator's recoverable Ethereum signature (r ‖ s ‖ v, 65 bytes) over
    /// ``verifyingKey``, in EIP-191 `personal_sign` form.
    public let operatorSignature: [UInt8]

    /// A payload from its fields, checking the two opaque ones.
    ///
    /// - Parameters:
    ///   - stakingProviderAddress: The staking provider the node works for.
    ///   - domain: The network, such as `lynx` or `mainnet`.
    ///   - timestampEpoch: The time of signing, in seconds since the Unix epoch.
    ///   - verifyingKey: The node's Umbral verifying key.
    ///   - encryptingKey: The node's Umbral encrypting key.
    ///   - ferveoPublicKey: 96 bytes in the zcash/arkworks compressed form: the top bit of the
    ///     first byte set (compressed); if the infinity bit is also set, the sign bit and every
    ///     other bit must be clear; otherwise both 381-bit coordinates must be below the
    ///     BLS12-381 field modulus.
    ///   - certificateDER: The node's TLS certificate in DER.
    ///   - host: Where the node listens.
    ///   - port: The port it listens on.
    ///   - operatorSignature: 65 bytes r ‖ s ‖ v with v in 0…3, r and s in [1, n) and s ≤ n/2.
    ///     The reference accepts a high-S signature here and only fails to recover a key from it
    ///     later; this implementation refuses it at once.
    /// - Throws: ``KMSPolicyError/invalidFerveoPublicKey(reason:)`` or
    ///   ``KMSPolicyError/invalidUmbralValue(object:field:_:)`` for the operator signature.
    public init(
        stakingProviderAddress: Address, domain: String, timestampEpoch: UInt32, verifyingKey: PublicKey,
        encryptingKey: PublicKey, ferveoPublicKey: [UInt8], certificateDER: [UInt8], host: String, port: UInt16,
        operatorSignature: [UInt8]
    ) throws(KMSPolicyError) {
        try Self.checkFerveoPublicKey(ferveoPublicKey)
        do {
            _ = try RecoverableSignature(bytes: operatorSignature)
        } catch {
            throw .invalidUmbralValue(object: "NodeMetadataPayload", field: "operator_signature", error)
        }
        self.stakingProviderAddress = stakingProviderAddress
        self.domain = domain
        self.timestampEpoch = timestampEpoch
        self.verifyingKey = verifyingKey
        self.encryptingKey = encryptingKey
        self.ferveoPublicKey = ferveoPublicKey
        self.certificateDER = certificateDER
        self.host = host
        self.port = port
        self.operatorSignature = operatorSignature
    }

    /// Reads the bare MessagePack array (the payload has no header).
    ///
    /// - Throws: ``KMSPolicyError/malformedBody(object:_:)`` for malformed, non-canonical or
    ///   misshapen MessagePack (a ferveo key not wrapped in its one-element array, a timestamp
    ///   beyond `u32`, a port beyond `u16`) or trailing bytes;
    ///   ``KMSPolicyError/invalidUmbralValue(object:field:_:)`` for a bad key or operator
    ///   signature; ``KMSPolicyError/invalidFerveoPublicKey(reason:)``.
    public init(bytes: some Collection<UInt8>) throws(KMSPolicyError) {
        self = try BodyFieldReader.decodeBare(Array(bytes), object: "NodeMetadataPayload") {
            (fields) throws(KMSPolicyError) in try NodeMetadataPayload(fields: &fields)
        }
    }

    /// Reads the ten fields from a body being parsed.
    init(fields: inout BodyFieldReader) throws(KMSPolicyError) {
        try fields.structHeader(count: 10)
        let address = try Address(reading: &fields, field: "staking_provider_address")
        let domain = try fields.string(field: "domain")
        let timestamp = try fields.integer(UInt32.self, field: "timestamp_epoch")
        let verifyingKey = try fields.publicKey(field: "verifying_key")
        let encryptingKey = try fields.publicKey(field: "encrypting_key")
        // serde writes ferveo's key as a one-field struct around the 96 bytes.
        try fields.arrayHeader(count: 1, field: "ferveo_public_key")
        let ferveo = try fields.binary(count: Self.ferveoPublicKeyCount, field: "ferveo_public_key")
        let certificate = try fields.binary(field: "certificate_der")
        let host = try fields.string(field: "host")
        let port = try fields.integer(UInt16.self, field: "port")
        let operatorSignature = try fields.binary(count: Self.operatorSignatureCount, field: "operator_signature")
        try self.init(
            stakingProviderAddress: address, domain: domain, timestampEpoch: timestamp,
            verifyingKey: verifyingKey, encryptingKey: encryptingKey, ferveoPublicKey: ferveo,
            certificateDER: certificate, host: host, port: port, operatorSignature: operatorSignature)
    }

    /// The bare MessagePack array of the ten fields: what ``NodeMetadata`` embeds and what the
    /// node signs.
    public var bytes: [UInt8] {
        var body = BodyFieldWriter(reservingCapacity: 300 + domain.utf8.count + host.utf8.count + certificateDER.count)
        write(to: &body)
        return body.bytes
    }

    /// Appends the bare array to a body being built.
    func write(to body: inout BodyFieldWriter) {
        body.arrayHeader(10)
        body.binary(stakingProviderAddress.bytes)
        body.string(domain)
        body.integer(timestampEpoch)
        body.binary(verifyingKey.compressedBytes)
        body.binary(encryptingKey.compressedBytes)
        body.arrayHeader(1)
        body.binary(ferveoPublicKey)
        body.binary(certificateDER)
        body.string(host)
        body.integer(port)
        body.binary(operatorSignature)
    }

    /// The operator's Ethereum address, recovered from ``operatorSignature``.
    ///
    /// The operator signed ``verifyingKey`` with EIP-191 `personal_sign`: the digest is
    /// Keccak-256 of `"\u{19}Ethereum Signed Message:\n33"` followed by the 33-byte compressed
    /// key. The address is the last 20 bytes of Keccak-256 of the recovered key's uncompressed
    /// `X ‖ Y`. Whoever reads the metadata compares it with the operator bonded on-chain to the
    /// ``stakingProviderAddress``.
    ///
    /// - Throws: ``KMSPolicyError/operatorAddressRecoveryFailed(_:)`` when no key can be
    ///   recovered from the signature.
    public func deriveOperatorAddress() throws(KMSPolicyError) -> Address {
        let message = Array("\u{19}Ethereum Signed Message:\n33".utf8) + verifyingKey.compressedBytes
        let operatorKey: PublicKey
        do {
            operatorKey = try RecoverableSignature(bytes: operatorSignature)
                .recoverPublicKey(prehash: Keccak256.hash(message))
        } catch {
            throw .operatorAddressRecoveryFailed(error)
        }
        return Address(publicKey: operatorKey)
    }

    // MARK: - The ferveo key's form

    /// The BLS12-381 base-field modulus q, big-endian (48 bytes).
    private static let blsModulus: [UInt8] = [
        0x1a, 0x01, 0x11, 0xea, 0x39, 0x7f, 0xe6, 0x9a, 0x4b, 0x1b, 0xa7, 0xb6, 0x43, 0x4b, 0xac, 0xd7,
        0x64, 0x77, 0x4b, 0x84, 0xf3, 0x85, 0x12, 0xbf, 0x67, 0x30, 0xd2, 0xa0, 0xf6, 0xb0, 0xf6, 0x24,
        0x1e, 0xab, 0xff, 0xfe, 0xb1, 0x53, 0xff, 0xff, 0xb9, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xaa, 0xab,
    ]

    /// Checks the parts of a compressed G2 encoding that need no pairing-curve arithmetic.
    static func checkFerveoPublicKey(_ key: [UInt8]) throws(KMSPolicyError) {
        guard key.count == ferveoPublicKeyCount else {
            throw .invalidFerveoPublicKey(reason: "expected \(ferveoPublicKeyCount) bytes, got \(key.count)")
        }
        let compressed = key[0] & 0x80 != 0
        let infinity = key[0] & 0x40 != 0
        let largestY = key[0] & 0x20 != 0
        guard compressed else {
            throw .invalidFerveoPublicKey(reason: "the compression flag (top bit) is not set")
        }
        if infinity {
            // The reference ignores what follows the infinity flag; requiring zeros keeps one
            // encoding per point, so the bytes round-trip.
            guard !largestY, key[0] & 0x1f == 0, key.dropFirst().allSatisfy({ $0 == 0 }) else {
                throw .invalidFerveoPublicKey(reason: "the point at infinity must have no other bit set")
            }
            return
        }
        // x = c1 ‖ c0, 48 bytes each, with the flags in the top three bits of c1.
        let c1 = [key[0] & 0x1f] + key[1..<48]
        let c0 = Array(key[48..<96])
        guard c1.lexicographicallyPrecedes(blsModulus), c0.lexicographicallyPrecedes(blsModulus) else {
            throw .invalidFerveoPublicKey(reason: "a coordinate is not below the BLS12-381 field modulus")
        }
    }
}
