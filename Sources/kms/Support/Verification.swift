import UmbralCore

/// UmbralCore's checks, with failures turned into ``CommandError``s that name the file checked.
enum Verification {
    /// Verifies a kFrag read from `file`. A key the kFrag signs but the command line omits is a
    /// usage error naming the missing option; any other failure is a verification failure.
    static func keyFrag(
        _ keyFrag: KeyFrag, from file: FileOption, verifyingKey: PublicKey,
        delegatingKey: PublicKey?, receivingKey: PublicKey?
    ) throws(CommandError) -> VerifiedKeyFrag {
        do {
            return try keyFrag.verify(
                verifyingKey: verifyingKey, delegatingKey: delegatingKey, receivingKey: receivingKey)
        } catch .delegatingKeyNotProvided {
            throw .usage("\(file): \(UmbralError.delegatingKeyNotProvided); pass --delegating-public-key")
        } catch .receivingKeyNotProvided {
            throw .usage("\(file): \(UmbralError.receivingKeyNotProvided); pass --receiving-public-key")
        } catch {
            throw .verificationFailed("\(file): kFrag verification failed: \(error)")
        }
    }

    /// Verifies a cFrag read from `file` against the capsule and all three public keys.
    static func capsuleFrag(
        _ capsuleFrag: CapsuleFrag, from file: FileOption, capsule: Capsule, verifyingKey: PublicKey,
        delegatingKey: PublicKey, receivingKey: PublicKey
    ) throws(CommandError) -> VerifiedCapsuleFrag {
        do {
            return try capsuleFrag.verify(
                capsule: capsule, verifyingKey: verifyingKey, delegatingKey: delegatingKey,
                receivingKey: receivingKey)
        } catch {
            throw .verificationFailed("\(file): cFrag verification failed: \(error)")
        }
    }

    /// Classifies a decryption error: a ciphertext too short to be one, or a set of cFrags that
    /// cannot be combined, is bad input; anything else means the inputs do not belong together.
    static func decryptionError(_ error: UmbralError, ciphertext: FileOption) -> CommandError {
        switch error {
        case .ciphertextTooShort:
            .invalidInput("\(ciphertext): \(error)")
        case .noCapsuleFrags, .mismatchedCapsuleFrags, .repeatingCapsuleFrags:
            .invalidInput("--cfrag: \(error)")
        default:
            .verificationFailed("\(error)")
        }
    }
}
