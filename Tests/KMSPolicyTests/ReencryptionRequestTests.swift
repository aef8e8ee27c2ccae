import KMSMessagePack
import KMSPolicy
import Testing
import UmbralCore

@Suite("ReencryptionRequest")
struct ReencryptionRequestTests {
    typealias V = NodeObjectVectors

    /// The vector requests: the three with conditions and context, and the bare one.
    static let paths = ["reencryption.0.request", "reencryption.1.request", "reencryption.2.request",
                        "reencryption_request_no_conditions"]

    @Test("Each vector request parses and re-encodes byte for byte", arguments: paths)
    func roundTrip(path: String) throws {
        let bytes = try V.bytes(V.main(), "\(path).bytes")
        let request = try ReencryptionRequest(bytes: bytes)
        #expect(request.bytes == bytes)
        #expect(try ReencryptionRequest(bytes: request.bytes) == request)
    }

    @Test("Bob's constructor reproduces each vector request from its inputs", arguments: 0..<3)
    func constructedFromInputs(index: Int) throws {
        let root = try V.main()
        let inputs = "reencryption.\(index).request.inputs"
        let capsules = try V.list(V.value(root, "\(inputs).capsules"), "capsules").map {
            try Capsule(messagePackBytes: V.hex(V.string($0, "capsule")))
        }
        let request = ReencryptionRequest(
            capsules: capsules, hrac: try HRAC(bytes: V.bytes(root, "\(inputs).hrac")),
            encryptedKeyFrag: try EncryptedKeyFrag(bytes: V.bytes(root, "\(inputs).encrypted_kfrag")),
            publisherVerifyingKey: try PublicKey(compressedBytes: V.bytes(root, "\(inputs).publisher_verifying_key")),
            bobVerifyingKey: try PublicKey(compressedBytes: V.bytes(root, "\(inputs).bob_verifying_key")),
            conditions: try V.string(V.value(root, "\(inputs).conditions"), "conditions"),
            context: try V.string(V.value(root, "\(inputs).context"), "context"))
        #expect(request.bytes == (try V.bytes(root, "reencryption.\(index).request.bytes")))
        #expect(request.encryptedKeyFrag.bytes == (try V.bytes(root, "\(inputs).encrypted_kfrag")))
        #expect(request.bobVerifyingKey == (try V.publicKey(root, "bob/verifying")))
    }

    @Test("The request without conditions has two nil options and one capsule")
    func noConditions() throws {
        let root = try V.main()
        let request = try ReencryptionRequest(bytes: V.bytes(root, "reencryption_request_no_conditions.bytes"))
        #expect(request.conditions == nil)
        #expect(request.context == nil)
        #expect(request.capsules == [try MessageKit(bytes: V.bytes(root, "message_kits.0.bytes")).capsule])
        #expect(request.hrac.bytes == (try V.bytes(root, "hrac.bytes")))
    }

    @Test("Each Ursula serves her vector request: opens the kFrag, re-encrypts, and Bob verifies", arguments: 0..<3)
    func ursulaServesRequest(index: Int) throws {
        let root = try V.main()
        let request = try ReencryptionRequest(bytes: V.bytes(root, "reencryption.\(index).request.bytes"))
        let ursula = try #require(V.value(root, "reencryption.\(index).ursula") as? Int)
        let keyFrag = try request.encryptedKeyFrag.decrypt(
            secretKey: V.secretKey(root, "ursula\(ursula)/encrypting"), hrac: request.hrac,
            publisherVerifyingKey: request.publisherVerifyingKey)
        let signer = Signer(try V.secretKey(root, "ursula\(ursula)/signing"))
        let response = ReencryptionResponse(
            signer: signer,
            capsulesAndVerifiedCapsuleFrags: request.capsules.map { ($0, Umbral.reencrypt($0, with: keyFrag)) })
        let verified = try ReencryptionResponse(bytes: response.bytes).verify(
            capsules: request.capsules, aliceVerifyingKey: request.publisherVerifyingKey,
            ursulaVerifyingKey: signer.verifyingKey, policyEncryptingKey: V.publicKey(root, "alice/delegating"),
            bobEncryptingKey: V.publicKey(root, "bob/encrypting"))
        #expect(verified.count == request.capsules.count)
    }

    @Test("A fresh request round-trips, including empty and long strings")
    func fresh() throws {
        let root = try V.main()
        let vector = try ReencryptionRequest(bytes: V.bytes(root, "reencryption.0.request.bytes"))
        for (conditions, context) in [(String?.none, String?.some("")), ("", nil), (String(repeating: "é", count: 40_000), "x")] {
            let request = ReencryptionRequest(
                capsules: Array(repeating: vector.capsules[0], count: 17), hrac: vector.hrac,
                encryptedKeyFrag: vector.encryptedKeyFrag, publisherVerifyingKey: vector.publisherVerifyingKey,
                bobVerifyingKey: vector.bobVerifyingKey, conditions: conditions, context: context)
            let parsed = try ReencryptionRequest(bytes: request.bytes)
            #expect(parsed == request)
            #expect(parsed.bytes == request.bytes)
        }
    }

