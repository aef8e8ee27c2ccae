import Foundation
import KMSPolicy
import Testing

@Suite("nucypher-core 0.16 versioned header")
struct ProtocolObjectHeaderTests {
    /// The table of nucypher-core 0.16: each kind's header bytes, written out by hand.
    static let expectedHeaders: [(ProtocolObjectKind, String)] = [
        (.messageKit, "4d4b6974 0003 0000"),
        (.treasureMap, "544d6170 0003 0000"),
        (.authorizedTreasureMap, "414d6170 0003 0000"),
        (.encryptedTreasureMap, "454d6170 0003 0000"),
        (.authorizedKeyFrag, "414b4672 0003 0000"),
        (.encryptedKeyFrag, "454b4672 0003 0000"),
        (.reencryptionRequest, "52655271 0003 0000"),
        (.reencryptionResponse, "52655273 0003 0000"),
        (.retrievalKit, "524b6974 0003 0000"),
        (.revocationOrder, "5265766f 0003 0000"),
        (.nodeMetadata, "4e644d64 0004 0000"),
        (.metadataRequest, "4d645271 0003 0000"),
        (.metadataResponse, "4d645273 0003 0000"),
        // SwiftKMS's own object, absent from nucypher-core.
        (.arrangement, "41726e67 0001 0000"),
    ]

    /// The kinds nucypher-core 0.16 defines (all but SwiftKMS's arrangement).
    static let nucypherCoreKinds = Set(ProtocolObjectKind.allCases).subtracting([.arrangement])

    @Test("the table lists nucypher-core's 13 kinds and SwiftKMS's arrangement, each once")
    func tableCoversEveryKind() {
        #expect(ProtocolObjectKind.allCases.count == 14)
        #expect(Self.nucypherCoreKinds.count == 13)
        #expect(Set(Self.expectedHeaders.map(\.0)) == Set(ProtocolObjectKind.allCases))
        #expect(Set(ProtocolObjectKind.allCases.map(\.brand)).count == 14)
    }

    @Test("each kind's header encodes to the reference bytes", arguments: expectedHeaders)
    func headerBytes(kind: ProtocolObjectKind, expected: String) throws {
        #expect(kind.header.bytes == hex(expected))
        #expect(kind.brand == Array(kind.brandText.utf8))
        #expect(kind.brand.count == ProtocolObjectHeader.brandCount)
        #expect(kind.majorVersion == (kind == .nodeMetadata ? 4 : kind == .arrangement ? 1 : 3))
        #expect(kind.minorVersion == 0)
        #expect(ProtocolObjectKind(brand: kind.brand) == kind)
        #expect(try ProtocolObjectHeader(decodingPrefixOf: hex(expected)) == kind.header)
    }

    @Test("MessageKit: MKit 0003 0000, then the body verbatim")
    func messageKitRoundTrip() throws {
        let body: [UInt8] = [0x93, 0xc4, 0x01, 0xaa, 0xc4, 0x00, 0xc0]
        let encoded = ProtocolObjectKind.messageKit.encode(body: body)
        #expect(encoded == hex("4d4b6974 0003 0000") + body)
        #expect(try ProtocolObjectKind.messageKit.decodeBody(encoded) == body)
        #expect(try ProtocolObjectKind.messageKit.decodeBody(ArraySlice(encoded)) == body)
    }

    @Test("a bare header decodes to an empty body: the body is the next layer's to reject")
    func emptyBody() throws {
        #expect(try ProtocolObjectKind.treasureMap.decodeBody(hex("544d6170 0003 0000")) == [])
        #expect(ProtocolObjectKind.treasureMap.encode(body: []) == hex("544d6170 0003 0000"))
    }

    @Test("header fields, decoding a prefix and the description")
    func headerValue() throws {
        let header = try ProtocolObjectHeader(brand: Array("ReRq".utf8), major: 0x0102, minor: 0xfffe)
        #expect(header.brand == Array("ReRq".utf8))
        #expect(header.major == 0x0102)
        #expect(header.minor == 0xfffe)
        #expect(header.bytes == hex("52655271 0102 fffe"))
        #expect(header.description == "ReRq 258.65534")
        #expect(ProtocolObjectKind.nodeMetadata.header.description == "NdMd 4.0")
        let decoded = try ProtocolObjectHeader(decodingPrefixOf: header.bytes + [1, 2, 3])
        #expect(decoded == header)
        let odd = try ProtocolObjectHeader(decodingPrefixOf: hex("00 5c 41 ff 0000 0000"))
        #expect(odd.description == "\\x00\\x5cA\\xff 0.0")
        #expect(ProtocolObjectKind(brand: odd.brand) == nil)
        #expect(ProtocolObjectKind(brand: Array("MKi".utf8)) == nil)
    }

