public import KMSMessagePack
public import UmbralCore

/// Everything that can go wrong in KMSPolicy, each case saying what was wrong with the input.
///
/// KMSPolicy throws only this type (typed throws), so callers can switch over every failure.
/// The header cases print the same text as nucypher-core 0.16's `DeserializationError`, so a
/// rejection can be compared line for line with what the Python or Rust reference reports.
public enum KMSPolicyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Fewer than the 8 header bytes were supplied; `actual` is how many there were.
    case headerTooShort(actual: Int)

    /// A header was built from a brand that is not exactly 4 bytes long.
    case invalidBrandLength(actual: Int)

    /// The brand names a different object than the one being parsed.
    case wrongBrand(expected: [UInt8], actual: [UInt8])

    /// The major version differs from the supported one, in either direction: a major
    /// change means an incompatible body layout, so older objects are refused as well.
    case majorVersionMismatch(expected: UInt16, actual: UInt16)

    /// The minor version is newer than the newest one this implementation understands.
    case unsupportedMinorVersion(supported: UInt16, actual: UInt16)

    // MARK: - Node-facing objects (ReencryptionRequest/Response, RetrievalKit, RevocationOrder,
    // NodeMetadata, FleetStateChecksum, MetadataRequest/Response)

    /// The MessagePack body of `object` is not exactly one canonical value of the object's shape:
    /// malformed or non-canonical MessagePack, bytes after the value (which the reference
    /// ignores), a wrong field count or type, a fixed-size byte string of the wrong length, or an
    /// integer too large for its field.
    case malformedBody(object: String, MessagePackError)

    /// The Umbral value in `field` of `object` (a capsule, cFrag, public key or signature) is
    /// invalid; the wrapped error says how.
    case invalidUmbralValue(object: String, field: String, UmbralError)

    /// The address list of `object` is not strictly ascending at position `index`. The reference
    /// keeps it as a sorted set and would silently re-sort and de-duplicate it, so such bytes
    /// could not round-trip; they are refused instead.
    case addressesNotStrictlyAscending(object: String, index: Int)

    /// A node's 96-byte ferveo public key is not a well-formed compressed BLS12-381 G2 encoding.
    case invalidFerveoPublicKey(reason: String)

    /// A re-encryption response was checked against `capsules` capsules but carries
    /// `capsuleFrags` cFrags.
    case capsuleCountMismatch(capsules: Int, capsuleFrags: Int)

    /// Ursula's signature on a re-encryption response does not verify with the given key over
    /// the given capsules and the response's cFrags (wrong Ursula, or capsules missing or reordered).
    case invalidReencryptionResponseSignature

    /// The cFrag at `index` of a re-encryption response fails Umbral verification with the given
    /// Alice, policy and Bob keys.
    case invalidCapsuleFrag(index: Int, UmbralError)

    /// Alice's signature on a revocation order does not verify with the given key.
    case invalidRevocationOrderSignature

    /// The signature on a metadata response does not verify with the given key.
    case invalidMetadataResponseSignature

    /// No Ethereum operator address can be recovered from a node's operator signature.
    case operatorAddressRecoveryFailed(UmbralError)

    // MARK: - Policy objects (HRAC, Address, MessageKit, key fragments, treasure maps)

    /// A fixed-size value such as an ``HRAC`` (16 bytes) or an ``Address`` (20 bytes) was built
    /// from `actual` bytes instead of `expected`.
    case invalidLength(object: String, expected: Int, actual: Int)

    /// A text form of an ``Address`` is not `0x` and 40 hex digits, or its mixed case does not
    /// match its EIP-55 checksum; `reason` says which.
    case invalidAddressText(String, reason: String)

    /// A treasure map has, or was asked for, a threshold of `threshold` for `destinations`
    /// kFrags; it needs 1 ≤ threshold ≤ destinations, and threshold ≤ 255 (it travels as a `u8`).
    case invalidThreshold(threshold: Int, destinations: Int)

    /// Umbral encryption for `object` failed (only a failing random source or backend can cause it).
    case encryptionFailed(object: String, UmbralError)

    /// The Umbral ciphertext of `object` does not open: the wrong secret key, a tampered capsule or
    /// ciphertext, or (for re-encrypted data) unsuitable cFrags; the wrapped error says which.
    case decryptionFailed(object: String, UmbralError)

    /// The publisher's signature inside `object` does not verify: it was made by another key, for
    /// another HRAC or recipient, or over different contents.
    case signatureVerificationFailed(object: String)

    /// A one-line explanation; the header texts match nucypher-core's `Display` output.
    public var description: String {
        switch self {
        case let .headerTooShort(actual):
            return "bytestring too short: expected \(ProtocolObjectHeader.encodedCount) bytes, got \(actual)"
        case let .invalidBrandLength(actual):
            return "invalid brand: expected \(ProtocolObjectHeader.brandCount) bytes, got \(actual)"
        case let .wrongBrand(expected, actual):
            return "incorrect header: expected \(expected), got \(actual)"
        case let .majorVersionMismatch(expected, actual):
            return "differing major version: expected \(expected), got \(actual)"
        case let .unsupportedMinorVersion(supported, actual):
            return "unsupported minor version: expected <=\(supported), got \(actual)"
        case let .malformedBody(object, error):
            return "\(object): payload deserialization failed: \(error)"
        case let .invalidUmbralValue(object, field, error):
            return "\(object): invalid \(field): \(error)"
        case let .addressesNotStrictlyAscending(object, index):
            return "\(object): addresses must be strictly ascending, but entry \(index) is not above the one before it"
        case let .invalidFerveoPublicKey(reason):
            return "invalid ferveo public key: \(reason)"
        case let .capsuleCountMismatch(capsules, capsuleFrags):
            return "ReencryptionResponse verification failed: \(capsules) capsule(s) for \(capsuleFrags) cFrag(s)"
        case .invalidReencryptionResponseSignature:
            return "ReencryptionResponse verification failed: Ursula's signature does not verify over these capsules and cFrags"
        case let .invalidCapsuleFrag(index, error):
            return "ReencryptionResponse verification failed: cFrag \(index): \(error)"
        case .invalidRevocationOrderSignature:
            return "RevocationOrder verification failed: the signature does not verify with this key"
        case .invalidMetadataResponseSignature:
            return "MetadataResponse verification failed: the signature does not verify with this key"
        case let .operatorAddressRecoveryFailed(error):
            return "Failed to recover the public key from the signature: \(error)"
        case let .invalidLength(object, expected, actual):
            return "\(object): expected \(expected) bytes, got \(actual)"
        case let .invalidAddressText(text, reason):
            return "invalid address \"\(text)\": \(reason)"
        case let .invalidThreshold(threshold, destinations):
            return "invalid threshold \(threshold) for \(destinations) destination(s): need 1 ≤ threshold ≤ destinations and threshold ≤ 255"
        case let .encryptionFailed(object, error):
            return "\(object): encryption failed: \(error)"
        case let .decryptionFailed(object, error):
            return "\(object): decryption failed: \(error)"
        case let .signatureVerificationFailed(object):
            return "\(object): verification failed: the publisher's signature does not verify"
        }
    }
}
