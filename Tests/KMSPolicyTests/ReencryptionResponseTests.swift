import KMSMessagePack
import KMSPolicy
import Testing
import UmbralCore

@Suite("ReencryptionResponse")
struct ReencryptionResponseTests {
    typealias V = NodeObjectVectors

    /// Everything Bob needs to check Ursula `index`'s response from the vectors.
    struct Fixture {
        let response: [UInt8]
        let capsules: [Capsule]
        let capsuleFrags: [[UInt8]]
        let alice: PublicKey
        let ursula: PublicKey
        let policy: PublicKey
        let bob: PublicKey

        init(index: Int) throws {
            let root = try V.main()
            let path = "reencryption.\(index)"
            response = try V.bytes(root, "\(path).response.bytes")
            capsules = try V.list(V.value(root, "\(path).request.inputs.capsules"), "capsules").map {
                try Capsule(messagePackBytes: V.hex(V.string($0, "capsule")))
            }
            capsuleFrags = try V.list(V.value(root, "\(path).response.cfrags_msgpack"), "cfrags").map {
                try V.hex(V.string($0, "cfrag"))
            }
            let ursulaIndex = try #require(V.value(root, "\(path).ursula") as? Int)
            alice = try V.publicKey(root, "alice/signing")
            ursula = try V.publicKey(root, "ursula\(ursulaIndex)/signing")
            policy = try V.publicKey(root, "alice/delegating")
            bob = try V.publicKey(root, "bob/encrypting")
        }

        func verify(
            capsules: [Capsule]? = nil, alice: PublicKey? = nil, ursula: PublicKey? = nil,
            policy: PublicKey? = nil, bob: PublicKey? = nil
        ) throws -> [VerifiedCapsuleFrag] {
            try ReencryptionResponse(bytes: response).verify(
                capsules: capsules ?? self.capsules, aliceVerifyingKey: alice ?? self.alice,
                ursulaVerifyingKey: ursula ?? self.ursula, policyEncryptingKey: policy ?? self.policy,
                bobEncryptingKey: bob ?? self.bob)
        }
    }

    @Test("Each vector response parses and re-encodes byte for byte", arguments: 0..<3)
    func roundTrip(index: Int) throws {
        let fixture = try Fixture(index: index)
        let response = try ReencryptionResponse(bytes: fixture.response)
        #expect(response.bytes == fixture.response)
        #expect(response.capsuleFrags.map(\.messagePackBytes) == fixture.capsuleFrags)
        #expect(try ReencryptionResponse(bytes: response.bytes) == response)
    }

    @Test("Bob verifies each vector response with the right keys", arguments: 0..<3)
    func verifiesWithRightKeys(index: Int) throws {
        let fixture = try Fixture(index: index)
        let verified = try fixture.verify()
        #expect(verified.map(\.messagePackBytes) == fixture.capsuleFrags)
    }

    @Test("Ursula's signed message matches the derived vectors", arguments: 0..<3)
    func signedMessageMatchesDerived(index: Int) throws {
        let fixture = try Fixture(index: index)
        let response = try ReencryptionResponse(bytes: fixture.response)
        let root = try V.main()
        let ursulaIndex = try #require(V.value(root, "reencryption.\(index).ursula") as? Int)
        let expected = try V.bytes(V.derived(), "signed_messages.ReencryptionResponse/u\(ursulaIndex)")
        #expect(ReencryptionResponse.signedMessage(capsules: fixture.capsules, capsuleFrags: response.capsuleFrags) == expected)
        #expect(response.signature.verify(expected, with: fixture.ursula))
    }

