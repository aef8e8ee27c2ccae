import KMSPolicy
import Testing
import UmbralCore

@Suite("EncryptedKeyFrag")
struct EncryptedKeyFragTests {
    @Test("The standalone vector parses, re-encodes, and ursula0 opens it to kFrag 0")
    func standaloneVector() throws {
        let vectors = try PREObjectVectors.main()
        let bytes = try PREObjectVectors.bytes(vectors, "encrypted_kfrag_standalone.bytes")
        #expect(bytes.count == 542)
        let encrypted = try EncryptedKeyFrag(bytes: bytes)
        #expect(encrypted.bytes == bytes)
        #expect(encrypted.messagePackBytes == Array(bytes.dropFirst(8)))
        #expect(try EncryptedKeyFrag(messagePackBytes: encrypted.messagePackBytes) == encrypted)
        #expect(encrypted.ciphertext.count == 425)

        let keyFrag = try encrypted.decrypt(
            secretKey: PREObjectVectors.secretKey(vectors, "ursula0/encrypting"),
            hrac: HRAC(bytes: PREObjectVectors.bytes(vectors, "encrypted_kfrag_standalone.inputs.hrac")),
            publisherVerifyingKey: PREObjectVectors.publicKey(vectors, "alice/signing"))
        #expect(keyFrag.messagePackBytes == (try PREObjectVectors.bytes(vectors, "encrypted_kfrag_standalone.inputs.kfrag")))
    }

    @Test("Each Ursula opens her kFrag from the treasure map; the plaintext is the vectors' AKFr", arguments: [0, 1, 2])
    func treasureMapDestinations(ursula: Int) throws {
        let vectors = try PREObjectVectors.main()
        let derived = try PREObjectVectors.derived()
        let address = PREObjectVectors.encodeHex(try PREObjectVectors.ursulaAddress(vectors, ursula).bytes)
        let bytes = try PREObjectVectors.bytes(vectors, "treasure_map.destinations.\(address)")
        let encrypted = try EncryptedKeyFrag(bytes: bytes)
        #expect(encrypted.bytes == bytes)
        let secretKey = try PREObjectVectors.secretKey(vectors, "ursula\(ursula)/encrypting")

        let plaintext = try Umbral.decryptOriginal(encrypted.ciphertext, capsule: encrypted.capsule, secretKey: secretKey)
        #expect(plaintext == (try PREObjectVectors.bytes(derived, "authorized_kfrags.\(address)")))

        let keyFrag = try encrypted.decrypt(
            secretKey: secretKey, hrac: HRAC(bytes: PREObjectVectors.bytes(vectors, "hrac.bytes")),
            publisherVerifyingKey: PREObjectVectors.publicKey(vectors, "alice/signing"))
        #expect(keyFrag.messagePackBytes == (try PREObjectVectors.bytes(vectors, "kfrags.kfrags_msgpack.\(ursula)")))
    }

