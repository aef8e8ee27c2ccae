import KMSPolicy
import Testing
import UmbralCore

@Suite("MessageKit")
struct MessageKitTests {
    @Test("Both vector kits parse, keep their fields and re-encode byte for byte", arguments: [0, 1])
    func vectorRoundTrip(index: Int) throws {
        let vectors = try PREObjectVectors.main()
        let bytes = try PREObjectVectors.bytes(vectors, "message_kits.\(index).bytes")
        let kit = try MessageKit(bytes: bytes)
        #expect(kit.bytes == bytes)
        #expect(kit.capsule.messagePackBytes == (try PREObjectVectors.bytes(vectors, "message_kits.\(index).capsule_msgpack")))
        #expect(kit.capsule.simpleBytes == (try PREObjectVectors.bytes(vectors, "message_kits.\(index).capsule_to_bytes_simple")))
        let conditions = try PREObjectVectors.value(vectors, "message_kits.\(index).inputs.conditions") as? String
        #expect(kit.conditions == (conditions == "None" ? nil : conditions))
        #expect(index == 0 ? kit.conditions == nil : kit.conditions?.hasPrefix("{\"version\"") == true)
    }

    @Test("Alice opens both vector kits with the policy's secret key", arguments: [0, 1])
    func aliceDecrypts(index: Int) throws {
        let vectors = try PREObjectVectors.main()
        let kit = try MessageKit(bytes: PREObjectVectors.bytes(vectors, "message_kits.\(index).bytes"))
        let plaintext = try PREObjectVectors.bytes(vectors, "message_kits.\(index).inputs.plaintext")
        #expect(try kit.decrypt(secretKey: PREObjectVectors.secretKey(vectors, "alice/delegating")) == plaintext)
        #expect(throws: KMSPolicyError.decryptionFailed(object: "MessageKit", .decryptionFailed)) {
            try kit.decrypt(secretKey: PREObjectVectors.secretKey(vectors, "bob/encrypting"))
        }
    }

    @Test("The worked example: capsule E, V, s and the nonce of kit 0")
    func workedExample() throws {
        let vectors = try PREObjectVectors.main()
        let derived = try PREObjectVectors.derived()
        let kit = try MessageKit(bytes: PREObjectVectors.bytes(vectors, "message_kits.0.bytes"))
        let example = "worked_example_decrypt_original_mk0"
        #expect(kit.capsule.simpleBytes == (try PREObjectVectors.bytes(derived, "\(example).aad_E_V_s")))
        #expect(
            kit.ciphertext
                == (try PREObjectVectors.bytes(derived, "\(example).nonce")
                    + PREObjectVectors.bytes(derived, "\(example).ciphertext_and_tag")))
        let secretKey = try SecretKey(bigEndianBytes: PREObjectVectors.bytes(derived, "\(example).secret_key"))
        #expect(try kit.decrypt(secretKey: secretKey) == (try PREObjectVectors.bytes(derived, "\(example).plaintext")))
    }

    /// The cFrags in each vector response re-encrypt the capsules of message kit 1, then kit 0.
    private func verifiedCapsuleFrags(
        _ vectors: [String: Any], kit: Int, ursulas: [Int]
    ) throws -> (MessageKit, [VerifiedCapsuleFrag]) {
        let messageKit = try MessageKit(bytes: PREObjectVectors.bytes(vectors, "message_kits.\(kit).bytes"))
        let position = kit == 1 ? 0 : 1
        let capsuleFrags = try ursulas.map { ursula in
            let capsuleFrag = try CapsuleFrag(
                messagePackBytes: PREObjectVectors.bytes(vectors, "reencryption.\(ursula).response.cfrags_msgpack.\(position)"))
            return try capsuleFrag.verify(
                capsule: messageKit.capsule, verifyingKey: PREObjectVectors.publicKey(vectors, "alice/signing"),
                delegatingKey: PREObjectVectors.publicKey(vectors, "alice/delegating"),
                receivingKey: PREObjectVectors.publicKey(vectors, "bob/encrypting"))
        }
        return (messageKit, capsuleFrags)
    }

    @Test(
        "Bob opens both kits with any 2 of the 3 Ursulas' cFrags",
        arguments: [0, 1], [[0, 1], [1, 2], [2, 0], [0, 1, 2]])
    func bobDecryptsReencrypted(kit: Int, ursulas: [Int]) throws {
        let vectors = try PREObjectVectors.main()
        let (messageKit, capsuleFrags) = try verifiedCapsuleFrags(vectors, kit: kit, ursulas: ursulas)
        let plaintext = try messageKit.decryptReencrypted(
            receivingKey: PREObjectVectors.secretKey(vectors, "bob/encrypting"),
            policyEncryptingKey: PREObjectVectors.publicKey(vectors, "alice/delegating"), capsuleFrags: capsuleFrags)
        #expect(plaintext == (try PREObjectVectors.bytes(vectors, "message_kits.\(kit).inputs.plaintext")))
    }

    @Test("decrypt_reencrypted failures of the operation vectors: 1, 0, repeated and foreign cFrags")
    func decryptReencryptedFailures() throws {
        let vectors = try PREObjectVectors.main()
        let operations = try PREErrorVector.operations(prefix: "decrypt_reencrypted")
        #expect(operations.count == 5)
        let bob = try PREObjectVectors.secretKey(vectors, "bob/encrypting")
        let policy = try PREObjectVectors.publicKey(vectors, "alice/delegating")
        let (kit, capsuleFrags) = try verifiedCapsuleFrags(vectors, kit: 1, ursulas: [0, 1])
        let (_, otherCapsuleFrags) = try verifiedCapsuleFrags(vectors, kit: 0, ursulas: [0, 1])
        let cases: [(String, [VerifiedCapsuleFrag], UmbralError?)] = [
            ("decrypt_reencrypted with 2 cfrags", capsuleFrags, nil),
            ("decrypt_reencrypted with 1 cfrag (< threshold)", [capsuleFrags[0]], .reencryptedValidationFailed),
            ("decrypt_reencrypted with 0 cfrags", [], .noCapsuleFrags),
            ("decrypt_reencrypted with a repeated cfrag", [capsuleFrags[0], capsuleFrags[0]], .repeatingCapsuleFrags),
            ("decrypt_reencrypted with cfrags of another capsule", otherCapsuleFrags, .reencryptedValidationFailed),
        ]
        #expect(Set(cases.map(\.0)) == Set(operations.map(\.name)))
        for (name, frags, failure) in cases {
            let result = Result { () throws(KMSPolicyError) in
                try kit.decryptReencrypted(receivingKey: bob, policyEncryptingKey: policy, capsuleFrags: frags)
            }
            switch (result, failure) {
            case let (.success(plaintext), nil):
                #expect(String(decoding: plaintext, as: UTF8.self) == "Attack at dusk — with conditions", "\(name)")
            case let (.failure(error), failure?):
                #expect(error == .decryptionFailed(object: "MessageKit", failure), "\(name)")
            default:
                Issue.record("\(name): unexpected \(result)")
            }
        }
    }

    @Test("Conditions are not authenticated: replacing them keeps the kit decryptable")
    func conditionsNotAuthenticated() throws {
        let vectors = try PREObjectVectors.main()
        #expect(try PREErrorVector.operations(prefix: "MessageKit conditions replaced").map(\.outcome) == ["ok"])
        let bytes = try PREObjectVectors.bytes(vectors, "message_kits.1.bytes")
        let kit = try MessageKit(bytes: bytes)
        let conditions = try #require(kit.conditions)
        // The conditions string is the last field; swap it for another of the same length.
        let replaced = String(repeating: "x", count: conditions.utf8.count)
        let tampered = Array(bytes.dropLast(conditions.utf8.count)) + Array(replaced.utf8)
        let other = try MessageKit(bytes: tampered)
        #expect(other.conditions == replaced)
        #expect(
            try other.decrypt(secretKey: PREObjectVectors.secretKey(vectors, "alice/delegating"))
                == (try PREObjectVectors.bytes(vectors, "message_kits.1.inputs.plaintext")))
    }

    @Test("Every MessageKit case of the error vectors: refused unless canonical and accepted")
    func errorVectors() throws {
        let cases = try PREErrorVector.cases(type: "MessageKit")
        #expect(cases.count == 26)
        #expect(cases.filter(\.mustThrow).count == 24)
        #expect(cases.filter { $0.outcome != "accepted" }.count == 17)
        for vector in cases {
            if vector.mustThrow {
                vector.expectRefused { (input) throws(KMSPolicyError) in _ = try MessageKit(bytes: input) }
            } else {
                let kit = try MessageKit(bytes: vector.input)
                #expect(kit.bytes == vector.input, "\(vector.name)")
            }
        }
    }

    @Test("Fresh kits round-trip and decrypt, with and without conditions", arguments: [nil, "", "not json", "{\"a\":1}"])
    func freshRoundTrip(conditions: String?) throws {
        var rng = PREObjectTestRNG(seed: 42)
        let policy = SecretKey.random(using: &rng)
        let plaintext = Array("a message for the policy".utf8)
        let kit = try MessageKit(
            policyEncryptingKey: policy.publicKey, plaintext: plaintext, conditions: conditions, using: &rng)
        #expect(kit.ciphertext.count == plaintext.count + 40)
        let parsed = try MessageKit(bytes: kit.bytes)
        #expect(parsed == kit)
        #expect(parsed.bytes == kit.bytes)
        #expect(parsed.conditions == conditions)
        #expect(try parsed.decrypt(secretKey: policy) == plaintext)

        // The same seed gives the same kit; the system generator a different one.
        var again = PREObjectTestRNG(seed: 42)
        _ = SecretKey.random(using: &again)
        #expect(
            try MessageKit(policyEncryptingKey: policy.publicKey, plaintext: plaintext, conditions: conditions, using: &again)
                == kit)
        let unseeded = try MessageKit(policyEncryptingKey: policy.publicKey, plaintext: plaintext, conditions: conditions)
        #expect(unseeded != kit)
        #expect(try unseeded.decrypt(secretKey: policy) == plaintext)
    }

    @Test("A flipped ciphertext or capsule byte is caught")
    func tampering() throws {
        let vectors = try PREObjectVectors.main()
        let secretKey = try PREObjectVectors.secretKey(vectors, "alice/delegating")
        let bytes = try PREObjectVectors.bytes(vectors, "message_kits.0.bytes")
        // Ciphertext bytes start at 0x74 (after its bin8 header at 0x72); the last byte is the nil.
        for offset in [0x74, 0x74 + 30, bytes.count - 2] {
            var tampered = bytes
            tampered[offset] ^= 0x01
            #expect(throws: KMSPolicyError.decryptionFailed(object: "MessageKit", .decryptionFailed)) {
                try MessageKit(bytes: tampered).decrypt(secretKey: secretKey)
            }
        }
        // Inside the capsule the self-check (or point decoding) fails at parse time.
        for offset in [0x0c, 0x2f, 0x60] {
            var tampered = bytes
            tampered[offset] ^= 0x01
            #expect(throws: KMSPolicyError.self) { try MessageKit(bytes: tampered) }
        }
    }

    @Test("Seeded mutants of both kits: never a crash, and whatever parses re-encodes to itself")
    func mutants() throws {
        let vectors = try PREObjectVectors.main()
        for index in 0..<2 {
            let bytes = try PREObjectVectors.bytes(vectors, "message_kits.\(index).bytes")
            PREObjectVectors.expectStrictOnMutants(of: bytes, seed: UInt64(index)) { (input) throws(KMSPolicyError) in
                try MessageKit(bytes: input).bytes
            }
        }
    }
}
