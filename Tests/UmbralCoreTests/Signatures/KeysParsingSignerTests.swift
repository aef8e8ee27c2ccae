// Parsing errors of SecretKey, PublicKey and the signature types; Signer round trips;
// descriptions that must not leak secrets; RecoverableSignature prehash handling (spec §3.5).

import Foundation
import Testing
@testable import UmbralCore

private func hex(_ text: String) -> [UInt8] { CurveTestSupport.bytes(text) }

private let orderBytes = hex(CurveTestSupport.orderHex)
private let primeBytes = hex(CurveTestSupport.primeHex)

/// n + k as 32 bytes, for small k that do not overflow.
private func orderPlus(_ k: UInt8) -> [UInt8] {
    var bytes = orderBytes
    var carry = Int(k)
    for index in stride(from: 31, through: 0, by: -1) where carry > 0 {
        let sum = Int(bytes[index]) + carry
        bytes[index] = UInt8(sum & 0xff)
        carry = sum >> 8
    }
    return bytes
}

private func word32(_ value: UInt8) -> [UInt8] { [UInt8](repeating: 0, count: 31) + [value] }

@Suite("Keys parsing: exact UmbralError cases for secret and public keys")
struct KeysParsingTests {
    struct SecretKeyCase: Sendable, CustomTestStringConvertible {
        let name: String
        let bytes: [UInt8]
        let error: UmbralError
        var testDescription: String { name }
    }

    static let secretKeyCases: [SecretKeyCase] = [
        .init(name: "zero", bytes: word32(0), error: .zeroScalar(field: "secret key")),
        .init(name: "n", bytes: orderPlus(0), error: .scalarOutOfRange(field: "secret key")),
        .init(name: "n + 1", bytes: orderPlus(1), error: .scalarOutOfRange(field: "secret key")),
        .init(name: "2^256 − 1", bytes: [UInt8](repeating: 0xff, count: 32), error: .scalarOutOfRange(field: "secret key")),
        .init(name: "31 bytes", bytes: [UInt8](repeating: 1, count: 31),
              error: .invalidLength(field: "secret key", expected: "32", actual: 31)),
        .init(name: "33 bytes", bytes: [UInt8](repeating: 1, count: 33),
              error: .invalidLength(field: "secret key", expected: "32", actual: 33)),
        .init(name: "33 bytes with a leading zero", bytes: [0] + word32(1),
              error: .invalidLength(field: "secret key", expected: "32", actual: 33)),
        .init(name: "empty", bytes: [], error: .invalidLength(field: "secret key", expected: "32", actual: 0)),
    ]

    @Test("SecretKey(bigEndianBytes:) refuses bad input with the exact error", arguments: secretKeyCases)
    func secretKeyErrors(_ testCase: SecretKeyCase) {
        #expect(throws: testCase.error) { try SecretKey(bigEndianBytes: testCase.bytes) }
    }

    @Test("SecretKey accepts 1 and n − 1 and keeps leading zeros")
    func secretKeyBounds() throws {
        #expect(try SecretKey(bigEndianBytes: word32(1)).bigEndianBytes == word32(1))
        let nMinusOne = hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140")
        #expect(try SecretKey(bigEndianBytes: nMinusOne).bigEndianBytes == nMinusOne)
        let leadingZero = hex("00a702f986353cc7889c869ef8dd9dc5d7c21e993516c46b3bb263a42a820209")
        #expect(try SecretKey(bigEndianBytes: leadingZero).bigEndianBytes == leadingZero)
    }

    enum ExpectedPublicKeyError: Sendable {
        case length(Int)
        case encoding
        case notOnCurve
    }

    struct PublicKeyCase: Sendable, CustomTestStringConvertible {
        let name: String
        let bytes: [UInt8]
        let expected: ExpectedPublicKeyError
        var testDescription: String { name }
    }

    static let generatorX = hex("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")
    static let generatorY = hex("483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8")

