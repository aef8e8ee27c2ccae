/// Everything that can go wrong in UmbralCore, each case saying what was wrong with the input.
///
/// UmbralCore throws only this type (typed throws), so callers can switch over every failure.
/// No case ever carries secret material: values that appear in a case are lengths, field names,
/// or public bytes.
public enum UmbralError: Error, Hashable, Sendable {
    // MARK: Encodings

    /// A byte string had the wrong length. `field` names what was being read.
    case invalidLength(field: String, expected: String, actual: Int)
    /// A scalar was not below the curve order n.
    case scalarOutOfRange(field: String)
    /// A secret key or nonce was zero.
    case zeroScalar(field: String)
    /// A 33-byte point did not start with `02` or `03`: the compact (`05`) form and hybrid or
    /// uncompressed prefixes are refused. Other lengths, including the 1-byte identity `00` and
    /// the 65-byte uncompressed form, fail with ``invalidLength(field:expected:actual:)`` when a
    /// key is parsed, and with ``unexpectedStructure(type:reason:)`` inside a MessagePack object.
    case invalidPointEncoding(field: String, reason: String)
    /// The x coordinate of a compressed point is not on secp256k1 (or is not below p).
    case pointNotOnCurve(field: String)
    /// The MessagePack bytes were malformed or non-canonical.
    case malformedMessagePack(String)
    /// The MessagePack value did not have the shape of the expected object.
    case unexpectedStructure(type: String, reason: String)
    /// Extra bytes followed a complete object.
    case trailingBytes(type: String, count: Int)
    /// A DER-encoded signature was malformed or not minimally encoded.
    case invalidDER(String)

    // MARK: Signatures

    /// A signature component r or s was zero or not below n.
    case invalidSignatureComponent(String)
    /// A signature had s > n/2. UmbralCore only emits and accepts low-S signatures.
    case highSSignature
    /// A recoverable signature had a recovery byte other than 0...3.
    case invalidRecoveryByte(UInt8)
    /// A prehash was shorter than 16 bytes.
    case prehashTooShort(Int)
    /// No public key could be recovered from a recoverable signature.
    case recoveryFailed
    /// The recovery id of a kFrag signature could not be found for the given verifying key.
    case recoveryIDNotFound

    // MARK: Key derivation and generation

    /// A key-factory seed was not 32 bytes.
    case invalidSeedLength(Int)
    /// Threshold and shares must satisfy 1 ≤ threshold ≤ shares.
    case invalidThreshold(threshold: Int, shares: Int)

    // MARK: Verification

    /// A capsule's (E, V, s) did not satisfy s·G = V + h·E.
    case capsuleSelfVerificationFailed
    /// A kFrag's commitment did not equal key·U.
    case invalidKeyFragCommitment
    /// The kFrag signs the delegating key, but no delegating key was given to check it.
    case delegatingKeyNotProvided
    /// The kFrag signs the receiving key, but no receiving key was given to check it.
    case receivingKeyNotProvided
    /// The kFrag's signature for the proxy did not verify.
    case invalidKeyFragSignature
    /// A cFrag's kFrag signature did not verify for these keys.
    case invalidCapsuleFragSignature
    /// A cFrag's proof of correct re-encryption did not verify.
    case invalidReencryptionProof

    // MARK: Decryption

    /// A ciphertext was shorter than the 24-byte nonce.
    case ciphertextTooShort(Int)
    /// Authenticated decryption failed: tampered ciphertext, wrong key or wrong capsule.
    case decryptionFailed
    /// No cFrags were given to decrypt with.
    case noCapsuleFrags
    /// The cFrags come from different kFrag batches (their precursors differ).
    case mismatchedCapsuleFrags
    /// Two cFrags came from the same kFrag.
    case repeatingCapsuleFrags
    /// The cFrags did not combine to the capsule's key: too few of them, or the wrong keys or capsule.
    case reencryptedValidationFailed

    // MARK: Passphrase seals

