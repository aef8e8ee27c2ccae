import KMSPolicy
import Testing
import UmbralCore

@Suite("AuthorizedTreasureMap")
struct AuthorizedTreasureMapTests {
    @Test("The vectors' AMap parses, re-encodes, signs the vectors' message and verifies")
    func derivedVector() throws {
        let vectors = try PREObjectVectors.main()
        let derived = try PREObjectVectors.derived()
        let bytes = try PREObjectVectors.bytes(derived, "authorized_treasure_map")
        #expect(bytes.count == 1834)
        let authorized = try AuthorizedTreasureMap(bytes: bytes)
        #expect(authorized.bytes == bytes)
        #expect(authorized.treasureMap.bytes == (try PREObjectVectors.bytes(vectors, "treasure_map.bytes")))

        let bob = try PREObjectVectors.publicKey(vectors, "bob/encrypting")
        let message = AuthorizedTreasureMap.signedMessage(recipientKey: bob, treasureMap: authorized.treasureMap)
        #expect(message == (try PREObjectVectors.bytes(derived, "signed_messages.AuthorizedTreasureMap")))
        #expect(message.count == 33 + 1767)

        let alice = try PREObjectVectors.publicKey(vectors, "alice/signing")
        #expect(try authorized.verify(recipientKey: bob, publisherVerifyingKey: alice) == authorized.treasureMap)
        // Signed over Bob's encrypting key: his verifying key, or Alice as recipient, do not verify.
        for recipient in [try PREObjectVectors.publicKey(vectors, "bob/verifying"), alice] {
            #expect(throws: KMSPolicyError.signatureVerificationFailed(object: "AuthorizedTreasureMap")) {
                try authorized.verify(recipientKey: recipient, publisherVerifyingKey: alice)
            }
        }
        #expect(throws: KMSPolicyError.signatureVerificationFailed(object: "AuthorizedTreasureMap")) {
            try authorized.verify(recipientKey: bob, publisherVerifyingKey: PREObjectVectors.publicKey(vectors, "ursula0/signing"))
        }
    }

    @Test("Malformed AMap bytes are refused: trailing bytes, headered inner map, wrong brand")
    func malformed() throws {
        let derived = try PREObjectVectors.derived()
        let vectors = try PREObjectVectors.main()
        let bytes = try PREObjectVectors.bytes(derived, "authorized_treasure_map")
        #expect(throws: KMSPolicyError.self) { try AuthorizedTreasureMap(bytes: bytes + [0]) }
        #expect(throws: KMSPolicyError.wrongBrand(expected: Array("AMap".utf8), actual: Array("TMap".utf8))) {
            try AuthorizedTreasureMap(bytes: Array("TMap".utf8) + bytes.dropFirst(4))
        }
        // The inner map must be bare: splicing in the headered TMap bytes breaks the body.
        let headered = Array(bytes.prefix(0x4b)) + (try PREObjectVectors.bytes(vectors, "treasure_map.bytes"))
        #expect(throws: KMSPolicyError.self) { try AuthorizedTreasureMap(bytes: headered) }
    }

    @Test("A fresh AMap round-trips and verifies only for its recipient and publisher")
    func freshRoundTrip() throws {
        var policy = try TreasureMapTests.Policy()
        let map = try policy.map()
        var rng = PREObjectTestRNG(seed: 5)
        let bob = policy.bobEncrypting.publicKey
        let authorized = AuthorizedTreasureMap(signer: policy.alice, recipientKey: bob, treasureMap: map, using: &rng)
        let parsed = try AuthorizedTreasureMap(bytes: authorized.bytes)
        #expect(parsed == authorized)
        #expect(try parsed.verify(recipientKey: bob, publisherVerifyingKey: policy.alice.verifyingKey) == map)
        #expect(throws: KMSPolicyError.signatureVerificationFailed(object: "AuthorizedTreasureMap")) {
            try parsed.verify(recipientKey: policy.bobVerifying.publicKey, publisherVerifyingKey: policy.alice.verifyingKey)
        }
        let unseeded = AuthorizedTreasureMap(signer: policy.alice, recipientKey: bob, treasureMap: map)
        #expect(unseeded.signature != authorized.signature)
        #expect(try unseeded.verify(recipientKey: bob, publisherVerifyingKey: policy.alice.verifyingKey) == map)
    }

    @Test("Seeded mutants of the vector AMap: never a crash, and whatever parses re-encodes to itself")
    func mutants() throws {
        let bytes = try PREObjectVectors.bytes(PREObjectVectors.derived(), "authorized_treasure_map")
        PREObjectVectors.expectStrictOnMutants(of: bytes, seed: 8) { (input) throws(KMSPolicyError) in
            try AuthorizedTreasureMap(bytes: input).bytes
        }
    }
}