    static let publicKeyCases: [PublicKeyCase] = [
        .init(name: "identity 00", bytes: [0x00], expected: .length(1)),
        .init(name: "empty", bytes: [], expected: .length(0)),
        .init(name: "uncompressed 04‖x‖y (65 bytes)", bytes: [0x04] + generatorX + generatorY, expected: .length(65)),
        .init(name: "hybrid 06‖x‖y (65 bytes)", bytes: [0x06] + generatorX + generatorY, expected: .length(65)),
        .init(name: "hybrid 07‖x‖y (65 bytes)", bytes: [0x07] + generatorX + generatorY, expected: .length(65)),
        .init(name: "prefix 06 on 33 bytes", bytes: [0x06] + generatorX, expected: .encoding),
        .init(name: "prefix 07 on 33 bytes", bytes: [0x07] + generatorX, expected: .encoding),
        .init(name: "compact 05‖x", bytes: [0x05] + generatorX, expected: .encoding),
        .init(name: "prefix 04 on 33 bytes", bytes: [0x04] + generatorX, expected: .encoding),
        .init(name: "prefix 00 on 33 bytes", bytes: [0x00] + generatorX, expected: .encoding),
        .init(name: "x = p", bytes: [0x02] + primeBytes, expected: .notOnCurve),
        // x = 1 is on the curve, so p + 1 must not be reduced to it.
        .init(name: "x = p + 1 (≡ 1, which is on the curve)",
              bytes: [0x02] + hex("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc30"), expected: .notOnCurve),
        .init(name: "x = 2^256 − 1", bytes: [0x03] + [UInt8](repeating: 0xff, count: 32), expected: .notOnCurve),
        .init(name: "x = 0 (y² = 7 has no root)", bytes: [0x02] + word32(0), expected: .notOnCurve),
        .init(name: "x = 5 (not on the curve)", bytes: [0x03] + word32(5), expected: .notOnCurve),
        .init(name: "32 bytes", bytes: [0x02] + generatorX.dropLast(), expected: .length(32)),
        .init(name: "34 bytes", bytes: [0x02] + generatorX + [0x00], expected: .length(34)),
    ]

    @Test("PublicKey(compressedBytes:) refuses every non-02/03 form with the exact error", arguments: publicKeyCases)
    func publicKeyErrors(_ testCase: PublicKeyCase) {
        let result = Result { () throws(UmbralError) in try PublicKey(compressedBytes: testCase.bytes) }
        switch (testCase.expected, result.failure) {
        case (.length(let count), let error):
            #expect(error == .invalidLength(field: "public key", expected: "33", actual: count))
        case (.encoding, .invalidPointEncoding(let field, _)?):
            #expect(field == "public key")
        case (.notOnCurve, let error):
            #expect(error == .pointNotOnCurve(field: "public key"))
        case (_, let error):
            Issue.record("unexpected outcome: \(String(describing: error))")
        }
    }

    @Test("Both parities of a valid x parse, and x = 1 (on the curve) is accepted")
    func publicKeyAccepts() throws {
        let even = try PublicKey(compressedBytes: [0x02] + Self.generatorX)
        let odd = try PublicKey(compressedBytes: [0x03] + Self.generatorX)
        #expect(even.point == Point.generator)
        #expect(odd.point == Point.generator.negated)
        #expect(even != odd)
        let one = try PublicKey(compressedBytes: [0x02] + word32(1))
        #expect(one.point.affineCoordinates?.x == word32(1))
    }
}

@Suite("Signer and Signature: round trips, low-S output, binding to message and key")
struct SignerSignatureTests {
    @Test("Random messages always sign to low-S signatures that verify only for their message and key")
    func signerRoundTrip() throws {
        var rng = SeededRNG(seed: 0x5157_4B4D_5349_474E)
        let signer = Signer(SecretKey.random(using: &rng))
        let otherKey = SecretKey.random(using: &rng).publicKey
        var checked = 0
        for index in 0..<150 {
            let length = Int(rng.next() % 200)
            let message = rng.umbralRandomBytes(length)
            let signature = signer.sign(message, using: &rng)
            #expect(!CurveTestSupport.isHigh(Array(signature.bytes[32..<64])), "signature \(index) is high-S")
            #expect(signature.verify(message, with: signer.verifyingKey))
            #expect(!signature.verify(message + [0x01], with: signer.verifyingKey))
            #expect(!signature.verify(message, with: otherKey))
            if !message.isEmpty {
                var flipped = message
                flipped[Int(rng.next() % UInt64(message.count))] ^= 0x01
                #expect(!signature.verify(flipped, with: signer.verifyingKey))
            }
            #expect(try Signature(bytes: signature.bytes) == signature)
            #expect(try Signature(derBytes: signature.derBytes) == signature)
            checked += 1
        }
        #expect(checked == 150)
    }