    @Test("Malformed requests are refused, including what the reference tolerates")
    func malformed() throws {
        let root = try V.main()
        let bytes = try V.bytes(root, "reencryption_request_no_conditions.bytes")
        #expect(throws: KMSPolicyError.malformedBody(object: "ReencryptionRequest", .trailingBytes(offset: bytes.count - 8, count: 1))) {
            try ReencryptionRequest(bytes: bytes + [0])
        }
        #expect(throws: KMSPolicyError.wrongBrand(expected: Array("ReRq".utf8), actual: Array("ReRs".utf8))) {
            try ReencryptionRequest(bytes: Array("ReRs".utf8) + bytes.dropFirst(4))
        }
        // Six fields: the trailing `context` left out.
        #expect(throws: KMSPolicyError.malformedBody(
            object: "ReencryptionRequest", .wrongArity(field: "ReencryptionRequest", expected: 7, found: 6))
        ) {
            try ReencryptionRequest(bytes: Array(bytes.prefix(8)) + [0x96] + bytes.dropFirst(9).dropLast())
        }
        // Layout (see the spec): 0x73 hrac c410, 0x85 EKFr 92 93, 0x29b publisher c421, 0x2be bob c421, 0x2e1 c0 c0.
        #expect(Array(bytes[0x73..<0x75]) == [0xc4, 0x10])
        #expect(Array(bytes[0x2e1...]) == [0xc0, 0xc0])
        // A 15-byte HRAC.
        let shortHRAC = Array(bytes[..<0x73]) + [0xc4, 0x0f] + bytes[0x75..<0x84] + bytes[0x85...]
        #expect(throws: KMSPolicyError.malformedBody(
            object: "ReencryptionRequest", .wrongByteCount(field: "hrac", expected: 16, found: 15))
        ) {
            try ReencryptionRequest(bytes: shortHRAC)
        }
        // The kFrag with its EKFr header, where the bare form belongs.
        let headeredKFrag = Array(bytes[..<0x85]) + Array("EKFr".utf8) + [0, 3, 0, 0] + bytes[0x85...]
        #expect(throws: KMSPolicyError.self) { try ReencryptionRequest(bytes: headeredKFrag) }
        // Conditions as bin rather than str (the reference accepts valid UTF-8 in bin).
        let binConditions = Array(bytes.dropLast(2)) + [0xc4, 0x02, 0x7b, 0x7d, 0xc0]
        #expect(throws: KMSPolicyError.malformedBody(
            object: "ReencryptionRequest", .typeMismatch(field: "conditions", expected: .string, found: .binary))
        ) {
            try ReencryptionRequest(bytes: binConditions)
        }
        // A str8 where a fixstr suffices.
        let wideString = Array(bytes.dropLast(2)) + [0xd9, 0x02, 0x7b, 0x7d, 0xc0]
        #expect(throws: KMSPolicyError.self) { try ReencryptionRequest(bytes: wideString) }
        // Bob's key uncompressed (65 bytes): refused, where the reference would re-compress it.
        let uncompressed = Array(bytes[..<0x2be]) + [0xc4, 0x41]
            + (try V.publicKey(root, "bob/verifying")).uncompressedBytes + bytes[0x2e1...]
        #expect(throws: KMSPolicyError.malformedBody(
            object: "ReencryptionRequest", .wrongByteCount(field: "bob_verifying_key", expected: 33, found: 65))
        ) {
            try ReencryptionRequest(bytes: uncompressed)
        }
        // A capsule whose scalar was tampered fails the capsule self-check.
        var tampered = bytes
        tampered[0x60] ^= 1
        #expect(throws: KMSPolicyError.invalidUmbralValue(
            object: "ReencryptionRequest", field: "capsules[0]", .capsuleSelfVerificationFailed)
        ) {
            try ReencryptionRequest(bytes: tampered)
        }
    }

    @Test("Seeded mutations of a vector ReencryptionRequest either throw or are canonical; none crashes")
    func mutations() throws {
        let bytes = try V.bytes(V.main(), "reencryption.0.request.bytes")
        let accepted = V.nonCanonicalAcceptances(of: bytes, seed: 12) { try? ReencryptionRequest(bytes: $0).bytes }
        #expect(accepted.isEmpty, "accepted non-canonical: \(accepted.map(V.hexString))")
    }
}
