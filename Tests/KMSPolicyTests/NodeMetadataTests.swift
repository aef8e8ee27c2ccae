import KMSMessagePack
import KMSPolicy
import Testing
import UmbralCore

@Suite("NodeMetadata and NodeMetadataPayload")
struct NodeMetadataTests {
    typealias V = NodeObjectVectors

    /// Error-vector names that the reference accepts but this implementation refuses on purpose.
    static let refusedThoughReferenceAccepts: Set<String> = ["operator_signature high-S"]

    @Test("Each vector node's metadata parses, re-encodes byte for byte and carries its inputs", arguments: 0..<3)
    func roundTrip(index: Int) throws {
        let root = try V.main()
        let bytes = try V.bytes(root, "node_metadata.\(index).bytes")
        let metadata = try NodeMetadata(bytes: bytes)
        #expect(metadata.bytes == bytes)
        let payload = metadata.payload
        let inputs = "node_metadata.\(index).inputs"
        #expect(payload.stakingProviderAddress.bytes == (try V.bytes(root, "\(inputs).staking_provider_address")))
        #expect(payload.domain == (try V.string(V.value(root, "\(inputs).domain"), "domain")))
        #expect(Int(payload.timestampEpoch) == (try V.value(root, "\(inputs).timestamp_epoch") as? Int))
        #expect(payload.verifyingKey.compressedBytes == (try V.bytes(root, "\(inputs).verifying_key")))
        #expect(payload.encryptingKey.compressedBytes == (try V.bytes(root, "\(inputs).encrypting_key")))
        #expect(payload.ferveoPublicKey == (try V.bytes(root, "\(inputs).ferveo_public_key")))
        #expect(payload.certificateDER == (try V.bytes(root, "\(inputs).certificate_der")))
        #expect(payload.host == (try V.string(V.value(root, "\(inputs).host"), "host")))
        #expect(Int(payload.port) == (try V.value(root, "\(inputs).port") as? Int))
        #expect(payload.operatorSignature == (try V.bytes(root, "\(inputs).operator_signature")))
        #expect(try NodeMetadataPayload(bytes: payload.bytes) == payload)
    }

    @Test("Each vector node's metadata verifies, and its signed payload matches the derived vectors", arguments: 0..<3)
    func verifiesAndSignsPayload(index: Int) throws {
        let root = try V.main()
        let metadata = try NodeMetadata(bytes: V.bytes(root, "node_metadata.\(index).bytes"))
        #expect(metadata.verify())
        let signed = try V.bytes(V.derived(), "signed_messages.NodeMetadata/\(index)")
        #expect(metadata.payload.bytes == signed)
        let own = try V.publicKey(root, "ursula\(index)/signing")
        let other = try V.publicKey(root, "ursula\((index + 1) % 3)/signing")
        #expect(metadata.signature.verify(signed, with: own))
        #expect(!metadata.signature.verify(signed, with: other))
    }

    @Test("The operator address recovered from each node matches the vectors", arguments: 0..<3)
    func operatorAddress(index: Int) throws {
        let root = try V.main()
        let metadata = try NodeMetadata(bytes: V.bytes(root, "node_metadata.\(index).bytes"))
        let address = try metadata.payload.deriveOperatorAddress()
        #expect(address.bytes == (try V.bytes(root, "node_metadata.\(index).derived_operator_address")))
        #expect(address.bytes == (try V.bytes(root, "keys.ursula\(index)/operator-eth-key.address")))
    }

    @Test("Every NodeMetadata error vector behaves as specified (errors throw; nothing crashes)")
    func errorVectors() throws {
        let cases = try V.errorCases(types: ["NodeMetadata"])
        #expect(cases.count == 10)
        let root = try V.main()
        let ursula0 = try V.publicKey(root, "ursula0/signing")
        var thrown = 0
        for vector in cases {
            let name = try V.string(vector["name"], "name")
            let input = try V.hex(V.string(vector["input"], "input"))
            let outcome = try V.string(vector["outcome"], "outcome")
            if outcome == "error" || Self.refusedThoughReferenceAccepts.contains(name) {
                #expect(throws: KMSPolicyError.self, "\(name)") { try NodeMetadata(bytes: input) }
                thrown += 1
                continue
            }
            #expect(outcome == "accepted", "\(name)")
            let metadata = try NodeMetadata(bytes: input)
            #expect(metadata.bytes == input, "\(name)")
            let after = vector["after"] as? String ?? ""
            if after.hasPrefix("verify=True") {
                #expect(metadata.verify(), "\(name)")
                #expect(metadata.payload.verifyingKey == ursula0)
                let operatorAddress = try metadata.payload.deriveOperatorAddress()
                #expect(after.hasSuffix(NodeObjectVectors.hexString(operatorAddress.bytes)))
            } else if after == "verify=False" {
                #expect(!metadata.verify(), "\(name)")
            }
        }
        #expect(thrown == 7)
    }