    @Test("The EncryptedKeyFrag.decrypt operation vectors: ok, wrong key, wrong HRAC, wrong publisher")
    func operationVectors() throws {
        let vectors = try PREObjectVectors.main()
        let operations = try PREErrorVector.operations(prefix: "EncryptedKeyFrag.decrypt")
        #expect(operations.count == 4)
        let encrypted = try EncryptedKeyFrag(bytes: PREObjectVectors.bytes(vectors, "encrypted_kfrag_standalone.bytes"))
        let ursula = try PREObjectVectors.secretKey(vectors, "ursula0/encrypting")
        let hrac = try HRAC(bytes: PREObjectVectors.bytes(vectors, "hrac.bytes"))
        let alice = try PREObjectVectors.publicKey(vectors, "alice/signing")
        let wrongHRAC = HRAC(
            publisherVerifyingKey: alice, bobVerifyingKey: try PREObjectVectors.publicKey(vectors, "bob/verifying"),
            label: "another label".utf8)
        let cases: [(String, SecretKey, HRAC, PublicKey, KMSPolicyError?)] = [
            ("EncryptedKeyFrag.decrypt ok", ursula, hrac, alice, nil),
            ("EncryptedKeyFrag.decrypt wrong secret key", try PREObjectVectors.secretKey(vectors, "ursula1/encrypting"),
             hrac, alice, .decryptionFailed(object: "EncryptedKeyFrag", .decryptionFailed)),
            ("EncryptedKeyFrag.decrypt wrong HRAC", ursula, wrongHRAC, alice,
             .signatureVerificationFailed(object: "AuthorizedKeyFrag")),
            ("EncryptedKeyFrag.decrypt wrong publisher key", ursula, hrac,
             try PREObjectVectors.publicKey(vectors, "bob/verifying"),
             .signatureVerificationFailed(object: "AuthorizedKeyFrag")),
        ]
        #expect(Set(cases.map(\.0)) == Set(operations.map(\.name)))
        for (name, secretKey, hrac, publisher, expected) in cases {
            let result = Result { () throws(KMSPolicyError) in
                try encrypted.decrypt(secretKey: secretKey, hrac: hrac, publisherVerifyingKey: publisher)
            }
            switch (result, expected) {
            case let (.success(keyFrag), nil):
                #expect(keyFrag.messagePackBytes.count == 310, "\(name)")  // the reference's result: 310 bytes
            case let (.failure(error), expected?):
                #expect(error == expected, "\(name)")
            default:
                Issue.record("\(name): unexpected \(result)")
            }
        }
    }