    @Test("a brand must be exactly 4 bytes")
    func brandLength() {
        for count in [0, 3, 5, 8] {
            #expect(throws: KMSPolicyError.invalidBrandLength(actual: count)) {
                try ProtocolObjectHeader(brand: [UInt8](repeating: 0x41, count: count), major: 3, minor: 0)
            }
        }
    }

    // MARK: Rejections, in the reference's order

    @Test("fewer than 8 bytes: headerTooShort", arguments: 0..<8)
    func tooShort(count: Int) {
        let bytes = Array(hex("4d4b6974 0003 0000").prefix(count))
        #expect(throws: KMSPolicyError.headerTooShort(actual: count)) {
            try ProtocolObjectKind.messageKit.decodeBody(bytes)
        }
        #expect(throws: KMSPolicyError.headerTooShort(actual: count)) {
            try ProtocolObjectHeader(decodingPrefixOf: bytes)
        }
    }

    @Test("another brand: wrongBrand, checked before the versions")
    func wrongBrand() {
        // Every field is wrong here; the brand is reported because it is checked first.
        #expect(throws: KMSPolicyError.wrongBrand(expected: Array("MKit".utf8), actual: Array("TMap".utf8))) {
            try ProtocolObjectKind.messageKit.decodeBody(hex("544d6170 0009 0007 c0"))
        }
        #expect(throws: KMSPolicyError.wrongBrand(expected: Array("MKit".utf8), actual: Array("MKiu".utf8))) {
            try ProtocolObjectKind.messageKit.decodeBody(hex("4d4b6975 0003 0000 c0"))
        }
        // Brands are case-sensitive bytes.
        #expect(throws: KMSPolicyError.wrongBrand(expected: Array("NdMd".utf8), actual: Array("NDMD".utf8))) {
            try ProtocolObjectKind.nodeMetadata.decodeBody(hex("4e444d44 0004 0000"))
        }
    }

    @Test("every kind refuses every other kind's header")
    func kindsDoNotMix() {
        for expected in ProtocolObjectKind.allCases {
            for other in ProtocolObjectKind.allCases where other != expected {
                #expect(throws: KMSPolicyError.wrongBrand(expected: expected.brand, actual: other.brand)) {
                    try expected.decodeBody(other.encode(body: [0xc0]))
                }
            }
        }
    }

    @Test("a different major, lower or higher: majorVersionMismatch, checked before the minor")
    func majorMismatch() {
        let cases: [(ProtocolObjectKind, String, UInt16)] = [
            (.messageKit, "4d4b6974 0002 0000", 2),
            (.messageKit, "4d4b6974 0004 0000", 4),
            (.messageKit, "4d4b6974 0000 0000", 0),
            (.messageKit, "4d4b6974 ffff 0000", 0xffff),
            (.messageKit, "4d4b6974 0103 0000", 0x0103),  // 259: both bytes of the u16 count
            (.messageKit, "4d4b6974 0002 0005", 2),  // a bad minor as well; the major wins
            (.nodeMetadata, "4e644d64 0003 0000", 3),
            (.nodeMetadata, "4e644d64 0005 0000", 5),
        ]
        for (kind, bytes, actual) in cases {
            #expect(throws: KMSPolicyError.majorVersionMismatch(expected: kind.majorVersion, actual: actual)) {
                try kind.decodeBody(hex(bytes))
            }
        }
    }

    @Test("a newer minor: unsupportedMinorVersion")
    func newerMinor() {
        for (bytes, actual) in [("0001", UInt16(1)), ("0100", 256), ("ffff", 0xffff)] {
            #expect(throws: KMSPolicyError.unsupportedMinorVersion(supported: 0, actual: actual)) {
                try ProtocolObjectKind.retrievalKit.decodeBody(hex("524b6974 0003" + bytes) + [0xc0])
            }
        }
        #expect(throws: KMSPolicyError.unsupportedMinorVersion(supported: 0, actual: 1)) {
            try ProtocolObjectKind.nodeMetadata.decodeBody(hex("4e644d64 0004 0001"))
        }
    }

    @Test("error descriptions match nucypher-core's Display text")
    func descriptions() {
        #expect(KMSPolicyError.headerTooShort(actual: 7).description == "bytestring too short: expected 8 bytes, got 7")
        #expect(
            KMSPolicyError.wrongBrand(expected: Array("MKit".utf8), actual: Array("TMap".utf8)).description
                == "incorrect header: expected [77, 75, 105, 116], got [84, 77, 97, 112]")
        #expect(
            KMSPolicyError.majorVersionMismatch(expected: 3, actual: 2).description
                == "differing major version: expected 3, got 2")
        #expect(
            KMSPolicyError.unsupportedMinorVersion(supported: 0, actual: 1).description
                == "unsupported minor version: expected <=0, got 1")
        #expect(KMSPolicyError.invalidBrandLength(actual: 3).description == "invalid brand: expected 4 bytes, got 3")
    }

    // MARK: Reference vectors

    /// One case of `nucypher_core_error_vectors.json`.
    struct ErrorVector: Decodable {
        let name: String
        let type: String
        let input: String?
        let outcome: String
        let error: String?
        let category: String?
    }

    static let kindsByTypeName: [String: ProtocolObjectKind] = [
        "MessageKit": .messageKit, "TreasureMap": .treasureMap, "EncryptedTreasureMap": .encryptedTreasureMap,
        "EncryptedKeyFrag": .encryptedKeyFrag, "ReencryptionRequest": .reencryptionRequest,
        "ReencryptionResponse": .reencryptionResponse, "RetrievalKit": .retrievalKit,
        "RevocationOrder": .revocationOrder, "NodeMetadata": .nodeMetadata,
        "MetadataRequest": .metadataRequest, "MetadataResponse": .metadataResponse,
    ]

    @Test("nucypher-core's negative vectors: header cases fail with the reference's text, the rest pass the header")
    func referenceErrorVectors() throws {
        let data = try SharedVectors.data("vectors/nucypher-core/nucypher_core_error_vectors.json")
        let vectors = try JSONDecoder().decode([ErrorVector].self, from: data)
        let headerCategories: Set<String> = ["TooShort", "IncorrectHeader", "MajorVersionMismatch", "UnsupportedMinorVersion"]
        var headerFailures = 0
        var headerPasses = 0
        for vector in vectors {
            guard let input = vector.input, let kind = Self.kindsByTypeName[vector.type] else { continue }
            let bytes = hex(input)
            if let category = vector.category, headerCategories.contains(category) {
                let expected = try #require(vector.error, "\(vector.name)")
                do {
                    _ = try kind.decodeBody(bytes)
                    Issue.record("\(vector.name): accepted, but the reference reports \(expected)")
                } catch {
                    #expect("Failed to deserialize: \(error)" == expected, "\(vector.name)")
                }
                headerFailures += 1
            } else {
                // Accepted objects and body-level failures both get past the header.
                let body = try kind.decodeBody(bytes)
                #expect(kind.encode(body: body) == bytes, "\(vector.name)")
                headerPasses += 1
            }
        }
        #expect(headerFailures == 6)
        #expect(headerPasses == 49)
    }

    @Test("every branded object in nucypher-core's vectors decodes and re-encodes exactly")
    func referenceObjects() throws {
        var seen: Set<ProtocolObjectKind> = []
        var count = 0
        for file in ["nucypher_core_vectors.json", "nucypher_core_vectors_derived.json"] {
            let tree = try JSONSerialization.jsonObject(with: SharedVectors.data("vectors/nucypher-core/\(file)"))
            for (path, text) in SharedVectors.strings(in: tree) {
                guard let bytes = bytesIfHex(text), bytes.count > ProtocolObjectHeader.encodedCount,
                    let kind = ProtocolObjectKind(brand: bytes.prefix(4))
                else { continue }
                let header = try ProtocolObjectHeader(decodingPrefixOf: bytes)
                #expect(header == kind.header, "\(file)\(path)")
                let body = try kind.decodeBody(bytes)
                #expect(kind.encode(body: body) == bytes, "\(file)\(path)")
                seen.insert(kind)
                count += 1
            }
        }
        #expect(seen == Self.nucypherCoreKinds)
        #expect(count >= 30)
    }
}
