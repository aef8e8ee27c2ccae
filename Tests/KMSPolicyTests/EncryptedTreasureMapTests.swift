import KMSPolicy
import Testing
import UmbralCore

@Suite("EncryptedTreasureMap")
struct EncryptedTreasureMapTests {
    @Test("The vector EMap parses, re-encodes, and Bob opens it to the vector map")
    func vector() throws {
        let vectors = try PREObjectVectors.main()
        let derived = try PREObjectVectors.derived()
        let bytes = try PREObjectVectors.bytes(vectors, "encrypted_treasure_map.bytes")
        #expect(bytes.count == 1991)
        let encrypted = try EncryptedTreasureMap(bytes: bytes)
        #expect(encrypted.bytes == bytes)

        let bob = try PREObjectVectors.secretKey(vectors, "bob/encrypting")
        let plaintext = try Umbral.decryptOriginal(encrypted.ciphertext, capsule: encrypted.capsule, secretKey: bob)
        #expect(plaintext == (try PREObjectVectors.bytes(derived, "authorized_treasure_map")))

        let map = try encrypted.decrypt(secretKey: bob, publisherVerifyingKey: PREObjectVectors.publicKey(vectors, "alice/signing"))
        #expect(map.bytes == (try PREObjectVectors.bytes(vectors, "treasure_map.bytes")))
    }