    /// A sealed secret did not open: the passphrase is wrong, or the sealed bytes (or the
    /// associated data given to open them) were altered. The two cannot be told apart.
    case incorrectPassphrase
    /// Bytes given to ``PassphraseSeal/open(_:passphrase:associatedData:)`` are not a passphrase
    /// seal this version reads: wrong magic, unknown version, truncated, or out-of-range scrypt
    /// parameters.
    case malformedPassphraseSeal(String)
    /// scrypt parameters outside the range ``ScryptParameters`` accepts.
    case invalidScryptParameters(String)

    // MARK: Environment

    /// The system random number generator or the OpenSSL backend failed.
    case backendFailure(String)
}

extension UmbralError: CustomStringConvertible {
    /// A one-line, human-readable explanation.
    public var description: String {
        switch self {
        case .invalidLength(let field, let expected, let actual):
            return "\(field): expected \(expected) bytes, got \(actual)"
        case .scalarOutOfRange(let field):
            return "\(field): scalar is not below the curve order"
        case .zeroScalar(let field):
            return "\(field): scalar must not be zero"
        case .invalidPointEncoding(let field, let reason):
            return "\(field): invalid point encoding (\(reason))"
        case .pointNotOnCurve(let field):
            return "\(field): point is not on secp256k1"
        case .malformedMessagePack(let reason):
            return "malformed MessagePack: \(reason)"
        case .unexpectedStructure(let type, let reason):
            return "\(type): \(reason)"
        case .trailingBytes(let type, let count):
            return "\(type): \(count) trailing byte(s) after the object"
        case .invalidDER(let reason):
            return "invalid DER signature: \(reason)"
        case .invalidSignatureComponent(let reason):
            return "invalid signature: \(reason)"
        case .highSSignature:
            return "signature has a high S value; only low-S signatures are accepted"
        case .invalidRecoveryByte(let byte):
            return "invalid recovery byte \(byte); expected 0...3"
        case .prehashTooShort(let count):
            return "prehash must be at least 16 bytes, got \(count)"
        case .recoveryFailed:
            return "no public key can be recovered from this signature"
        case .recoveryIDNotFound:
            return "could not find the recovery id of the kFrag signature: mismatched verifying key?"
        case .invalidSeedLength(let count):
            return "key factory seed must be 32 bytes, got \(count)"
        case .invalidThreshold(let threshold, let shares):
            return "invalid threshold \(threshold) of \(shares) shares; need 1 ≤ threshold ≤ shares"
        case .capsuleSelfVerificationFailed:
            return "capsule self-verification failed"
        case .invalidKeyFragCommitment:
            return "invalid kFrag commitment"
        case .delegatingKeyNotProvided:
            return "the kFrag signs the delegating key, but no delegating key was provided"
        case .receivingKeyNotProvided:
            return "the kFrag signs the receiving key, but no receiving key was provided"
        case .invalidKeyFragSignature:
            return "the kFrag signature does not verify"
        case .invalidCapsuleFragSignature:
            return "the cFrag's kFrag signature does not verify"
        case .invalidReencryptionProof:
            return "the cFrag's proof of re-encryption does not verify"
        case .ciphertextTooShort(let count):
            return "ciphertext of \(count) bytes is too short to hold the 24-byte nonce"
        case .decryptionFailed:
            return "decryption failed: the ciphertext was tampered with, or the key or capsule is wrong"
        case .noCapsuleFrags:
            return "no cFrags were given"
        case .mismatchedCapsuleFrags:
            return "the cFrags are not pairwise consistent (different precursors)"
        case .repeatingCapsuleFrags:
            return "some of the cFrags are repeated"
        case .reencryptedValidationFailed:
            return "the cFrags do not open this capsule: too few of them, or the wrong keys or capsule"
        case .incorrectPassphrase:
            return "the passphrase is wrong, or the sealed secret was altered"
        case .malformedPassphraseSeal(let reason):
            return "not a readable passphrase seal: \(reason)"
        case .invalidScryptParameters(let reason):
            return "invalid scrypt parameters: \(reason)"
        case .backendFailure(let reason):
            return "cryptographic backend failure: \(reason)"
        }
    }
}
