// Helpers shared by the Curve and Signatures suites: a small strict DER reader (independent of
// the library's own DER code, so the tests do not trust what they test), SubjectPublicKeyInfo
// decoding for secp256k1, and Wycheproof-style integer and point conversions.

import Foundation
import Testing
@testable import UmbralCore

/// Why the test-side DER reader refused its input.
enum CurveTestDERError: Error, Equatable {
    case unexpectedTag(expected: UInt8, found: UInt8?)
    case badLength
    case truncated
    case trailingBytes
    case wrongAlgorithm
    case badBitString
}

/// A strict DER reader for the handful of shapes the tests need (SEQUENCE, INTEGER, OID, BIT
/// STRING): definite lengths only, minimal length encodings only, no trailing data.
struct CurveTestDERReader {
    private let bytes: [UInt8]
    private var offset: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
    }

    var isAtEnd: Bool { offset == bytes.count }

    /// Reads one TLV with the given tag and returns its contents.
    mutating func read(tag: UInt8) throws(CurveTestDERError) -> [UInt8] {
        guard offset < bytes.count else { throw .unexpectedTag(expected: tag, found: nil) }
        guard bytes[offset] == tag else { throw .unexpectedTag(expected: tag, found: bytes[offset]) }
        guard offset + 1 < bytes.count else { throw .truncated }
        let first = bytes[offset + 1]
        var cursor = offset + 2
        let length: Int
        switch first {
        case 0..<0x80:
            length = Int(first)
        case 0x81:
            guard cursor < bytes.count else { throw .truncated }
            length = Int(bytes[cursor])
            cursor += 1
            guard length >= 0x80 else { throw .badLength }  // should have used the short form
        case 0x82:
            guard cursor + 1 < bytes.count else { throw .truncated }
            length = Int(bytes[cursor]) << 8 | Int(bytes[cursor + 1])
            cursor += 2
            guard length >= 0x100 else { throw .badLength }  // should have used fewer bytes
        default:
            // 0x80 is the BER indefinite form; longer length fields never occur in these inputs.
            throw .badLength
        }
        guard length <= bytes.count - cursor else { throw .truncated }
        offset = cursor + length
        return Array(bytes[cursor..<cursor + length])
    }

    /// Reads a whole input that must be exactly one TLV with `tag`.
    static func single(_ bytes: [UInt8], tag: UInt8) throws(CurveTestDERError) -> [UInt8] {
        var reader = CurveTestDERReader(bytes)
        let contents = try reader.read(tag: tag)
        guard reader.isAtEnd else { throw .trailingBytes }
        return contents
    }
}

