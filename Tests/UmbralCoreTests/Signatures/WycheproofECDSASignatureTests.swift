// Wycheproof ECDSA secp256k1/SHA-256 verification vectors against Signature and PublicKey.
//
// A case passes when "valid" ⇔ (the signature parses and verifies). One documented project rule
// changes the expectation: UmbralCore rejects high-S signatures (s > ⌊n/2⌋; spec §3.4, project
// rule). The bitcoin file already marks those invalid; in the P1363 and plain DER files a case
// that is valid only because high-S is allowed there is expected to be rejected here, with
// `.highSSignature`, and its low-S twin (r, n − s) must verify instead. The high-S condition is
// computed from the signature bytes, not from a list of tcIds.

import Foundation
import Testing
@testable import UmbralCore

struct WycheproofECDSAGroup: Decodable, Sendable {
    struct Key: Decodable, Sendable {
        let curve: String
        let wx: HexBytes
        let wy: HexBytes
    }

    struct Case: Decodable, Sendable {
        let tcId: Int
        let comment: String
        let flags: [String]
        let msg: HexBytes
        let sig: HexBytes
        let result: WycheproofResult
    }

    let publicKey: Key
    let sha: String
    let tests: [Case]
}

/// One of the three ECDSA files, with what the run over it must find.
struct WycheproofECDSAFile: Sendable, CustomTestStringConvertible {
    enum Encoding: Sendable { case p1363, der }

    let name: String
    let encoding: Encoding
    let expectedCases: Int
    /// Valid-in-Wycheproof cases whose s is above n/2: the ones the project rule flips.
    let expectedHighSValid: Int

    var path: String { "vectors/wycheproof/\(name)" }
    var testDescription: String { name }

    static let all: [WycheproofECDSAFile] = [
        .init(name: "ecdsa_secp256k1_sha256_p1363_test.json", encoding: .p1363, expectedCases: 252, expectedHighSValid: 72),
        .init(name: "ecdsa_secp256k1_sha256_bitcoin_test.json", encoding: .der, expectedCases: 463, expectedHighSValid: 0),
        .init(name: "ecdsa_secp256k1_sha256_test.json", encoding: .der, expectedCases: 476, expectedHighSValid: 72),
    ]
}

@Suite("Wycheproof ECDSA secp256k1 SHA-256 signature verification")
struct WycheproofECDSASignatureTests {
    /// r and s of a signature as 32-byte values, read by the test's own strict DER reader (or by
    /// splitting 64 bytes); nil when the encoding is not one a valid signature could have.
    static func components(_ sig: [UInt8], _ encoding: WycheproofECDSAFile.Encoding) -> (r: [UInt8], s: [UInt8])? {
        switch encoding {
        case .p1363:
            guard sig.count == 64 else { return nil }
            return (Array(sig[0..<32]), Array(sig[32..<64]))
        case .der:
            guard let body = try? CurveTestDERReader.single(sig, tag: 0x30) else { return nil }
            var reader = CurveTestDERReader(body)
            guard let r = try? reader.read(tag: 0x02), let s = try? reader.read(tag: 0x02), reader.isAtEnd,
                  let r32 = CurveTestSupport.fixed32(r), let s32 = CurveTestSupport.fixed32(s)
            else { return nil }
            return (r32, s32)
        }
    }

    static func parse(_ sig: [UInt8], _ encoding: WycheproofECDSAFile.Encoding) -> Result<Signature, UmbralError> {
        switch encoding {
        case .p1363: Result { () throws(UmbralError) in try Signature(bytes: sig) }
        case .der: Result { () throws(UmbralError) in try Signature(derBytes: sig) }
        }
    }

