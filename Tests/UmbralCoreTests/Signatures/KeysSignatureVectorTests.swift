// Known-answer tests from shared/vectors/umbral/umbral_vectors.json: secret → public keys,
// digest-to-scalar, SecretKeyFactory derivations and the ECDSA signature vectors.

import Foundation
import Testing
@testable import UmbralCore

private enum UmbralVectors {
    static func load() throws -> Any {
        try TestVectors.loadSharedJSON("vectors/umbral/umbral_vectors.json")
    }

    static func list(_ keyPath: String, in root: Any) throws -> [[String: Any]] {
        try #require(try TestVectors.value(at: keyPath, in: root) as? [[String: Any]], "\(keyPath) is not a list")
    }

    static func hex(_ key: String, in entry: [String: Any]) throws -> [UInt8] {
        let text = try #require(entry[key] as? String, "missing hex field \(key)")
        return try [UInt8](hex: text)
    }
}

@Suite("Keys: secret → public keys, digest to scalar and SecretKeyFactory vectors")
struct KeysVectorTests {
    @Test("Each secret key gives the compressed and uncompressed public key of the vectors")
    func secretToPublic() throws {
        let root = try UmbralVectors.load()
        let cases = try UmbralVectors.list("scalars_and_keys/secret_keys", in: root)
        #expect(cases.count == 5)
        var checked = 0
        for entry in cases {
            let skBytes = try UmbralVectors.hex("sk_be", in: entry)
            let key = try SecretKey(bigEndianBytes: skBytes)
            #expect(key.bigEndianBytes == skBytes)
            let publicKey = key.publicKey
            #expect(publicKey.compressedBytes == (try UmbralVectors.hex("pk_compressed", in: entry)))
            let uncompressed = try UmbralVectors.hex("pk_uncompressed", in: entry)
            let coordinates = try #require(publicKey.point.affineCoordinates)
            #expect([0x04] + coordinates.x + coordinates.y == uncompressed)
            // And back: the compressed form parses to the same key.
            #expect(try PublicKey(compressedBytes: publicKey.compressedBytes) == publicKey)
            checked += 1
        }
        #expect(checked == 5)
    }

    @Test("Scalar.fromDigest is (d mod (n − 1)) + 1 on the edge cases")
    func digestToScalar() throws {
        let root = try UmbralVectors.load()
        let cases = try UmbralVectors.list("scalars_and_keys/digest_to_scalar", in: root)
        #expect(cases.count == 6)
        var checked = 0
        for entry in cases {
            let digest = try UmbralVectors.hex("digest", in: entry)
            let expected = try UmbralVectors.hex("scalar", in: entry)
            #expect(Scalar.fromDigest(digest).bigEndianBytes == expected, "digest \(digest.hexString)")
            checked += 1
        }
        #expect(checked == 6)
    }

    @Test("makeKey, makeSecret and makeFactory reproduce the key_derivation vectors")
    func keyDerivation() throws {
        let root = try UmbralVectors.load()
        let seed = try TestVectors.bytes(at: "key_derivation/seed", in: root)
        let factory = try SecretKeyFactory(seed: seed)
        var checked = 0

        let makeKey = try UmbralVectors.list("key_derivation/make_key", in: root)
        #expect(makeKey.count == 3)
        for entry in makeKey {
            let label = try UmbralVectors.hex("label", in: entry)
            let info = try UmbralVectors.hex("info", in: entry)
            #expect(info == Array("KEY_DERIVATION/".utf8) + label)
            // The intermediate values: HKDF output, then the DST-prefixed hash input.
            let okm = HKDF.deriveKey(inputKeyMaterial: seed, salt: nil, info: info, outputByteCount: 64)
                .withUnsafeBytes { Array($0) }
            #expect(okm == (try UmbralVectors.hex("hkdf_okm_64", in: entry)))
            let hashInput = try UmbralVectors.hex("sha256_input", in: entry)
            let infoLength = UInt32(info.count)
            #expect(hashInput == withUnsafeBytes(of: infoLength.bigEndian, Array.init) + info + okm)
            let sk = try UmbralVectors.hex("sk_be", in: entry)
            #expect(Scalar.fromDigest(SHA256.hash(hashInput)).bigEndianBytes == sk)
            // The public API.
            let key = factory.makeKey(label: label)
            #expect(key.bigEndianBytes == sk)
            #expect(key.publicKey.compressedBytes == (try UmbralVectors.hex("pk_compressed", in: entry)))
            checked += 1
        }

        let makeSecret = try UmbralVectors.list("key_derivation/make_secret", in: root)
        #expect(makeSecret.count == 3)
        for entry in makeSecret {
            let label = try UmbralVectors.hex("label", in: entry)
            #expect(try UmbralVectors.hex("info", in: entry) == Array("SECRET_DERIVATION/".utf8) + label)
            #expect(factory.makeSecret(label: label) == (try UmbralVectors.hex("secret_64", in: entry)))
            checked += 1
        }

        let makeFactory = try UmbralVectors.list("key_derivation/make_factory", in: root)
        #expect(makeFactory.count == 3)
        for entry in makeFactory {
            let label = try UmbralVectors.hex("label", in: entry)
            let info = try UmbralVectors.hex("info", in: entry)
            #expect(info == Array("FACTORY_DERIVATION/".utf8) + label)
            let childSeed = try UmbralVectors.hex("child_seed_32", in: entry)
            let derivedSeed = HKDF.deriveKey(inputKeyMaterial: seed, salt: nil, info: info, outputByteCount: 32)
                .withUnsafeBytes { Array($0) }
            #expect(derivedSeed == childSeed)
            // The vector's child key is child.make_key(b"child").
            let childKey = try UmbralVectors.hex("child_make_key_child_sk_be", in: entry)
            let child = factory.makeFactory(label: label)
            #expect(child.makeKey(label: Array("child".utf8)).bigEndianBytes == childKey)
            #expect(try SecretKeyFactory(seed: childSeed).makeKey(label: Array("child".utf8)).bigEndianBytes == childKey)
            checked += 1
        }
        #expect(checked == 9)
    }