    @Test("The EncryptedTreasureMap.decrypt operation vectors: wrong secret key, wrong publisher")
    func operationVectors() throws {
        let vectors = try PREObjectVectors.main()
        let operations = try PREErrorVector.operations(prefix: "EncryptedTreasureMap.decrypt")
        #expect(operations.map(\.name).sorted() == [
            "EncryptedTreasureMap.decrypt wrong publisher key", "EncryptedTreasureMap.decrypt wrong secret key",
        ])
        #expect(try PREObjectVectors.string(vectors, "encrypted_treasure_map.decrypt_with_wrong_publisher_key_error") == "verification failed")
        let encrypted = try EncryptedTreasureMap(bytes: PREObjectVectors.bytes(vectors, "encrypted_treasure_map.bytes"))
        let alice = try PREObjectVectors.publicKey(vectors, "alice/signing")
        #expect(throws: KMSPolicyError.decryptionFailed(object: "EncryptedTreasureMap", .decryptionFailed)) {
            try encrypted.decrypt(secretKey: PREObjectVectors.secretKey(vectors, "bob/verifying"), publisherVerifyingKey: alice)
        }
        #expect(throws: KMSPolicyError.signatureVerificationFailed(object: "AuthorizedTreasureMap")) {
            try encrypted.decrypt(
                secretKey: PREObjectVectors.secretKey(vectors, "bob/encrypting"),
                publisherVerifyingKey: PREObjectVectors.publicKey(vectors, "bob/verifying"))
        }
    }

    @Test("Alice to Bob with fresh keys: encrypt, serialize, parse, decrypt")
    func freshRoundTrip() throws {
        var policy = try TreasureMapTests.Policy()
        let map = try policy.map()
        var rng = PREObjectTestRNG(seed: 99)
        let encrypted = try map.encrypt(signer: policy.alice, recipientKey: policy.bobEncrypting.publicKey, using: &rng)
        let parsed = try EncryptedTreasureMap(bytes: encrypted.bytes)
        #expect(parsed == encrypted)
        #expect(parsed.bytes == encrypted.bytes)
        #expect(try parsed.decrypt(secretKey: policy.bobEncrypting, publisherVerifyingKey: policy.alice.verifyingKey) == map)

        let unseeded = try map.encrypt(signer: policy.alice, recipientKey: policy.bobEncrypting.publicKey)
        #expect(unseeded != encrypted)
        #expect(try unseeded.decrypt(secretKey: policy.bobEncrypting, publisherVerifyingKey: policy.alice.verifyingKey) == map)
        #expect(throws: KMSPolicyError.decryptionFailed(object: "EncryptedTreasureMap", .decryptionFailed)) {
            try parsed.decrypt(secretKey: policy.bobVerifying, publisherVerifyingKey: policy.alice.verifyingKey)
        }
    }

    @Test("Tampering is detected: ciphertext bits, a map signed for another Bob, a map changed after signing")
    func tampering() throws {
        var policy = try TreasureMapTests.Policy()
        let map = try policy.map()
        let bob = policy.bobEncrypting
        let alice = policy.alice
        let encrypted = try map.encrypt(signer: alice, recipientKey: bob.publicKey)
        for offset in [0x75, encrypted.bytes.count / 2, encrypted.bytes.count - 1] {
            var tampered = encrypted.bytes
            tampered[offset] ^= 0x04
            #expect(throws: KMSPolicyError.decryptionFailed(object: "EncryptedTreasureMap", .decryptionFailed)) {
                try EncryptedTreasureMap(bytes: tampered).decrypt(secretKey: bob, publisherVerifyingKey: alice.verifyingKey)
            }
        }

        // Signed for Bob's verifying key, but encrypted to his encrypting key.
        let signedForOther = AuthorizedTreasureMap(signer: alice, recipientKey: policy.bobVerifying.publicKey, treasureMap: map)
        let misdirected = try PREObjectVectors.seal(.encryptedTreasureMap, signedForOther.bytes, for: bob.publicKey)
        #expect(throws: KMSPolicyError.signatureVerificationFailed(object: "AuthorizedTreasureMap")) {
            try EncryptedTreasureMap(bytes: misdirected).decrypt(secretKey: bob, publisherVerifyingKey: alice.verifyingKey)
        }

        // Alice's signature on one map, carried with another map (a lower threshold).
        let signed = AuthorizedTreasureMap(signer: alice, recipientKey: bob.publicKey, treasureMap: map)
        let other = try policy.map(threshold: 1)
        var spliced = Array(signed.bytes.prefix(0x4b))
        spliced += other.messagePackBytes
        #expect(try AuthorizedTreasureMap(bytes: spliced).treasureMap == other)
        let swapped = try PREObjectVectors.seal(.encryptedTreasureMap, spliced, for: bob.publicKey)
        #expect(throws: KMSPolicyError.signatureVerificationFailed(object: "AuthorizedTreasureMap")) {
            try EncryptedTreasureMap(bytes: swapped).decrypt(secretKey: bob, publisherVerifyingKey: alice.verifyingKey)
        }
    }

    @Test("Strict parsing: trailing bytes, brand, truncated body")
    func strictParsing() throws {
        let vectors = try PREObjectVectors.main()
        let bytes = try PREObjectVectors.bytes(vectors, "encrypted_treasure_map.bytes")
        #expect(throws: KMSPolicyError.self) { try EncryptedTreasureMap(bytes: bytes + [0]) }
        #expect(throws: KMSPolicyError.self) { try EncryptedTreasureMap(bytes: Array(bytes.dropLast())) }
        #expect(throws: KMSPolicyError.wrongBrand(expected: Array("EMap".utf8), actual: Array("EKFr".utf8))) {
            try EncryptedTreasureMap(bytes: Array("EKFr".utf8) + bytes.dropFirst(4))
        }
        #expect(throws: KMSPolicyError.headerTooShort(actual: 5)) { try EncryptedTreasureMap(bytes: bytes.prefix(5)) }
    }

    @Test("Seeded mutants of the vector EMap: never a crash, and whatever parses re-encodes to itself")
    func mutants() throws {
        let bytes = try PREObjectVectors.bytes(PREObjectVectors.main(), "encrypted_treasure_map.bytes")
        PREObjectVectors.expectStrictOnMutants(of: bytes, seed: 9) { (input) throws(KMSPolicyError) in
            try EncryptedTreasureMap(bytes: input).bytes
        }
    }

    @Test("The whole flow: Alice grants, Enrico encrypts, Bob opens the map, Ursulas re-encrypt, Bob decrypts")
    func grantAndRetrieve() throws {
        var policy = try TreasureMapTests.Policy()
        let encrypted = try policy.map().encrypt(signer: policy.alice, recipientKey: policy.bobEncrypting.publicKey)
        let kit = try MessageKit(
            policyEncryptingKey: policy.policy.publicKey, plaintext: Array("retrieved".utf8), conditions: "{}")

        // Bob, knowing only the bytes, his secret key and Alice's verifying key.
        let map = try EncryptedTreasureMap(bytes: encrypted.bytes)
            .decrypt(secretKey: policy.bobEncrypting, publisherVerifyingKey: policy.alice.verifyingKey)
        let received = try MessageKit(bytes: kit.bytes)
        var capsuleFrags = [VerifiedCapsuleFrag]()
        for (address, encryptedKeyFrag) in map.destinations.sorted(by: { $0.key < $1.key }).prefix(map.threshold) {
            // Each Ursula, from her secret key and what Bob's request names.
            let index = try #require(policy.addresses.firstIndex(of: address))
            let keyFrag = try EncryptedKeyFrag(messagePackBytes: encryptedKeyFrag.messagePackBytes).decrypt(
                secretKey: policy.ursulas[index], hrac: map.hrac, publisherVerifyingKey: map.publisherVerifyingKey)
            let capsuleFrag = Umbral.reencrypt(received.capsule, with: keyFrag)
            capsuleFrags.append(try capsuleFrag.unverified.verify(
                capsule: received.capsule, verifyingKey: policy.alice.verifyingKey,
                delegatingKey: map.policyEncryptingKey, receivingKey: policy.bobEncrypting.publicKey))
        }
        #expect(capsuleFrags.count == 2)
        let plaintext = try received.decryptReencrypted(
            receivingKey: policy.bobEncrypting, policyEncryptingKey: map.policyEncryptingKey, capsuleFrags: capsuleFrags)
        #expect(plaintext == Array("retrieved".utf8))
        #expect(throws: KMSPolicyError.decryptionFailed(object: "MessageKit", .reencryptedValidationFailed)) {
            try received.decryptReencrypted(
                receivingKey: policy.bobEncrypting, policyEncryptingKey: map.policyEncryptingKey,
                capsuleFrags: Array(capsuleFrags.prefix(1)))
        }
    }
}
