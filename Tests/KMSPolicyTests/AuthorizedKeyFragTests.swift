import KMSMessagePack
import KMSPolicy
import Testing
import UmbralCore

@Suite("AuthorizedKeyFrag")
struct AuthorizedKeyFragTests {
    /// Ursula `index` holds kFrag `index`, under her staking-provider address.
    @Test("The decrypted AKFr of each Ursula parses, re-encodes, and signs the vectors' message", arguments: [0, 1, 2])
    func derivedVectors(ursula: Int) throws {
        let vectors = try PREObjectVectors.main()
        let derived = try PREObjectVectors.derived()
        let address = try PREObjectVectors.ursulaAddress(vectors, ursula)
        let hex = PREObjectVectors.encodeHex(address.bytes)
        let bytes = try PREObjectVectors.bytes(derived, "authorized_kfrags.\(hex)")
        #expect(bytes.count == 385)
        let authorized = try AuthorizedKeyFrag(bytes: bytes)
        #expect(authorized.bytes == bytes)
        #expect(authorized.keyFrag.messagePackBytes == (try PREObjectVectors.bytes(vectors, "kfrags.kfrags_msgpack.\(ursula)")))

        let hrac = try HRAC(bytes: PREObjectVectors.bytes(vectors, "hrac.bytes"))
        let message = AuthorizedKeyFrag.signedMessage(hrac: hrac, keyFrag: authorized.keyFrag)
        #expect(message == (try PREObjectVectors.bytes(derived, "signed_messages.AuthorizedKeyFrag/u\(ursula)")))
        #expect(message.count == 326)

        let publisher = try PREObjectVectors.publicKey(vectors, "alice/signing")
        let verified = try authorized.verify(hrac: hrac, publisherVerifyingKey: publisher)
        #expect(verified.unverified == authorized.keyFrag)
        #expect(throws: KMSPolicyError.signatureVerificationFailed(object: "AuthorizedKeyFrag")) {
            try authorized.verify(hrac: HRAC(bytes: [UInt8](repeating: 0, count: 16)), publisherVerifyingKey: publisher)
        }
        #expect(throws: KMSPolicyError.signatureVerificationFailed(object: "AuthorizedKeyFrag")) {
            try authorized.verify(hrac: hrac, publisherVerifyingKey: PREObjectVectors.publicKey(vectors, "bob/verifying"))
        }
    }

    @Test("A fresh AKFr round-trips and verifies only for its HRAC and publisher")
    func freshRoundTrip() throws {
        var rng = PREObjectTestRNG(seed: 7)
        let alice = Signer(SecretKey.random(using: &rng))
        let delegating = SecretKey.random(using: &rng)
        let bob = SecretKey.random(using: &rng)
        let keyFrag = try Umbral.generateKeyFrags(
            delegating: delegating, receiving: bob.publicKey, signer: alice, threshold: 1, shares: 1, using: &rng)[0]
        let hrac = HRAC(publisherVerifyingKey: alice.verifyingKey, bobVerifyingKey: bob.publicKey, label: "fresh".utf8)
        let authorized = AuthorizedKeyFrag(signer: alice, hrac: hrac, keyFrag: keyFrag, using: &rng)
        let parsed = try AuthorizedKeyFrag(bytes: authorized.bytes)
        #expect(parsed == authorized)
        #expect(parsed.bytes == authorized.bytes)
        #expect(try parsed.verify(hrac: hrac, publisherVerifyingKey: alice.verifyingKey) == keyFrag)
        let otherHRAC = HRAC(publisherVerifyingKey: alice.verifyingKey, bobVerifyingKey: bob.publicKey, label: "other".utf8)
        #expect(throws: KMSPolicyError.signatureVerificationFailed(object: "AuthorizedKeyFrag")) {
            try parsed.verify(hrac: otherHRAC, publisherVerifyingKey: alice.verifyingKey)
        }
        // The system-random initializer signs the same message with a different (hedged) nonce.
        let unseeded = AuthorizedKeyFrag(signer: alice, hrac: hrac, keyFrag: keyFrag)
        #expect(unseeded.signature != authorized.signature)
        #expect(try unseeded.verify(hrac: hrac, publisherVerifyingKey: alice.verifyingKey) == keyFrag)
    }

    @Test("Malformed AKFr bytes are refused: header, arity, trailing bytes, signature, kFrag")
    func malformed() throws {
        let derived = try PREObjectVectors.derived()
        let vectors = try PREObjectVectors.main()
        let address = try PREObjectVectors.ursulaAddress(vectors, 0)
        let bytes = try PREObjectVectors.bytes(derived, "authorized_kfrags.\(PREObjectVectors.encodeHex(address.bytes))")
        func refuse(_ input: [UInt8], _ check: (KMSPolicyError) -> Bool) {
            do {
                _ = try AuthorizedKeyFrag(bytes: input)
                Issue.record("accepted a malformed AKFr")
            } catch {
                #expect(check(error), "\(error)")
            }
        }
        refuse(Array("EKFr".utf8) + bytes.dropFirst(4)) { if case .wrongBrand = $0 { true } else { false } }
        refuse(bytes + [0]) { $0 == .malformedBody(object: "AuthorizedKeyFrag", .trailingBytes(offset: 377, count: 1)) }
        refuse(Array(bytes.prefix(8)) + [0x93] + bytes.dropFirst(9)) { if case .malformedBody = $0 { true } else { false } }
        var highS = bytes
        // Replace s (bytes 0x2b...0x4a of the signature) with n − 1, which is above n/2.
        let nMinusOne: [UInt8] = [
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
            0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x40,
        ]
        highS.replaceSubrange(0x2b..<0x4b, with: nMinusOne)
        refuse(highS) { $0 == .invalidUmbralValue(object: "AuthorizedKeyFrag", field: "signature", .highSSignature) }
        var foreignU = bytes
        foreignU[0x60] ^= 0x01  // a byte of the x coordinate of the kFrag's embedded U
        refuse(foreignU) { if case .invalidUmbralValue(_, "kfrag", _) = $0 { true } else { false } }
    }

    @Test("Seeded mutants of an AKFr: never a crash, and whatever parses re-encodes to itself")
    func mutants() throws {
        let vectors = try PREObjectVectors.main()
        let address = PREObjectVectors.encodeHex(try PREObjectVectors.ursulaAddress(vectors, 2).bytes)
        let bytes = try PREObjectVectors.bytes(PREObjectVectors.derived(), "authorized_kfrags.\(address)")
        PREObjectVectors.expectStrictOnMutants(of: bytes, seed: 5) { (input) throws(KMSPolicyError) in
            try AuthorizedKeyFrag(bytes: input).bytes
        }
    }
}
