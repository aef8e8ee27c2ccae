#if LibSecp256k1
internal import CSecp256k1

/// ECDSA through libsecp256k1's recovery module.
///
/// Signing uses `secp256k1_ecdsa_sign_recoverable` with the default nonce function, RFC 6979 over
/// secret key ‖ (prehash mod n), with the 32 hedging bytes as its additional data: the same nonce
/// ``PointECDSA`` derives, so with equal inputs both backends emit equal bytes. libsecp256k1
/// always emits low-S and adjusts the recovery id when it negates s, as umbral-pre does.
/// Verification keeps umbral-pre's policy: a high-S signature is refused, never normalized
/// (`secp256k1_ecdsa_verify` refuses it too; the explicit check documents that).
extension Secp256k1Point {
    /// `secp256k1_ecdsa_sign_recoverable` with the default (RFC 6979) nonce function and
    /// `extraEntropy` as its data; r, s and the recovery id from the compact serialization.
    static func ecdsaSign(prehash: [UInt8], secretKey: Scalar, extraEntropy: [UInt8]) -> ECDSA.RawSignature {
        precondition(prehash.count == 32, "ECDSA signs a 32-byte prehash")
        precondition(extraEntropy.isEmpty || extraEntropy.count == 32, "hedging takes 32 bytes or none")
        precondition(!declassified(secretKey.isZero), "a secret key is never zero")
        var signature = secp256k1_ecdsa_recoverable_signature()
        let signed = prehash.withUnsafeBufferPointer { message in
            extraEntropy.withUnsafeBufferPointer { entropy in
                secretKey.withBigEndianBytes { key in
                    secp256k1_ecdsa_sign_recoverable(
                        context, &signature, message.baseAddress!, key, nil,
                        extraEntropy.isEmpty ? nil : UnsafeRawPointer(entropy.baseAddress))
                }
            }
        }
        // Success is public; libsecp256k1 computes it from the nonce's validity.
        precondition(declassified(signed) == 1, "secp256k1_ecdsa_sign_recoverable failed")
        var compact = [UInt8](repeating: 0, count: 64)
        var recoveryID: Int32 = 0
        let serialized = secp256k1_ecdsa_recoverable_signature_serialize_compact(
            context, &compact, &recoveryID, &signature)
        // The signature and its recovery id are the output: public (ConstantTimeCheck).
        compact = declassified(compact)
        recoveryID = declassified(recoveryID)
        precondition(serialized == 1 && (0..<4).contains(recoveryID))
        return ECDSA.RawSignature(
            r: Scalar.reducing(bigEndianBytes: Array(compact[0..<32])),
            s: Scalar.reducing(bigEndianBytes: Array(compact[32..<64])),
            recoveryID: UInt8(recoveryID))
    }

    /// `secp256k1_ecdsa_verify` of the compact (r, s); high-S is refused, not normalized.
    static func ecdsaVerify(prehash: [UInt8], r: Scalar, s: Scalar, publicKey: Secp256k1Point) -> Bool {
        precondition(prehash.count == 32, "ECDSA verifies a 32-byte prehash")
        guard !r.isZero, !s.isZero, !s.isHigh, var key = publicKey.key else { return false }
        var signature = secp256k1_ecdsa_signature()
        let compact = r.bigEndianBytes + s.bigEndianBytes
        guard secp256k1_ecdsa_signature_parse_compact(context, &signature, compact) == 1 else { return false }
        return secp256k1_ecdsa_verify(context, &signature, prehash, &key) == 1
    }

    /// `secp256k1_ecdsa_recover`, after the checks the Swift implementation makes.
    static func ecdsaRecover(prehash: [UInt8], r: Scalar, s: Scalar, recoveryID: UInt8) -> Secp256k1Point? {
        precondition(prehash.count == 32, "ECDSA recovers from a 32-byte prehash")
        // The same preconditions as the Swift implementation, whose recovered key must also pass
        // verification (and so be low-S); libsecp256k1 would recover from a high-S signature.
        guard !r.isZero, !s.isZero, !s.isHigh, recoveryID < 4 else { return nil }
        var signature = secp256k1_ecdsa_recoverable_signature()
        let compact = r.bigEndianBytes + s.bigEndianBytes
        guard secp256k1_ecdsa_recoverable_signature_parse_compact(context, &signature, compact, Int32(recoveryID)) == 1
        else { return nil }
        var key = secp256k1_pubkey()
        guard secp256k1_ecdsa_recover(context, &key, &signature, prehash) == 1 else { return nil }
        return Secp256k1Point(key)
    }
}
#endif
