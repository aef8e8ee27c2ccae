// Wycheproof ECDH secp256k1 vectors, used to test point decoding and scalar multiplication.
//
// Each case's public key is a SubjectPublicKeyInfo, read by the test's strict DER reader (named
// curve secp256k1 only). Uncompressed points go through the compress-then-compare-y route (the
// only way into a PublicKey, which accepts 33-byte compressed points only); compressed points are
// parsed directly. The shared secret x(private · public) is computed with Scalar and Point.
//
// Acceptable cases UmbralCore rejects, by design of this test's SPKI reader (the library itself
// never reads SPKI):
//   * flag InvalidAsn: BER or otherwise malformed ASN.1 (strict DER only), or well-formed DER
//     whose BIT STRING was altered (appended, prepended, truncated or modified bytes) so that it
//     no longer holds a valid SEC1 point;
//   * flag UnnamedCurve: explicit curve parameters instead of the secp256k1 OID.
// The one acceptable compressed-point case is accepted and must give the shared secret.

import Foundation
import Testing
@testable import UmbralCore

struct WycheproofECDHGroup: Decodable, Sendable {
    struct Case: Decodable, Sendable {
        let tcId: Int
        let comment: String
        let flags: [String]
        let `public`: HexBytes
        let `private`: HexBytes
        let shared: HexBytes
        let result: WycheproofResult
    }

    let curve: String
    let encoding: String
    let tests: [Case]
}

@Suite("Wycheproof ECDH secp256k1: point decoding and scalar multiplication (Curve)")
struct WycheproofECDHCurveTests {
    enum Outcome: Equatable {
        case accepted(shared: [UInt8])
        case spkiRejected
        case pointRejected
    }

    static func run(_ test: WycheproofECDHGroup.Case) throws -> Outcome {
        guard let encoded = try? CurveTestSupport.subjectPublicKeyPoint(test.public.bytes) else { return .spkiRejected }
        guard let key = CurveTestSupport.publicKey(sec1: encoded) else { return .pointRejected }
        // The private values carry a leading 00 sign byte at most; none needs reducing mod n.
        let privateBytes = try #require(CurveTestSupport.fixed32(test.private.bytes), "tcId \(test.tcId): private key longer than 32 bytes")
        let scalar = try Scalar(nonZeroBigEndianBytes: privateBytes, field: "private")
        let product = scalar * key.point
        let x = try #require(product.affineCoordinates?.x, "tcId \(test.tcId): product is the identity")
        return .accepted(shared: x)
    }

    @Test("Every valid case decodes and gives the shared x; invalid ones fail to decode")
    func ecdhFile() throws {
        let vectors = try TestVectors.loadShared(
            WycheproofFile<WycheproofECDHGroup>.self, from: "vectors/wycheproof/ecdh_secp256k1_test.json")
        #expect(vectors.algorithm == "ECDH")

        var processed = 0
        var validAccepted = 0
        var acceptableAccepted = 0
        var acceptableRejectedAsn = 0
        var acceptableRejectedAsnPoint = 0
        var acceptableRejectedExplicitCurve = 0
        var invalidRejected = 0
        var compressedValidOrAcceptable = 0

        for group in vectors.testGroups {
            #expect(group.curve == "secp256k1")
            #expect(group.encoding == "asn")
            for test in group.tests {
                processed += 1
                let outcome = try Self.run(test)
                switch (test.result, outcome) {
                case (.valid, .accepted(let shared)), (.acceptable, .accepted(let shared)):
                    #expect(shared == test.shared.bytes, "tcId \(test.tcId) (\(test.comment)): wrong shared secret")
                    if shared == test.shared.bytes {
                        if test.result == .valid { validAccepted += 1 } else { acceptableAccepted += 1 }
                    }
                    if test.flags.contains("CompressedPoint") { compressedValidOrAcceptable += 1 }
                case (.valid, let rejection):
                    Issue.record("tcId \(test.tcId) (\(test.comment)): valid but \(rejection)")
                case (.acceptable, let rejection):
                    if test.flags.contains("InvalidAsn") {
                        // Either the DER itself is malformed, or it is well-formed DER whose BIT
                        // STRING was altered so that it no longer holds a SEC1 point.
                        if rejection == .spkiRejected { acceptableRejectedAsn += 1 }
                        if rejection == .pointRejected { acceptableRejectedAsnPoint += 1 }
                    } else if test.flags.contains("UnnamedCurve") {
                        #expect(rejection == .spkiRejected, "tcId \(test.tcId)")
                        acceptableRejectedExplicitCurve += 1
                    } else {
                        Issue.record("tcId \(test.tcId) (\(test.comment)): acceptable case rejected (\(rejection)) with no documented reason")
                    }
                case (.invalid, .accepted):
                    Issue.record("tcId \(test.tcId) (\(test.comment)): invalid but accepted")
                case (.invalid, _):
                    invalidRejected += 1
                }
            }
        }

        #expect(processed == 752)
        #expect(processed == vectors.numberOfTests)
        #expect(validAccepted == 473)
        #expect(acceptableAccepted == 1)
        #expect(compressedValidOrAcceptable == 1)
        #expect(acceptableRejectedAsn == 216)
        #expect(acceptableRejectedAsnPoint == 6)
        #expect(acceptableRejectedExplicitCurve == 7)
        #expect(invalidRejected == 49)
        #expect(validAccepted + acceptableAccepted + acceptableRejectedAsn + acceptableRejectedAsnPoint
                + acceptableRejectedExplicitCurve + invalidRejected == processed)
    }

    @Test("Invalid points are refused by the point decoder itself, not only by the SPKI reader")
    func invalidPointsFailAtDecoding() throws {
        let vectors = try TestVectors.loadShared(
            WycheproofFile<WycheproofECDHGroup>.self, from: "vectors/wycheproof/ecdh_secp256k1_test.json")
        var pointRejections = 0
        for test in vectors.testGroups.flatMap(\.tests) where test.result == .invalid {
            // Only cases whose SPKI is well-formed for secp256k1 reach the decoder.
            guard let encoded = try? CurveTestSupport.subjectPublicKeyPoint(test.public.bytes) else { continue }
            #expect(CurveTestSupport.publicKey(sec1: encoded) == nil, "tcId \(test.tcId) (\(test.comment))")
            pointRejections += 1
        }
        // 16 InvalidCurveAttack, 2 ModifiedPublicPoint, 1 empty point, 3 compressed (one not on
        // the curve, two with x = 0 whose y² = 7 is not a square).
        #expect(pointRejections == 22)
    }
}