    @Test("The spec's make_key example: seed 00…1f, label foo gives 00a702…0209")
    func specMakeKeyExample() throws {
        let factory = try SecretKeyFactory(seed: Array(0..<32))
        #expect(factory.makeKey(label: Array("foo".utf8)).bigEndianBytes.hexString
            == "00a702f986353cc7889c869ef8dd9dc5d7c21e993516c46b3bb263a42a820209")
    }

    @Test("A factory seed must be exactly 32 bytes", arguments: [0, 16, 31, 33, 64])
    func factorySeedLength(_ count: Int) {
        #expect(throws: UmbralError.invalidSeedLength(count)) {
            try SecretKeyFactory(seed: [UInt8](repeating: 7, count: count))
        }
    }
}

@Suite("Signature vectors: RFC 6979 low-S, DER, recoverable, high-S twin, library signature")
struct SignatureVectorTests {
    @Test("Every signatures case matches, round-trips and verifies; the high-S twin is refused")
    func signatureCases() throws {
        let root = try UmbralVectors.load()
        let sk = try SecretKey(bigEndianBytes: try TestVectors.bytes(at: "signatures/signer_sk_be", in: root))
        let verifyingKey = try PublicKey(compressedBytes: try TestVectors.bytes(at: "signatures/verifying_pk", in: root))
        #expect(sk.publicKey == verifyingKey)
        #expect(Signer(sk).verifyingKey == verifyingKey)

        let cases = try UmbralVectors.list("signatures/cases", in: root)
        #expect(cases.count == 3)
        var checked = 0
        for entry in cases {
            let message = try UmbralVectors.hex("message", in: entry)
            let prehash = SHA256.hash(message)
            #expect(prehash == (try UmbralVectors.hex("prehash_sha256", in: entry)))

            // Plain RFC 6979 (no extra entropy) with low-S normalization.
            let raw = ECDSA.sign(prehash: prehash, secretKey: sk.scalar, extraEntropy: [])
            let signature = Signature(raw)
            let expected = try UmbralVectors.hex("signature_rfc6979_lowS_be", in: entry)
            #expect(signature.bytes == expected)
            #expect(try Signature(bytes: expected) == signature)
            #expect(signature.verify(message, with: verifyingKey))

            let der = try UmbralVectors.hex("signature_der", in: entry)
            #expect(signature.derBytes == der)
            #expect(try Signature(derBytes: der) == signature)

            let recoverable = try UmbralVectors.hex("recoverable_be", in: entry)
            #expect(recoverable.prefix(64) == expected[...])
            #expect(raw.recoveryID == recoverable[64])
            let parsedRecoverable = try RecoverableSignature(bytes: recoverable)
            #expect(parsedRecoverable.bytes == recoverable)
            #expect(try parsedRecoverable.recoverPublicKey(prehash: prehash) == verifyingKey)

            let highS = try UmbralVectors.hex("high_s_variant_be", in: entry)
            #expect(CurveTestSupport.isHigh(Array(highS[32..<64])))
            #expect(highS.prefix(32) == expected.prefix(32))
            #expect(entry["high_s_variant_verifies_in_umbral_pre"] as? Bool == true)
            // Project rule (spec §3.4): refused although umbral-pre 0.11 accepts it.
            #expect(throws: UmbralError.highSSignature) { try Signature(bytes: highS) }
            #expect(throws: UmbralError.highSSignature) { try RecoverableSignature(bytes: highS + [recoverable[64] ^ 1]) }
            let highSDER = DERSignature.encode(r: Array(highS[0..<32]), s: Array(highS[32..<64]))
            #expect(throws: UmbralError.highSSignature) { try Signature(derBytes: highSDER) }

            let library = try Signature(bytes: try UmbralVectors.hex("library_signature_be_random", in: entry))
            #expect(library.verify(message, with: verifyingKey))
            #expect(!library.verify(message + [0x00], with: verifyingKey))
            #expect(!library.verify(message, with: SecretKey.random().publicKey))
            checked += 1
        }
        #expect(checked == 3)
    }
}