    @Test("The errors name what was wrong")
    func specificErrors() throws {
        let root = try V.main()
        let bytes = try V.bytes(root, "node_metadata.0.bytes")
        #expect(throws: KMSPolicyError.majorVersionMismatch(expected: 4, actual: 3)) {
            try NodeMetadata(bytes: bytes.prefix(4) + [0, 3, 0, 0] + bytes.dropFirst(8))
        }
        #expect(throws: KMSPolicyError.malformedBody(object: "NodeMetadata", .trailingBytes(offset: bytes.count - 8, count: 2))) {
            try NodeMetadata(bytes: bytes + [0xc1, 0xc1])
        }
        // The operator signature is the last 65 bytes; its recovery byte the very last.
        var recovery27 = bytes
        recovery27[bytes.count - 1] = 27
        #expect(throws: KMSPolicyError.invalidUmbralValue(
            object: "NodeMetadataPayload", field: "operator_signature", .invalidRecoveryByte(27))
        ) {
            try NodeMetadata(bytes: recovery27)
        }
        var highS = bytes
        let sRange = (bytes.count - 33)..<(bytes.count - 1)
        highS.replaceSubrange(sRange, with: Secp256k1Order.negate(Array(bytes[sRange])))
        #expect(throws: KMSPolicyError.invalidUmbralValue(
            object: "NodeMetadataPayload", field: "operator_signature", .highSSignature)
        ) {
            try NodeMetadata(bytes: highS)
        }
        // The ferveo key starts 0x6c bytes into the body: 0x08 header + 0xab into the object.
        let ferveoStart = try #require(firstRange(of: V.bytes(root, "node_metadata.0.inputs.ferveo_public_key"), in: bytes))
        var zeroFerveo = bytes
        zeroFerveo.replaceSubrange(ferveoStart..<(ferveoStart + 96), with: [UInt8](repeating: 0, count: 96))
        #expect(throws: KMSPolicyError.invalidFerveoPublicKey(reason: "the compression flag (top bit) is not set")) {
            try NodeMetadata(bytes: zeroFerveo)
        }
        var bareFerveo = bytes
        bareFerveo.remove(at: ferveoStart - 3)  // the 0x91 of the one-element array
        #expect(throws: KMSPolicyError.malformedBody(
            object: "NodeMetadata", .typeMismatch(field: "ferveo_public_key", expected: .array, found: .binary))
        ) {
            try NodeMetadata(bytes: bareFerveo)
        }
    }

    @Test("The ferveo key's form is checked without BLS12-381 arithmetic")
    func ferveoForm() throws {
        let root = try V.main()
        let good = try V.bytes(root, "node_metadata.0.inputs.ferveo_public_key")
        let identity = [0xc0] + [UInt8](repeating: 0, count: 95)
        let fields = try NodeMetadata(bytes: V.bytes(root, "node_metadata.0.bytes")).payload
        func payload(ferveo: [UInt8]) throws(KMSPolicyError) -> NodeMetadataPayload {
            try NodeMetadataPayload(
                stakingProviderAddress: fields.stakingProviderAddress, domain: fields.domain,
                timestampEpoch: fields.timestampEpoch, verifyingKey: fields.verifyingKey,
                encryptingKey: fields.encryptingKey, ferveoPublicKey: ferveo, certificateDER: fields.certificateDER,
                host: fields.host, port: fields.port, operatorSignature: fields.operatorSignature)
        }
        #expect(try payload(ferveo: good) == fields)
        #expect(try payload(ferveo: identity).ferveoPublicKey == identity)
        #expect(throws: KMSPolicyError.invalidFerveoPublicKey(reason: "expected 96 bytes, got 95")) {
            try payload(ferveo: Array(good.dropLast()))
        }
        #expect(throws: KMSPolicyError.invalidFerveoPublicKey(reason: "the point at infinity must have no other bit set")) {
            try payload(ferveo: [0xc0] + [UInt8](repeating: 0, count: 94) + [1])
        }
        #expect(throws: KMSPolicyError.invalidFerveoPublicKey(reason: "the point at infinity must have no other bit set")) {
            try payload(ferveo: [0xe0] + [UInt8](repeating: 0, count: 95))
        }
        // Both coordinates must be below q = 0x1a0111ea…aaab.
        #expect(throws: KMSPolicyError.invalidFerveoPublicKey(reason: "a coordinate is not below the BLS12-381 field modulus")) {
            try payload(ferveo: [0x9f] + [UInt8](repeating: 0xff, count: 47) + good[48...])
        }
        #expect(throws: KMSPolicyError.invalidFerveoPublicKey(reason: "a coordinate is not below the BLS12-381 field modulus")) {
            try payload(ferveo: Array(good[..<48]) + [UInt8](repeating: 0xff, count: 48))
        }
    }

    @Test("Fresh metadata round-trips and verifies; a mismatched signer does not verify")
    func fresh() throws {
        let root = try V.main()
        // The operator signature binds the vector key, so the node keeps that signing key.
        let signer = Signer(try V.secretKey(root, "ursula0/signing"))
        let vector = try NodeMetadata(bytes: V.bytes(root, "node_metadata.0.bytes")).payload
        let payload = try NodeMetadataPayload(
            stakingProviderAddress: Address(bytes: [UInt8](repeating: 0xab, count: 20)), domain: "mainnet",
            timestampEpoch: .max, verifyingKey: signer.verifyingKey, encryptingKey: SecretKey.random().publicKey,
            ferveoPublicKey: vector.ferveoPublicKey, certificateDER: [UInt8](repeating: 7, count: 300),
            host: String(repeating: "h", count: 40), port: .max, operatorSignature: vector.operatorSignature)
        let metadata = NodeMetadata(signer: signer, payload: payload)
        let parsed = try NodeMetadata(bytes: metadata.bytes)
        #expect(parsed == metadata)
        #expect(parsed.bytes == metadata.bytes)
        #expect(parsed.verify())
        #expect(try parsed.payload.deriveOperatorAddress().bytes == (try V.bytes(root, "keys.ursula0/operator-eth-key.address")))
        let impostor = NodeMetadata(signer: Signer(SecretKey.random()), payload: payload)
        #expect(!impostor.verify())
        #expect(try !NodeMetadata(bytes: impostor.bytes).verify())
    }

    @Test("A payload parsed on its own is strict too")
    func payloadStrictness() throws {
        let root = try V.main()
        let payload = try NodeMetadata(bytes: V.bytes(root, "node_metadata.0.bytes")).payload
        let bytes = payload.bytes
        #expect(throws: KMSPolicyError.malformedBody(object: "NodeMetadataPayload", .trailingBytes(offset: bytes.count, count: 1))) {
            try NodeMetadataPayload(bytes: bytes + [0])
        }
        #expect(throws: KMSPolicyError.malformedBody(object: "NodeMetadataPayload", .wrongArity(field: "NodeMetadataPayload", expected: 10, found: 9))) {
            try NodeMetadataPayload(bytes: [0x99] + bytes.dropFirst())
        }
        #expect(throws: KMSPolicyError.self) { try NodeMetadataPayload(bytes: bytes.dropLast()) }
        #expect(throws: KMSPolicyError.self) { try NodeMetadataPayload(bytes: []) }
    }

    @Test("Seeded mutations of a vector NodeMetadata either throw or are canonical; none crashes")
    func mutations() throws {
        let bytes = try V.bytes(V.main(), "node_metadata.0.bytes")
        let accepted = V.nonCanonicalAcceptances(of: bytes, seed: 15) { try? NodeMetadata(bytes: $0).bytes }
        #expect(accepted.isEmpty, "accepted non-canonical: \(accepted.map(V.hexString))")
    }
}

private func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard needle.count <= haystack.count else { return nil }
    return (0...(haystack.count - needle.count)).first { Array(haystack[$0..<($0 + needle.count)]) == needle }
}
