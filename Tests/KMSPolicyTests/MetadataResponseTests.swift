import KMSMessagePack
import KMSPolicy
import Testing
import UmbralCore

@Suite("MetadataResponse and MetadataResponsePayload")
struct MetadataResponseTests {
    typealias V = NodeObjectVectors

    /// Error-vector names that the reference accepts but this implementation refuses on purpose.
    static let refusedThoughReferenceAccepts: Set<String> = ["signature high-S twin (n - s)"]

    @Test("The vector response parses, re-encodes byte for byte and verifies with Ursula 0's key")
    func vector() throws {
        let root = try V.main()
        let bytes = try V.bytes(root, "metadata_response.bytes")
        let response = try MetadataResponse(bytes: bytes)
        #expect(response.bytes == bytes)
        let payload = try response.verify(verifyingKey: V.publicKey(root, "ursula0/signing"))
        #expect(payload.timestampEpoch == 1_700_000_123)
        #expect(payload.announceNodes == (try FleetStateChecksumTests.nodes()))
        #expect(payload.bytes == (try V.bytes(V.derived(), "signed_messages.MetadataResponse")))
        #expect(try MetadataResponsePayload(bytes: payload.bytes) == payload)
    }

    @Test("Verification fails with any other key")
    func wrongKeys() throws {
        let root = try V.main()
        let response = try MetadataResponse(bytes: V.bytes(root, "metadata_response.bytes"))
        for name in ["ursula1/signing", "ursula2/signing", "ursula0/encrypting", "alice/signing"] {
            let key = try V.publicKey(root, name)
            #expect(throws: KMSPolicyError.invalidMetadataResponseSignature, "\(name)") {
                try response.verify(verifyingKey: key)
            }
        }
    }

    @Test("Every MetadataResponse error vector behaves as specified (errors throw; nothing crashes)")
    func errorVectors() throws {
        let cases = try V.errorCases(types: ["MetadataResponse"])
        #expect(cases.count == 6)
        let root = try V.main()
        let ursula0 = try V.publicKey(root, "ursula0/signing")
        let ursula1 = try V.publicKey(root, "ursula1/signing")
        var thrown = 0
        for vector in cases {
            let name = try V.string(vector["name"], "name")
            let input = try V.hex(V.string(vector["input"], "input"))
            let outcome = try V.string(vector["outcome"], "outcome")
            if outcome == "error" || Self.refusedThoughReferenceAccepts.contains(name) {
                #expect(throws: KMSPolicyError.self, "\(name)") { try MetadataResponse(bytes: input) }
                thrown += 1
                continue
            }
            let response = try MetadataResponse(bytes: input)
            #expect(response.bytes == input, "\(name)")
            switch vector["after"] as? String {
            case "verify ok":
                #expect(throws: Never.self, "\(name)") { try response.verify(verifyingKey: ursula0) }
            case let after?:
                #expect(after.contains("MetadataResponse verification failed"), "\(name)")
                #expect(throws: KMSPolicyError.invalidMetadataResponseSignature, "\(name)") {
                    try response.verify(verifyingKey: ursula1)
                }
            case nil:
                Issue.record("\(name) has no expected verification outcome")
            }
        }
        #expect(thrown == 4)
    }

    @Test("Malformed signatures are refused with the reason")
    func malformedSignatures() throws {
        let root = try V.main()
        let bytes = try V.bytes(root, "metadata_response.bytes")
        // The signature is bin8(64) at offset 9: c4 40 then r (11..<43) and s (43..<75).
        var rZero = bytes
        rZero.replaceSubrange(11..<43, with: [UInt8](repeating: 0, count: 32))
        #expect(throws: KMSPolicyError.invalidUmbralValue(
            object: "MetadataResponse", field: "signature", .invalidSignatureComponent("r must be in [1, n)"))
        ) {
            try MetadataResponse(bytes: rZero)
        }
        var highS = bytes
        highS.replaceSubrange(43..<75, with: Secp256k1Order.negate(Array(bytes[43..<75])))
        #expect(throws: KMSPolicyError.invalidUmbralValue(object: "MetadataResponse", field: "signature", .highSSignature)) {
            try MetadataResponse(bytes: highS)
        }
        #expect(throws: KMSPolicyError.malformedBody(object: "MetadataResponse", .trailingBytes(offset: bytes.count - 8, count: 1))) {
            try MetadataResponse(bytes: bytes + [0])
        }
    }

    @Test("A fresh response round-trips and verifies only with its signer's key")
    func fresh() throws {
        let nodes = try FleetStateChecksumTests.nodes()
        let signer = Signer(SecretKey.random())
        for payload in [
            MetadataResponsePayload(timestampEpoch: 5, announceNodes: []),
            MetadataResponsePayload(timestampEpoch: .max, announceNodes: [nodes[1], nodes[2]]),
        ] {
            let response = MetadataResponse(signer: signer, payload: payload)
            let parsed = try MetadataResponse(bytes: response.bytes)
            #expect(parsed == response)
            #expect(parsed.bytes == response.bytes)
            #expect(try parsed.verify(verifyingKey: signer.verifyingKey) == payload)
            #expect(throws: KMSPolicyError.invalidMetadataResponseSignature) {
                try parsed.verify(verifyingKey: SecretKey.random().publicKey)
            }
        }
        // The spec's example: payload (5, []) encodes as 92 05 90.
        #expect(MetadataResponsePayload(timestampEpoch: 5, announceNodes: []).bytes == [0x92, 0x05, 0x90])
    }

    @Test("Seeded mutations of a vector MetadataResponse either throw or are canonical; none crashes")
    func mutations() throws {
        let bytes = try V.bytes(V.main(), "metadata_response.bytes")
        let accepted = V.nonCanonicalAcceptances(of: bytes, seed: 17) { try? MetadataResponse(bytes: $0).bytes }
        #expect(accepted.isEmpty, "accepted non-canonical: \(accepted.map(V.hexString))")
    }
}