    @Test("Signing is hedged: the same message gives different signatures, both valid")
    func hedged() {
        let signer = Signer(SecretKey.random())
        let message = Array("hedged".utf8)
        let first = signer.sign(message)
        let second = signer.sign(message)
        #expect(first != second)
        #expect(first.verify(message, with: signer.verifyingKey))
        #expect(second.verify(message, with: signer.verifyingKey))
    }

    @Test("Signature(bytes:) checks length and the range of r and s")
    func signatureErrors() throws {
        let valid = hex("38b4d3f8c9de78f57412d6e7aeb56b7fe2f6520a8e0182c877d8928386c8c312"
            + "4a8b14a6d9eb959571cd7a23d3221a4d478a572d695d1e3654c207d7848959bd")
        let r = Array(valid[0..<32])
        let s = Array(valid[32..<64])
        #expect(throws: UmbralError.invalidLength(field: "signature", expected: "64", actual: 63)) {
            try Signature(bytes: Array(valid.dropLast()))
        }
        #expect(throws: UmbralError.invalidLength(field: "signature", expected: "64", actual: 65)) {
            try Signature(bytes: valid + [0])
        }
        for bad in [word32(0), orderPlus(0), orderPlus(1)] {
            #expect(throws: UmbralError.invalidSignatureComponent("r must be in [1, n)")) { try Signature(bytes: bad + s) }
            #expect(throws: UmbralError.invalidSignatureComponent("s must be in [1, n)")) { try Signature(bytes: r + bad) }
        }
        // s = ⌊n/2⌋ is the largest low-S value; one more is high.
        let half = hex(CurveTestSupport.halfOrderHex)
        #expect(throws: Never.self) { try Signature(bytes: r + half) }
        var halfPlusOne = half
        halfPlusOne[31] += 1
        #expect(throws: UmbralError.highSSignature) { try Signature(bytes: r + halfPlusOne) }
    }

    @Test("Descriptions of secrets never contain the secret's hex")
    func descriptionsHideSecrets() throws {
        var rng = SeededRNG(seed: 42)
        for _ in 0..<20 {
            let key = SecretKey.random(using: &rng)
            let keyHex = key.bigEndianBytes.hexString
            let seed = rng.umbralRandomBytes(32)
            let factory = try SecretKeyFactory(seed: seed)
            let signer = Signer(key)
            let texts = [
                key.description, "\(key)", String(reflecting: key), signer.description, "\(signer)",
                String(reflecting: signer), factory.description, "\(factory)", String(reflecting: factory),
                "\([key])", "\(Optional(signer) as Any)",
            ]
            for text in texts {
                #expect(!text.contains(keyHex), "\(text)")
                #expect(!text.contains(String(keyHex.prefix(16))), "\(text)")
                #expect(!text.contains(String(keyHex.suffix(16))), "\(text)")
                #expect(!text.contains(String(seed.hexString.prefix(16))), "\(text)")
            }
            #expect(key.description == "SecretKey(…)")
            #expect(signer.description == "Signer(…)")
            #expect(factory.description == "SecretKeyFactory(…)")
        }
    }
}

@Suite("RecoverableSignature: recovery byte, prehash length rules (spec §3.5)")
struct RecoverableSignatureTests {
    static let key = SecretKey(scalar: Scalar.fromDigest(SHA256.hash(Array("recoverable signature test key".utf8))))