    @Test("Verification fails with any wrong key, capsule count or order")
    func verificationFailures() throws {
        let fixture = try Fixture(index: 0)
        let root = try V.main()
        let otherUrsula = try V.publicKey(root, "ursula1/signing")
        let bobVerifying = try V.publicKey(root, "bob/verifying")
        #expect(throws: KMSPolicyError.capsuleCountMismatch(capsules: 1, capsuleFrags: 2)) {
            try fixture.verify(capsules: Array(fixture.capsules.prefix(1)))
        }
        #expect(throws: KMSPolicyError.invalidReencryptionResponseSignature) {
            try fixture.verify(capsules: fixture.capsules.reversed())
        }
        #expect(throws: KMSPolicyError.invalidReencryptionResponseSignature) {
            try fixture.verify(ursula: otherUrsula)
        }
        #expect(throws: KMSPolicyError.invalidCapsuleFrag(index: 0, .invalidCapsuleFragSignature)) {
            try fixture.verify(bob: bobVerifying)
        }
        #expect(throws: KMSPolicyError.invalidCapsuleFrag(index: 0, .invalidCapsuleFragSignature)) {
            try fixture.verify(alice: otherUrsula)
        }
        #expect(throws: KMSPolicyError.invalidCapsuleFrag(index: 0, .invalidCapsuleFragSignature)) {
            try fixture.verify(policy: fixture.bob)
        }
    }

    @Test("The ReencryptionResponse operation vectors behave as the reference's")
    func operationVectors() throws {
        let cases = try V.operationCases(prefix: "ReencryptionResponse.verify")
        #expect(cases.count == 5)
        let fixture = try Fixture(index: 0)
        let root = try V.main()
        var failures = 0
        for vector in cases {
            let name = try V.string(vector["name"], "name")
            let outcome = try V.string(vector["outcome"], "outcome")
            let attempt: () throws -> [VerifiedCapsuleFrag]
            switch name {
            case "ReencryptionResponse.verify ok":
                attempt = { try fixture.verify() }
            case "ReencryptionResponse.verify fewer capsules":
                attempt = { try fixture.verify(capsules: Array(fixture.capsules.prefix(1))) }
            case "ReencryptionResponse.verify capsules swapped":
                attempt = { try fixture.verify(capsules: fixture.capsules.reversed()) }
            case "ReencryptionResponse.verify wrong ursula key":
                let other = try V.publicKey(root, "ursula2/signing")
                attempt = { try fixture.verify(ursula: other) }
            case "ReencryptionResponse.verify wrong bob key":
                let other = try V.publicKey(root, "ursula2/encrypting")
                attempt = { try fixture.verify(bob: other) }
            default:
                Issue.record("unexpected vector \(name)")
                continue
            }
            if outcome == "ok" {
                #expect(try attempt().count == vector["result"] as? Int, "\(name)")
            } else {
                #expect(throws: KMSPolicyError.self, "\(name)") { try attempt() }
                failures += 1
            }
        }
        #expect(failures == 4)
    }

    @Test("Malformed responses are refused, including what the reference tolerates")
    func malformed() throws {
        let fixture = try Fixture(index: 0)
        let bytes = fixture.response
        // The reference ignores trailing bytes; this implementation does not.
        #expect(throws: KMSPolicyError.malformedBody(object: "ReencryptionResponse", .trailingBytes(offset: bytes.count - 8, count: 1))) {
            try ReencryptionResponse(bytes: bytes + [0x00])
        }
        #expect(throws: KMSPolicyError.wrongBrand(expected: Array("ReRs".utf8), actual: Array("ReRq".utf8))) {
            try ReencryptionResponse(bytes: Array("ReRq".utf8) + bytes.dropFirst(4))
        }
        #expect(throws: KMSPolicyError.majorVersionMismatch(expected: 3, actual: 4)) {
            try ReencryptionResponse(bytes: bytes.prefix(4) + [0, 4, 0, 0] + bytes.dropFirst(8))
        }
        #expect(throws: KMSPolicyError.unsupportedMinorVersion(supported: 0, actual: 1)) {
            try ReencryptionResponse(bytes: bytes.prefix(6) + [0, 1] + bytes.dropFirst(8))
        }
        #expect(throws: KMSPolicyError.self) { try ReencryptionResponse(bytes: bytes.prefix(8)) }
        #expect(throws: KMSPolicyError.self) { try ReencryptionResponse(bytes: bytes.dropLast()) }
        // A struct of three fields instead of two.
        var tooLong = bytes
        tooLong[8] = 0x93
        #expect(throws: KMSPolicyError.self) { try ReencryptionResponse(bytes: tooLong) }
        // The signature's high-S twin parses in the reference (and then fails to verify).
        var highS = bytes
        let s = Array(bytes.suffix(32))
        highS.replaceSubrange((bytes.count - 32)..., with: Secp256k1Order.negate(s))
        #expect(throws: KMSPolicyError.invalidUmbralValue(object: "ReencryptionResponse", field: "signature", .highSSignature)) {
            try ReencryptionResponse(bytes: highS)
        }
        // A cFrag with a point that is not on the curve.
        var badPoint = bytes
        badPoint[12...44] = ArraySlice([0x02] + [UInt8](repeating: 0, count: 31) + [0x05])
        #expect(throws: KMSPolicyError.self) { try ReencryptionResponse(bytes: badPoint) }
    }

    @Test("A fresh response round-trips, verifies, and decrypts through Bob")
    func freshFlow() throws {
        let alice = SecretKey.random()
        let publisher = Signer(SecretKey.random())
        let bob = SecretKey.random()
        let ursula = Signer(SecretKey.random())
        let kfrags = try Umbral.generateKeyFrags(
            delegating: alice, receiving: bob.publicKey, signer: publisher, threshold: 1, shares: 1)
        let (capsule1, ciphertext1) = try Umbral.encrypt(Array("first".utf8), for: alice.publicKey)
        let (capsule2, _) = try Umbral.encrypt(Array("second".utf8), for: alice.publicKey)
        let pairs = [capsule1, capsule2].map { (capsule: $0, capsuleFrag: Umbral.reencrypt($0, with: kfrags[0])) }
        let response = ReencryptionResponse(signer: ursula, capsulesAndVerifiedCapsuleFrags: pairs)
        let parsed = try ReencryptionResponse(bytes: response.bytes)
        #expect(parsed == response)
        #expect(parsed.bytes == response.bytes)
        let verified = try parsed.verify(
            capsules: [capsule1, capsule2], aliceVerifyingKey: publisher.verifyingKey,
            ursulaVerifyingKey: ursula.verifyingKey, policyEncryptingKey: alice.publicKey,
            bobEncryptingKey: bob.publicKey)
        let plaintext = try Umbral.decryptReencrypted(
            ciphertext1, capsule: capsule1, capsuleFrags: [verified[0]], receivingKey: bob,
            delegatingKey: alice.publicKey)
        #expect(plaintext == Array("first".utf8))

        let empty = ReencryptionResponse(signer: ursula, capsulesAndVerifiedCapsuleFrags: [])
        #expect(try ReencryptionResponse(bytes: empty.bytes) == empty)
        #expect(try empty.verify(
            capsules: [], aliceVerifyingKey: publisher.verifyingKey, ursulaVerifyingKey: ursula.verifyingKey,
            policyEncryptingKey: alice.publicKey, bobEncryptingKey: bob.publicKey).isEmpty)
    }

    @Test("Verification errors read like the reference's message, with the reason")
    func errorDescriptions() {
        let errors: [KMSPolicyError] = [
            .capsuleCountMismatch(capsules: 1, capsuleFrags: 2),
            .invalidReencryptionResponseSignature,
            .invalidCapsuleFrag(index: 0, .invalidReencryptionProof),
        ]
        for error in errors {
            #expect(error.description.hasPrefix("ReencryptionResponse verification failed: "), "\(error)")
        }
        #expect(KMSPolicyError.capsuleCountMismatch(capsules: 1, capsuleFrags: 2).description.contains("1 capsule(s) for 2 cFrag(s)"))
        #expect(KMSPolicyError.invalidRevocationOrderSignature.description.hasPrefix("RevocationOrder verification failed"))
        #expect(KMSPolicyError.invalidMetadataResponseSignature.description.hasPrefix("MetadataResponse verification failed"))
        #expect(KMSPolicyError.malformedBody(object: "RetrievalKit", .trailingBytes(offset: 3, count: 1)).description
            .hasPrefix("RetrievalKit: payload deserialization failed: "))
    }

    @Test("Seeded mutations of a vector ReencryptionResponse either throw or are canonical; none crashes")
    func mutations() throws {
        let bytes = try V.bytes(V.main(), "reencryption.0.response.bytes")
        let accepted = V.nonCanonicalAcceptances(of: bytes, seed: 11) { try? ReencryptionResponse(bytes: $0).bytes }
        #expect(accepted.isEmpty, "accepted non-canonical: \(accepted.map(V.hexString))")
    }
}

/// Arithmetic modulo the secp256k1 group order, for building high-S twins in tests.
enum Secp256k1Order {
    static let n: [UInt8] = try! NodeObjectVectors.hex(
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")

    /// n − s for a 32-byte big-endian s < n.
    static func negate(_ s: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: 32)
        var borrow = 0
        for index in (0..<32).reversed() {
            var difference = Int(n[index]) - Int(s[index]) - borrow
            borrow = difference < 0 ? 1 : 0
            if difference < 0 { difference += 256 }
            result[index] = UInt8(difference)
        }
        return result
    }
}