enum CurveTestSupport {
    /// DER contents of the OID id-ecPublicKey (1.2.840.10045.2.1).
    static let idECPublicKey: [UInt8] = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01]
    /// DER contents of the OID secp256k1 (1.3.132.0.10).
    static let secp256k1OID: [UInt8] = [0x2b, 0x81, 0x04, 0x00, 0x0a]

    /// The group order n and ⌊n/2⌋, written out here rather than taken from the library.
    static let orderHex = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"
    static let halfOrderHex = "7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0"
    static let primeHex = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f"

    static func bytes(_ hex: String) -> [UInt8] {
        do {
            return try [UInt8](hex: hex)
        } catch {
            Issue.record("bad hex constant in a test: \(error)")
            return []
        }
    }

    /// Parses a SubjectPublicKeyInfo that names id-ecPublicKey with the secp256k1 OID and returns
    /// the encoded point from the BIT STRING. Explicit curve parameters, other curves and any
    /// non-DER encoding are refused.
    static func subjectPublicKeyPoint(_ der: [UInt8]) throws(CurveTestDERError) -> [UInt8] {
        var outer = CurveTestDERReader(try CurveTestDERReader.single(der, tag: 0x30))
        var algorithm = CurveTestDERReader(try outer.read(tag: 0x30))
        guard try algorithm.read(tag: 0x06) == idECPublicKey else { throw .wrongAlgorithm }
        guard try algorithm.read(tag: 0x06) == secp256k1OID else { throw .wrongAlgorithm }
        guard algorithm.isAtEnd else { throw .trailingBytes }
        let bitString = try outer.read(tag: 0x03)
        guard outer.isAtEnd else { throw .trailingBytes }
        guard let unusedBits = bitString.first, unusedBits == 0 else { throw .badBitString }
        return Array(bitString.dropFirst())
    }

    /// A Wycheproof big-endian integer (possibly with a leading 00 sign byte, possibly short) as
    /// exactly 32 bytes; nil when its value needs more than 32 bytes.
    static func fixed32(_ value: [UInt8]) -> [UInt8]? {
        let digits = Array(value.drop(while: { $0 == 0 }))
        guard digits.count <= 32 else { return nil }
        return [UInt8](repeating: 0, count: 32 - digits.count) + digits
    }

    /// Whether a 32-byte big-endian value is above ⌊n/2⌋ (a high-S signature value).
    static func isHigh(_ s32: [UInt8]) -> Bool {
        bytes(halfOrderHex).lexicographicallyPrecedes(s32)
    }

    /// Builds a public key from affine coordinates the only way the library allows: compress
    /// (prefix from the parity of y, then x) and parse, then require the decoded y to equal the
    /// given y. The last step is what rejects a point that is not on the curve.
    static func publicKey(x: [UInt8], y: [UInt8]) -> PublicKey? {
        guard let x32 = fixed32(x), let y32 = fixed32(y) else { return nil }
        let prefix: UInt8 = (y32[31] & 1) == 1 ? 0x03 : 0x02
        guard let key = try? PublicKey(compressedBytes: [prefix] + x32) else { return nil }
        guard let decoded = key.point.affineCoordinates, decoded.y == y32, decoded.x == x32 else { return nil }
        return key
    }

    /// Decodes a SEC1 point from a SubjectPublicKeyInfo: uncompressed points through
    /// ``publicKey(x:y:)``, compressed ones directly.
    static func publicKey(sec1 point: [UInt8]) -> PublicKey? {
        if point.count == 65, point[0] == 0x04 {
            return publicKey(x: Array(point[1..<33]), y: Array(point[33..<65]))
        }
        if point.count == 33, point[0] == 0x02 || point[0] == 0x03 {
            return try? PublicKey(compressedBytes: point)
        }
        return nil
    }
}

@Suite("Curve test support: the test-side DER reader is strict")
struct CurveTestSupportTests {
    @Test("A minimal SubjectPublicKeyInfo for secp256k1 yields its point")
    func spkiAccepts() throws {
        let point = [UInt8]([0x02]) + [UInt8](repeating: 0x11, count: 32)
        let algorithm: [UInt8] = [0x30, 0x10, 0x06, 0x07] + CurveTestSupport.idECPublicKey
            + [0x06, 0x05] + CurveTestSupport.secp256k1OID
        let bitString: [UInt8] = [0x03, 0x22, 0x00] + point
        let body = algorithm + bitString
        let spki: [UInt8] = [0x30, UInt8(body.count)] + body
        #expect(try CurveTestSupport.subjectPublicKeyPoint(spki) == point)
        // Long-form length where the short form fits, a trailing byte, and a BER indefinite length.
        #expect(throws: CurveTestDERError.badLength) {
            try CurveTestSupport.subjectPublicKeyPoint([0x30, 0x81, UInt8(body.count)] + body)
        }
        #expect(throws: CurveTestDERError.trailingBytes) {
            try CurveTestSupport.subjectPublicKeyPoint(spki + [0x00])
        }
        #expect(throws: CurveTestDERError.badLength) {
            try CurveTestSupport.subjectPublicKeyPoint([0x30, 0x80] + body + [0x00, 0x00])
        }
    }

    @Test("fixed32 strips sign bytes, pads short values and refuses 33 significant bytes")
    func fixed32() {
        #expect(CurveTestSupport.fixed32([0x00, 0xff] + [UInt8](repeating: 1, count: 31))
            == [0xff] + [UInt8](repeating: 1, count: 31))
        #expect(CurveTestSupport.fixed32([0x05]) == [UInt8](repeating: 0, count: 31) + [0x05])
        #expect(CurveTestSupport.fixed32([0x01] + [UInt8](repeating: 0, count: 32)) == nil)
    }
}