    static func sign(_ field: [UInt8]) -> RecoverableSignature {
        let raw = ECDSA.sign(prehash: field, secretKey: key.scalar, extraEntropy: [])
        return RecoverableSignature(signature: Signature(raw), recoveryID: raw.recoveryID)
    }

    @Test("Recovery bytes outside 0…3 and wrong lengths are refused")
    func parsingErrors() throws {
        let signature = Self.sign(SHA256.hash(Array("x".utf8)))
        let body = signature.signature.bytes
        for v in [UInt8(4), 5, 0x80, 0xff] {
            #expect(throws: UmbralError.invalidRecoveryByte(v)) { try RecoverableSignature(bytes: body + [v]) }
        }
        for v in UInt8(0)...3 {
            #expect(try RecoverableSignature(bytes: body + [v]).bytes == body + [v])
        }
        #expect(throws: UmbralError.invalidLength(field: "recoverable signature", expected: "65", actual: 64)) {
            try RecoverableSignature(bytes: body)
        }
        #expect(throws: UmbralError.invalidLength(field: "recoverable signature", expected: "65", actual: 66)) {
            try RecoverableSignature(bytes: body + [0, 0])
        }
    }

    @Test("Prehashes shorter than 16 bytes are refused", arguments: [0, 1, 15])
    func shortPrehash(_ count: Int) {
        let signature = Self.sign(SHA256.hash(Array("x".utf8)))
        #expect(throws: UmbralError.prehashTooShort(count)) {
            try signature.recoverPublicKey(prehash: [UInt8](repeating: 0xab, count: count))
        }
    }

    @Test("A 32-byte prehash recovers the key; the wrong parity does not")
    func recoverFull() throws {
        let prehash = SHA256.hash(Array("recover me".utf8))
        let signature = Self.sign(prehash)
        #expect(try signature.recoverPublicKey(prehash: prehash) == Self.key.publicKey)
        let flipped = try RecoverableSignature(bytes: signature.signature.bytes + [signature.recoveryID ^ 1])
        #expect((try? flipped.recoverPublicKey(prehash: prehash)) != Self.key.publicKey)
        // Bit 1 claims R.x = r + n, which is not below p for any r this large.
        let lifted = try RecoverableSignature(bytes: signature.signature.bytes + [signature.recoveryID ^ 2])
        #expect(throws: UmbralError.recoveryFailed) { try lifted.recoverPublicKey(prehash: prehash) }
    }

    @Test("16…31-byte prehashes are left-padded to 32 bytes", arguments: [16, 20, 31])
    func shortButAllowedPrehash(_ count: Int) throws {
        let prehash = Array(SHA256.hash(Array("short".utf8)).prefix(count))
        let padded = [UInt8](repeating: 0, count: 32 - count) + prehash
        let signature = Self.sign(padded)
        #expect(try signature.recoverPublicKey(prehash: prehash) == Self.key.publicKey)
        #expect(try signature.recoverPublicKey(prehash: padded) == Self.key.publicKey)
        // Right-padding would be a different field element, which must not give the key.
        let rightPadded = prehash + [UInt8](repeating: 0, count: 32 - count)
        #expect((try? signature.recoverPublicKey(prehash: rightPadded)) != Self.key.publicKey)
    }

    @Test("Prehashes longer than 32 bytes are truncated to their first 32", arguments: [33, 48, 64])
    func longPrehash(_ count: Int) throws {
        var rng = SeededRNG(seed: UInt64(count))
        let prehash = rng.umbralRandomBytes(count)
        let signature = Self.sign(Array(prehash.prefix(32)))
        #expect(try signature.recoverPublicKey(prehash: prehash) == Self.key.publicKey)
        // The bytes after the first 32 are ignored.
        var tail = prehash
        tail[count - 1] ^= 0xff
        #expect(try signature.recoverPublicKey(prehash: tail) == Self.key.publicKey)
        // The last 32 bytes are not what counts.
        #expect((try? signature.recoverPublicKey(prehash: Array(prehash.suffix(32)))) != Self.key.publicKey)
    }
}
