import KMSMessagePack
import KMSPolicy
import Testing
import UmbralCore

@Suite("RevocationOrder")
struct RevocationOrderTests {
    typealias V = NodeObjectVectors

    @Test("Each vector order parses, re-encodes byte for byte and verifies with Alice's key", arguments: 0..<3)
    func vectors(index: Int) throws {
        let root = try V.main()
        let path = "revocation_orders.\(index)"
        let bytes = try V.bytes(root, "\(path).bytes")
        let order = try RevocationOrder(bytes: bytes)
        #expect(order.bytes == bytes)
        let (address, encryptedKeyFrag) = try order.verify(aliceVerifyingKey: V.publicKey(root, "alice/signing"))
        #expect(address.bytes == (try V.bytes(root, "\(path).address")))
        #expect(encryptedKeyFrag.bytes == (try V.bytes(root, "\(path).encrypted_kfrag")))
        let hexAddress = V.hexString(address.bytes)
        let signed = try V.bytes(V.derived(), "signed_messages.RevocationOrder/\(hexAddress)")
        #expect(RevocationOrder.signedMessage(stakingProviderAddress: address, encryptedKeyFrag: encryptedKeyFrag) == signed)
        // The order names the same kFrag the treasure map holds for that address.
        #expect(encryptedKeyFrag.bytes == (try V.bytes(root, "treasure_map.destinations.\(hexAddress)")))
    }

    @Test("Verification fails with any key but the publisher's")
    func wrongKeys() throws {
        let root = try V.main()
        let order = try RevocationOrder(bytes: V.bytes(root, "revocation_orders.0.bytes"))
        for name in ["alice/delegating", "bob/verifying", "ursula0/signing"] {
            let key = try V.publicKey(root, name)
            #expect(throws: KMSPolicyError.invalidRevocationOrderSignature, "\(name)") {
                try order.verify(aliceVerifyingKey: key)
            }
        }
    }

    @Test("The RevocationOrder operation vectors behave as the reference's")
    func operationVectors() throws {
        let cases = try V.operationCases(prefix: "RevocationOrder.verify")
        #expect(cases.count == 2)
        let root = try V.main()
        let order = try RevocationOrder(bytes: V.bytes(root, "revocation_orders.0.bytes"))
        var failures = 0
        for vector in cases {
            let name = try V.string(vector["name"], "name")
            switch (name, try V.string(vector["outcome"], "outcome")) {
            case ("RevocationOrder.verify ok", "ok"):
                let (address, _) = try order.verify(aliceVerifyingKey: V.publicKey(root, "alice/signing"))
                #expect(V.hexString(address.bytes) == vector["result"] as? String)
            case ("RevocationOrder.verify wrong key", "error"):
                let wrong = try V.publicKey(root, "bob/verifying")
                #expect(throws: KMSPolicyError.invalidRevocationOrderSignature) { try order.verify(aliceVerifyingKey: wrong) }
                failures += 1
            default:
                Issue.record("unexpected vector \(name)")
            }
        }
        #expect(failures == 1)
    }

    @Test("A fresh order round-trips and verifies only with its signer's key")
    func fresh() throws {
        let root = try V.main()
        let alice = Signer(SecretKey.random())
        let encryptedKeyFrag = try EncryptedKeyFrag(bytes: V.bytes(root, "revocation_orders.1.encrypted_kfrag"))
        let address = try Address(bytes: [UInt8](repeating: 0x11, count: 20))
        let order = RevocationOrder(signer: alice, stakingProviderAddress: address, encryptedKeyFrag: encryptedKeyFrag)
        let parsed = try RevocationOrder(bytes: order.bytes)
        #expect(parsed == order)
        #expect(parsed.bytes == order.bytes)
        let (verifiedAddress, verifiedKeyFrag) = try parsed.verify(aliceVerifyingKey: alice.verifyingKey)
        #expect(verifiedAddress == address)
        #expect(verifiedKeyFrag == encryptedKeyFrag)
        #expect(throws: KMSPolicyError.invalidRevocationOrderSignature) {
            try parsed.verify(aliceVerifyingKey: V.publicKey(root, "alice/signing"))
        }
    }

    @Test("Malformed orders are refused, including what the reference tolerates")
    func malformed() throws {
        let root = try V.main()
        let bytes = try V.bytes(root, "revocation_orders.0.bytes")
        #expect(throws: KMSPolicyError.malformedBody(object: "RevocationOrder", .trailingBytes(offset: bytes.count - 8, count: 1))) {
            try RevocationOrder(bytes: bytes + [0])
        }
        #expect(throws: KMSPolicyError.majorVersionMismatch(expected: 3, actual: 2)) {
            try RevocationOrder(bytes: bytes.prefix(4) + [0, 2, 0, 0] + bytes.dropFirst(8))
        }
        var highS = bytes
        highS.replaceSubrange((bytes.count - 32)..., with: Secp256k1Order.negate(Array(bytes.suffix(32))))
        #expect(throws: KMSPolicyError.invalidUmbralValue(object: "RevocationOrder", field: "signature", .highSSignature)) {
            try RevocationOrder(bytes: highS)
        }
        // A 19-byte address.
        let shortAddress = Array(bytes[..<9]) + [0xc4, 0x13] + bytes[11..<30] + bytes[31...]
        #expect(throws: KMSPolicyError.malformedBody(
            object: "RevocationOrder", .wrongByteCount(field: "staking_provider_address", expected: 20, found: 19))
        ) {
            try RevocationOrder(bytes: shortAddress)
        }
        // The signature cut to 63 bytes.
        let shortSignature = Array(bytes.dropLast(65)) + [0x3f] + bytes.suffix(63)
        #expect(throws: KMSPolicyError.malformedBody(
            object: "RevocationOrder", .wrongByteCount(field: "signature", expected: 64, found: 63))
        ) {
            try RevocationOrder(bytes: shortSignature)
        }
    }

    @Test("Seeded mutations of a vector RevocationOrder either throw or are canonical; none crashes")
    func mutations() throws {
        let bytes = try V.bytes(V.main(), "revocation_orders.0.bytes")
        let accepted = V.nonCanonicalAcceptances(of: bytes, seed: 14) { try? RevocationOrder(bytes: $0).bytes }
        #expect(accepted.isEmpty, "accepted non-canonical: \(accepted.map(V.hexString))")
    }
}
