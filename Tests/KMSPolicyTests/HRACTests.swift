import KMSPolicy
import Testing
import UmbralCore

@Suite("HRAC")
struct HRACTests {
    @Test("Alice's HRAC from the vectors' keys and label")
    func vector() throws {
        let vectors = try PREObjectVectors.main()
        let hrac = HRAC(
            publisherVerifyingKey: try PREObjectVectors.publicKey(vectors, "alice/signing"),
            bobVerifyingKey: try PREObjectVectors.publicKey(vectors, "bob/verifying"),
            label: Array(try PREObjectVectors.string(vectors, "hrac.inputs.label_utf8").utf8))
        let expected = try PREObjectVectors.bytes(vectors, "hrac.bytes")
        #expect(hrac.bytes == expected)
        #expect(hrac.description == PREObjectVectors.encodeHex(expected))
        #expect(try HRAC(bytes: expected) == hrac)
        // The treasure map and every request carry the same HRAC.
        #expect(try PREObjectVectors.bytes(vectors, "treasure_map.inputs.hrac") == expected)
    }

    @Test("Every input changes the HRAC; Bob's encrypting key is not his verifying key")
    func inputsMatter() throws {
        let vectors = try PREObjectVectors.main()
        let alice = try PREObjectVectors.publicKey(vectors, "alice/signing")
        let bob = try PREObjectVectors.publicKey(vectors, "bob/verifying")
        let bobEncrypting = try PREObjectVectors.publicKey(vectors, "bob/encrypting")
        let label = Array("vector-label/2-of-3".utf8)
        let reference = HRAC(publisherVerifyingKey: alice, bobVerifyingKey: bob, label: label)
        #expect(HRAC(publisherVerifyingKey: bob, bobVerifyingKey: alice, label: label) != reference)
        #expect(HRAC(publisherVerifyingKey: alice, bobVerifyingKey: bobEncrypting, label: label) != reference)
        #expect(HRAC(publisherVerifyingKey: alice, bobVerifyingKey: bob, label: label + [0]) != reference)
        #expect(HRAC(publisherVerifyingKey: alice, bobVerifyingKey: bob, label: "vector-label/2-of-3".utf8) == reference)
        #expect(HRAC(publisherVerifyingKey: alice, bobVerifyingKey: bob, label: []).bytes.count == 16)
    }

    @Test("Raw bytes must be exactly 16", arguments: [0, 15, 17, 32])
    func wrongLength(count: Int) {
        #expect(throws: KMSPolicyError.invalidLength(object: "HRAC", expected: 16, actual: count)) {
            try HRAC(bytes: [UInt8](repeating: 7, count: count))
        }
    }
}
