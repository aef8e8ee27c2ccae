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

    // MARK: Characters (Alice, Bob, Ursula, Enrico and their seams)

    /// The transport has never heard of an Ursula with this staking-provider address.
    case unknownUrsula(Address)

    /// The Ursula at this address could not be reached; `reason` says how the transport failed.
    case ursulaUnreachable(Address, reason: String)

    /// Alice chose an Ursula whose staking provider has no stake on the ledger.
    case ursulaNotStaked(Address)

    /// Alice asked for `needed` Ursulas but only `available` staked ones are known.
    case notEnoughUrsulas(needed: Int, available: Int)

    /// Alice named `ursulas` Ursulas for a policy of `shares` kFrags; there must be one per kFrag.
    case ursulaCountMismatch(shares: Int, ursulas: Int)

    /// Alice named the same Ursula twice for one policy.
    case duplicateUrsula(Address)

    /// The ledger already holds a policy with this HRAC (the same Alice, Bob and label).
    case policyAlreadyExists(HRAC)

    /// A policy was to be created with an expiration that is not after the ledger's current time.
    case expirationNotInFuture(expiration: UnixTime, now: UnixTime)

    /// The ledger holds no policy with this HRAC: it was never granted or never paid for.
    case policyNotFound(HRAC)

    /// The policy was revoked on the ledger.
    case policyRevoked(HRAC)

    /// The policy expired at `expiration`; the Ursula's clock says `now`.
    case policyExpired(HRAC, expiration: UnixTime, now: UnixTime)

    /// The publisher key in the request is not the one that paid for the policy.
    case publisherMismatch(HRAC)

    /// Someone other than the policy's owner asked the ledger to revoke it.
    case notPolicyOwner(HRAC, caller: Address)

    /// Alice revoked this kFrag at the Ursula at this address, who therefore refuses to use it.
    case keyFragRevoked(Address)

    /// The encrypted kFrag in a request or revocation was not sealed to the Ursula at this address.
    case keyFragNotForThisUrsula(Address)

    /// The Ursula at `ursula` accepted no arrangement for the policy `hrac`, so she serves none of it.
    case arrangementNotFound(HRAC, ursula: Address)

    /// The kFrag in a request is not the one the Ursula accepted in the policy's arrangement.
    case keyFragNotArranged(HRAC)

    /// A different arrangement was already accepted for this HRAC.
    case conflictingArrangement(HRAC)

    /// An Ursula's storage could not keep or read something; `reason` says what failed.
    case storageFailed(String)

    /// The Ursula at this address, reached over the network, refused with the error named
    /// `error` (a case name of this type, or of the network layer) and explained by `message`.
    case ursulaRefused(Address, error: String, message: String)

    /// The treasure map for this HRAC could not be published; `reason` says why.
    case publicationFailed(HRAC, reason: String)

    /// A revocation order for the Ursula at `addressedTo` reached the Ursula at `receivedBy`.
    case misaddressedRevocation(addressedTo: Address, receivedBy: Address)

    /// Nothing was published for this HRAC.
    case treasureMapNotFound(HRAC)

    /// The treasure map Bob opened is for another policy: its HRAC is `actual`, not `expected`.
    case treasureMapForAnotherPolicy(expected: HRAC, actual: HRAC)

    /// The treasure map names a publisher key other than the one that signed it.
    case treasureMapPublisherMismatch

    /// Bob was asked to retrieve nothing: no message kits or capsules.
    case nothingToRetrieve

    /// Fewer than `threshold` Ursulas answered honestly (`honest` did); `faults` names every
    /// Ursula that was asked and could not be used, and why.
    case notEnoughHonestUrsulas(threshold: Int, honest: Int, faults: [UrsulaFault])

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

        // MARK: Characters
        case let .unknownUrsula(address):
            return "no Ursula is known at \(address)"
        case let .ursulaUnreachable(address, reason):
            return "the Ursula at \(address) cannot be reached: \(reason)"
        case let .ursulaNotStaked(address):
            return "the Ursula at \(address) is not staked"
        case let .notEnoughUrsulas(needed, available):
            return "\(needed) staked Ursula(s) needed, but only \(available) known"
        case let .ursulaCountMismatch(shares, ursulas):
            return "a policy of \(shares) kFrag(s) needs \(shares) Ursula(s), but \(ursulas) were named"
        case let .duplicateUrsula(address):
            return "the Ursula at \(address) was named twice for one policy"
        case let .policyAlreadyExists(hrac):
            return "policy \(hrac) already exists on the ledger"
        case let .expirationNotInFuture(expiration, now):
            return "a policy expiring at \(expiration) would never be active (now \(now))"
        case let .policyNotFound(hrac):
            return "policy \(hrac) is not on the ledger (never granted or not paid for)"
        case let .policyRevoked(hrac):
            return "policy \(hrac) was revoked"
        case let .policyExpired(hrac, expiration, now):
            return "policy \(hrac) expired at \(expiration) (now \(now))"
        case let .publisherMismatch(hrac):
            return "policy \(hrac) was not paid for by this publisher"
        case let .notPolicyOwner(hrac, caller):
            return "\(caller) does not own policy \(hrac)"
        case let .keyFragRevoked(address):
            return "the kFrag held by \(address) was revoked"
        case let .arrangementNotFound(hrac, ursula):
            return "the Ursula at \(ursula) accepted no arrangement for the policy \(hrac)"
        case let .keyFragNotArranged(hrac):
            return "the kFrag in the request is not the one arranged for the policy \(hrac)"
        case let .conflictingArrangement(hrac):
            return "another arrangement was already accepted for the policy \(hrac)"
        case let .storageFailed(reason):
            return "Ursula's storage failed: \(reason)"
        case let .ursulaRefused(address, error, message):
            return "the Ursula at \(address) refused (\(error)): \(message)"
        case let .publicationFailed(hrac, reason):
            return "the treasure map of the policy \(hrac) could not be published: \(reason)"
        case let .keyFragNotForThisUrsula(address):
            return "the encrypted kFrag was not sealed to the Ursula at \(address)"
        case let .misaddressedRevocation(addressedTo, receivedBy):
            return "a revocation order for \(addressedTo) reached \(receivedBy)"
        case let .treasureMapNotFound(hrac):
            return "no treasure map was published for policy \(hrac)"
        case let .treasureMapForAnotherPolicy(expected, actual):
            return "the treasure map is for policy \(actual), not \(expected)"
        case .treasureMapPublisherMismatch:
            return "the treasure map names a publisher other than the one that signed it"
        case .nothingToRetrieve:
            return "nothing to retrieve: no message kits or capsules were given"
        case let .notEnoughHonestUrsulas(threshold, honest, faults):
            let named = faults.isEmpty ? "no Ursula left to ask" : faults.map(\.description).joined(separator: "; ")
            return "\(honest) of the \(threshold) Ursula(s) needed answered honestly: \(named)"
        }
    }
}
