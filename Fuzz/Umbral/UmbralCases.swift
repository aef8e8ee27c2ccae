import FuzzSupport
import UmbralCore

/// Every UmbralCore type that parses bytes, with the property each must keep.
///
/// Every encoding UmbralCore accepts is canonical (its documentation promises exactly one
/// encoding per value), so each parse that succeeds must re-serialise to its input. Objects that
/// can be checked against the fixed ``UmbralWorld`` are checked too, which must never trap.
let umbralCases = FuzzCases([
    FuzzCase("PublicKey", seeds: { $0.count == 33 }) { bytes in
        guard let key = try? PublicKey(compressedBytes: bytes) else { return }
        check(key.compressedBytes == bytes, "PublicKey does not re-encode to its input")
        check(key.uncompressedBytes.count == 65, "PublicKey's uncompressed form is not 65 bytes")
    },
    FuzzCase("SecretKey", seeds: { $0.count == 32 }) { bytes in
        guard let key = try? SecretKey(bigEndianBytes: bytes) else { return }
        check(key.bigEndianBytes == bytes, "SecretKey does not re-encode to its input")
        check((try? PublicKey(compressedBytes: key.publicKey.compressedBytes)) == key.publicKey,
              "a secret key's public key does not parse back")
    },
    FuzzCase("SecretKeyFactory", seeds: { $0.count == 32 }) { bytes in
        let factory = try? SecretKeyFactory(seed: bytes)
        check((factory != nil) == (bytes.count == SecretKeyFactory.seedSize), "a seed was judged by more than length")
        guard let factory else { return }
        let label = Array(bytes.prefix(4))
        check(factory.makeKey(label: label).bigEndianBytes == factory.makeKey(label: label).bigEndianBytes,
              "SecretKeyFactory is not deterministic")
        check(factory.makeSecret(label: label).count == 64, "makeSecret did not give 64 bytes")
    },
    FuzzCase("Signature", seeds: { $0.count == 64 }) { bytes in
        guard let signature = try? Signature(bytes: bytes) else { return }
        check(signature.bytes == bytes, "Signature does not re-encode to its input")
        check((try? Signature(derBytes: signature.derBytes)) == signature, "a signature's DER form does not parse back")
        _ = signature.verify(bytes, with: UmbralWorld.shared.signer.verifyingKey)
    },
    FuzzCase("SignatureDER", seeds: { $0.count >= 8 && $0.count <= 80 && $0.first == 0x30 }) { bytes in
        guard let signature = try? Signature(derBytes: bytes) else { return }
        check(signature.derBytes == bytes, "a DER signature does not re-encode to its input")
        check((try? Signature(bytes: signature.bytes)) == signature, "a DER signature's raw form does not parse back")
    },
    FuzzCase("RecoverableSignature", seeds: { $0.count == 65 }) { bytes in
        guard let signature = try? RecoverableSignature(bytes: bytes) else { return }
        check(signature.bytes == bytes, "RecoverableSignature does not re-encode to its input")
        // Recovery over the signature's own r as a prehash: any outcome but a trap is fine.
        _ = try? signature.recoverPublicKey(prehash: Array(bytes[0..<32]))
        _ = try? signature.recoverPublicKey(prehash: Array(bytes[0..<16]))
    },
    FuzzCase("Capsule", seeds: { $0.count == 105 }) { bytes in
        guard let capsule = try? Capsule(messagePackBytes: bytes) else { return }
        check(capsule.messagePackBytes == bytes, "Capsule does not re-encode to its input")
        check(capsule.simpleBytes.count == 98, "a capsule's simple form is not 98 bytes")
        let world = UmbralWorld.shared
        _ = try? Umbral.decryptOriginal(world.ciphertext, capsule: capsule, secretKey: world.delegating)
    },
    FuzzCase("KeyFrag", seeds: { $0.count == 310 }) { bytes in
        guard let keyFrag = try? KeyFrag(messagePackBytes: bytes) else { return }
        check(keyFrag.messagePackBytes == bytes, "KeyFrag does not re-encode to its input")
        let world = UmbralWorld.shared
        if let verified = try? keyFrag.verify(
            verifyingKey: world.signer.verifyingKey, delegatingKey: world.delegating.publicKey,
            receivingKey: world.receiving.publicKey)
        {
            var rng = FuzzRNG(seed: 1)
            _ = Umbral.reencrypt(world.capsule, with: verified, using: &rng)
        }
    },
    FuzzCase("CapsuleFrag", seeds: { $0.count == 381 }) { bytes in
        guard let capsuleFrag = try? CapsuleFrag(messagePackBytes: bytes) else { return }
        check(capsuleFrag.messagePackBytes == bytes, "CapsuleFrag does not re-encode to its input")
        let world = UmbralWorld.shared
        guard let verified = try? capsuleFrag.verify(
            capsule: world.capsule, verifyingKey: world.signer.verifyingKey,
            delegatingKey: world.delegating.publicKey, receivingKey: world.receiving.publicKey)
        else { return }
        _ = try? Umbral.decryptReencrypted(
            world.ciphertext, capsule: world.capsule, capsuleFrags: [verified], receivingKey: world.receiving,
            delegatingKey: world.delegating.publicKey)
        _ = try? ReencryptionEvidence(
            capsule: world.capsule, capsuleFrag: verified, verifyingKey: world.signer.verifyingKey,
            delegatingKey: world.delegating.publicKey, receivingKey: world.receiving.publicKey)
    },
    FuzzCase("ReencryptionEvidence", seeds: { $0.count == 528 }) { bytes in
        guard let evidence = try? ReencryptionEvidence(messagePackBytes: bytes) else { return }
        check(evidence.messagePackBytes == bytes, "ReencryptionEvidence does not re-encode to its input")
        check(evidence.e.count == 33 && evidence.u2.count == 33, "an evidence point is not 33 bytes")
    },
    FuzzCase("PassphraseSeal", seeds: { $0.starts(with: PassphraseSeal.magic) }) { bytes in
        guard let parameters = try? PassphraseSeal.parameters(of: bytes) else { return }
        // Opening runs scrypt at the sealed cost; fuzz only cheap costs so each run stays fast.
        guard parameters.n * UInt64(parameters.r) * UInt64(parameters.p) <= 1 << 10 else { return }
        _ = try? PassphraseSeal.open(bytes, passphrase: UmbralWorld.passphrase)
    },
    FuzzCase("Ciphertext", seeds: { _ in false }) { bytes in
        let world = UmbralWorld.shared
        _ = try? Umbral.decryptOriginal(bytes, capsule: world.capsule, secretKey: world.delegating)
        _ = try? Umbral.decryptReencrypted(
            bytes, capsule: world.capsule, capsuleFrags: [world.capsuleFrag], receivingKey: world.receiving,
            delegatingKey: world.delegating.publicKey)
    },
])

/// Valid objects for the fixed world, seeded in addition to the vectors.
func umbralWorldSeeds() -> [(String, [UInt8])] {
    let world = UmbralWorld.shared
    return [
        ("PublicKey", world.signer.verifyingKey.compressedBytes),
        ("SecretKey", world.receiving.bigEndianBytes),
        ("Signature", world.signer.sign(Array("seed".utf8)).bytes),
        ("SignatureDER", world.signer.sign(Array("seed".utf8)).derBytes),
        ("Capsule", world.capsule.messagePackBytes),
        ("KeyFrag", world.keyFrag.messagePackBytes),
        ("CapsuleFrag", world.capsuleFrag.messagePackBytes),
        ("ReencryptionEvidence", world.evidence.messagePackBytes),
        ("PassphraseSeal", world.seal),
        ("Ciphertext", world.ciphertext),
    ]
}