    @Test("Every case gives its expected result (high-S rejected by project rule)", arguments: WycheproofECDSAFile.all)
    func verifyFile(_ file: WycheproofECDSAFile) throws {
        let vectors = try TestVectors.loadShared(WycheproofFile<WycheproofECDSAGroup>.self, from: file.path)
        #expect(vectors.algorithm == "ECDSA")

        var processed = 0
        var acceptedValid = 0
        var rejectedInvalid = 0
        var highSValidRejected = 0
        var ignoredNonVerifyingKeys = 0

        for group in vectors.testGroups {
            #expect(group.publicKey.curve == "secp256k1")
            #expect(group.sha == "SHA-256")
            let key = CurveTestSupport.publicKey(x: group.publicKey.wx.bytes, y: group.publicKey.wy.bytes)
            if key == nil { ignoredNonVerifyingKeys += 1 }

            for test in group.tests {
                processed += 1
                let sig = test.sig.bytes
                let parsed = Self.parse(sig, file.encoding)
                let verified: Bool =
                    if case .success(let signature) = parsed, let key { signature.verify(test.msg.bytes, with: key) }
                    else { false }

                switch test.result {
                case .valid:
                    guard let (r, s) = Self.components(sig, file.encoding) else {
                        Issue.record("tcId \(test.tcId): a valid case whose encoding the test cannot read")
                        continue
                    }
                    if CurveTestSupport.isHigh(s) {
                        // Project rule: valid upstream only because high-S is allowed there.
                        highSValidRejected += 1
                        #expect(parsed.failure == .highSSignature, "tcId \(test.tcId) (\(test.comment)): high-S must be refused")
                        #expect(!verified)
                        // Its low-S twin (r, n − s) is the same signature and must verify.
                        let lowS = try Scalar(bigEndianBytes: s, field: "s").negated.bigEndianBytes
                        let twin = try Signature(bytes: r + lowS)
                        #expect(key.map { twin.verify(test.msg.bytes, with: $0) } == true,
                                "tcId \(test.tcId): the low-S twin must verify")
                    } else {
                        #expect(verified, "tcId \(test.tcId) (\(test.comment)) is valid but was rejected: \(String(describing: parsed.failure))")
                        if verified {
                            acceptedValid += 1
                            if case .success(let signature) = parsed, file.encoding == .der {
                                // Strict DER: the accepted encoding is the canonical one.
                                #expect(signature.derBytes == sig, "tcId \(test.tcId): DER did not round-trip")
                            }
                        }
                    }
                case .invalid:
                    #expect(!verified, "tcId \(test.tcId) (\(test.comment)) is invalid but was accepted")
                    if !verified { rejectedInvalid += 1 }
                case .acceptable:
                    Issue.record("tcId \(test.tcId): these files have no 'acceptable' cases; one appeared")
                }
            }
        }

        #expect(processed == file.expectedCases)
        #expect(processed == vectors.numberOfTests)
        #expect(highSValidRejected == file.expectedHighSValid)
        #expect(acceptedValid + rejectedInvalid + highSValidRejected == processed)
        #expect(ignoredNonVerifyingKeys == 0, "every group key must decode through the compressed form")
    }

    @Test("BER and non-minimal DER forms of a valid signature are all rejected")
    func strictDER() throws {
        let vectors = try TestVectors.loadShared(
            WycheproofFile<WycheproofECDSAGroup>.self, from: "vectors/wycheproof/ecdsa_secp256k1_sha256_bitcoin_test.json")
        let bitcoinBER = vectors.testGroups.flatMap(\.tests).filter { $0.flags.contains("BerEncodedSignature") }
        #expect(bitcoinBER.count == 7)
        for test in bitcoinBER {
            #expect(test.result == .invalid)
            #expect(throws: UmbralError.self, "tcId \(test.tcId) (\(test.comment))") {
                try Signature(derBytes: test.sig.bytes)
            }
        }

        // Hand-made variants of one canonical low-S signature.
        let signature = try Signature(bytes: CurveTestSupport.bytes(
            "38b4d3f8c9de78f57412d6e7aeb56b7fe2f6520a8e0182c877d8928386c8c312"
                + "4a8b14a6d9eb959571cd7a23d3221a4d478a572d695d1e3654c207d7848959bd"))
        let der = signature.derBytes
        #expect(try Signature(derBytes: der) == signature)
        let r = Array(der[4..<(4 + Int(der[3]))])
        let sPart = Array(der[(4 + r.count)...])
        let body = Array(der[2...])
        let variants: [(String, [UInt8])] = [
            ("long-form SEQUENCE length", [0x30, 0x81, der[1]] + body),
            ("BER indefinite length", [0x30, 0x80] + body + [0x00, 0x00]),
            ("trailing byte", der + [0x00]),
            ("r with a redundant leading zero", [0x30, der[1] + 1, 0x02, UInt8(r.count + 1), 0x00] + r + sPart),
            ("r with a long-form length", [0x30, der[1] + 1, 0x02, 0x81, UInt8(r.count)] + r + sPart),
            ("SEQUENCE length one too long", [0x30, der[1] + 1] + body),
            ("SEQUENCE length one too short", [0x30, der[1] - 1] + body),
            ("negative r", [0x30, der[1], 0x02, der[3]] + [r[0] | 0x80] + r.dropFirst() + sPart),
            ("wrong outer tag", [0x31] + der.dropFirst()),
            ("empty", []),
        ]
        var rejected = 0
        for (name, bytes) in variants {
            #expect(throws: UmbralError.self, "\(name)") { try Signature(derBytes: bytes) }
            if (try? Signature(derBytes: bytes)) == nil { rejected += 1 }
        }
        #expect(rejected == variants.count)
    }
}