    @Test("A fresh EKFr round-trips in both forms and opens only for its Ursula, HRAC and publisher")
    func freshRoundTrip() throws {
        var rng = PREObjectTestRNG(seed: 11)
        let alice = Signer(SecretKey.random(using: &rng))
        let bob = SecretKey.random(using: &rng)
        let ursula = SecretKey.random(using: &rng)
        let keyFrag = try Umbral.generateKeyFrags(
            delegating: SecretKey.random(using: &rng), receiving: bob.publicKey, signer: alice, threshold: 1, shares: 1,
            using: &rng)[0]
        let hrac = HRAC(publisherVerifyingKey: alice.verifyingKey, bobVerifyingKey: bob.publicKey, label: "p".utf8)
        let encrypted = try EncryptedKeyFrag(
            signer: alice, recipientKey: ursula.publicKey, hrac: hrac, keyFrag: keyFrag, using: &rng)
        let parsed = try EncryptedKeyFrag(bytes: encrypted.bytes)
        #expect(parsed == encrypted)
        #expect(try EncryptedKeyFrag(messagePackBytes: encrypted.messagePackBytes) == encrypted)
        #expect(try parsed.decrypt(secretKey: ursula, hrac: hrac, publisherVerifyingKey: alice.verifyingKey) == keyFrag)
        #expect(throws: KMSPolicyError.decryptionFailed(object: "EncryptedKeyFrag", .decryptionFailed)) {
            try parsed.decrypt(secretKey: bob, hrac: hrac, publisherVerifyingKey: alice.verifyingKey)
        }
        #expect(throws: KMSPolicyError.signatureVerificationFailed(object: "AuthorizedKeyFrag")) {
            try parsed.decrypt(secretKey: ursula, hrac: hrac, publisherVerifyingKey: bob.publicKey)
        }
        let unseeded = try EncryptedKeyFrag(signer: alice, recipientKey: ursula.publicKey, hrac: hrac, keyFrag: keyFrag)
        #expect(unseeded != encrypted)
        #expect(try unseeded.decrypt(secretKey: ursula, hrac: hrac, publisherVerifyingKey: alice.verifyingKey) == keyFrag)
    }

    @Test("Tampering is detected: ciphertext bits, and a kFrag swapped under Alice's signature")
    func tampering() throws {
        let vectors = try PREObjectVectors.main()
        let derived = try PREObjectVectors.derived()
        let bytes = try PREObjectVectors.bytes(vectors, "encrypted_kfrag_standalone.bytes")
        let ursula = try PREObjectVectors.secretKey(vectors, "ursula0/encrypting")
        let hrac = try HRAC(bytes: PREObjectVectors.bytes(vectors, "hrac.bytes"))
        let alice = try PREObjectVectors.publicKey(vectors, "alice/signing")
        for offset in [0x75, 0x75 + 200, bytes.count - 1] {
            var tampered = bytes
            tampered[offset] ^= 0x80
            #expect(throws: KMSPolicyError.decryptionFailed(object: "EncryptedKeyFrag", .decryptionFailed)) {
                try EncryptedKeyFrag(bytes: tampered).decrypt(secretKey: ursula, hrac: hrac, publisherVerifyingKey: alice)
            }
        }

        // Ursula 0's signature with Ursula 1's kFrag, properly encrypted for Ursula 0.
        let address0 = PREObjectVectors.encodeHex(try PREObjectVectors.ursulaAddress(vectors, 0).bytes)
        let address1 = PREObjectVectors.encodeHex(try PREObjectVectors.ursulaAddress(vectors, 1).bytes)
        let akfr0 = try PREObjectVectors.bytes(derived, "authorized_kfrags.\(address0)")
        let akfr1 = try PREObjectVectors.bytes(derived, "authorized_kfrags.\(address1)")
        let spliced = Array(akfr0.prefix(0x4b)) + akfr1.dropFirst(0x4b)
        let forged = try PREObjectVectors.seal(.encryptedKeyFrag, spliced, for: ursula.publicKey)
        #expect(throws: KMSPolicyError.signatureVerificationFailed(object: "AuthorizedKeyFrag")) {
            try EncryptedKeyFrag(bytes: forged).decrypt(secretKey: ursula, hrac: hrac, publisherVerifyingKey: alice)
        }
        // A plaintext that is not an AKFr (here, the EKFr's own bytes) fails to parse after decryption.
        let wrongPlaintext = try PREObjectVectors.seal(.encryptedKeyFrag, bytes, for: ursula.publicKey)
        #expect(throws: KMSPolicyError.wrongBrand(expected: Array("AKFr".utf8), actual: Array("EKFr".utf8))) {
            try EncryptedKeyFrag(bytes: wrongPlaintext).decrypt(secretKey: ursula, hrac: hrac, publisherVerifyingKey: alice)
        }
    }

    @Test("Strict parsing: header, trailing bytes, a headered form where the bare one belongs")
    func strictParsing() throws {
        let vectors = try PREObjectVectors.main()
        let bytes = try PREObjectVectors.bytes(vectors, "encrypted_kfrag_standalone.bytes")
        #expect(throws: KMSPolicyError.self) { try EncryptedKeyFrag(bytes: bytes + [0xc0]) }
        #expect(throws: KMSPolicyError.self) { try EncryptedKeyFrag(bytes: Array(bytes.dropLast())) }
        #expect(throws: KMSPolicyError.self) { try EncryptedKeyFrag(messagePackBytes: bytes) }
        #expect(throws: KMSPolicyError.self) { try EncryptedKeyFrag(bytes: Array(bytes.dropFirst(8))) }
        #expect(throws: KMSPolicyError.unsupportedMinorVersion(supported: 0, actual: 1)) {
            try EncryptedKeyFrag(bytes: Array(bytes.prefix(7)) + [1] + bytes.dropFirst(8))
        }
        // The ciphertext written as bin32 instead of bin16: accepted by the reference, refused here.
        let body = Array(bytes.dropFirst(0x72 + 3))
        let wide = Array(bytes.prefix(0x72)) + [0xc6, 0, 0, 0x01, 0xa9] + body
        #expect(throws: KMSPolicyError.self) { try EncryptedKeyFrag(bytes: wide) }
    }

    @Test("Seeded mutants of the standalone EKFr: never a crash, and whatever parses re-encodes to itself")
    func mutants() throws {
        let bytes = try PREObjectVectors.bytes(PREObjectVectors.main(), "encrypted_kfrag_standalone.bytes")
        PREObjectVectors.expectStrictOnMutants(of: bytes, seed: 3) { (input) throws(KMSPolicyError) in
            try EncryptedKeyFrag(bytes: input).bytes
        }
        PREObjectVectors.expectStrictOnMutants(of: Array(bytes.dropFirst(8)), seed: 4) { (input) throws(KMSPolicyError) in
            try EncryptedKeyFrag(messagePackBytes: input).messagePackBytes
        }
    }
}
