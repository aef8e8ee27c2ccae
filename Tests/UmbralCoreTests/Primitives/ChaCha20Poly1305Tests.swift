import Testing

@testable import UmbralCore

extension PrimitivesTests {
    @Suite("ChaCha20-Poly1305 (IETF)")
    struct ChaCha20Poly1305Tests {
        @Test("The Wycheproof file is fully covered")
        func coversEveryCase() throws {
            let file = try WycheproofVectors.aeadFile(WycheproofVectors.chaChaPath)
            let cases = try WycheproofVectors.aeadCases(WycheproofVectors.chaChaPath)
            #expect(file.algorithm == "CHACHA20-POLY1305")
            #expect(cases.count > 0)
            #expect(cases.count == file.numberOfTests)
            #expect(cases.count == 325)
        }

        @Test(
            "Every Wycheproof case gives its expected result",
            arguments: try WycheproofVectors.aeadCases(WycheproofVectors.chaChaPath))
        func wycheproof(_ vector: WycheproofAEADCase) throws {
            let key = SecureBytes(vector.key.bytes)
            let sealed = vector.ct.bytes + vector.tag.bytes
            let sealing = Result { () throws(UmbralError) in
                try ChaCha20Poly1305.seal(vector.msg.bytes, key: key, nonce: vector.iv.bytes, aad: vector.aad.bytes)
            }
            let opening = Result { () throws(UmbralError) in
                try ChaCha20Poly1305.open(sealed, key: key, nonce: vector.iv.bytes, aad: vector.aad.bytes)
            }
            let nonceError = UmbralError.invalidLength(
                field: "ChaCha20-Poly1305 nonce", expected: "12", actual: vector.iv.bytes.count)
            switch vector.result {
            case .valid:
                #expect(try sealing.get() == sealed)
                #expect(try opening.get() == vector.msg.bytes)
            case .invalid where vector.iv.bytes.count != ChaCha20Poly1305.nonceByteCount:
                #expect(sealing.failure == nonceError)
                #expect(opening.failure == nonceError)
            case .invalid:
                #expect(opening.failure == .decryptionFailed)
                #expect(try sealing.get() != sealed)
            case .acceptable:
                // Either outcome is allowed; what matters is that a success is self-consistent.
                if case .success(let plaintext) = opening {
                    #expect(plaintext == vector.msg.bytes)
                }
            }
        }

        @Test("RFC 8439 §2.8.2: the AEAD example")
        func rfc8439Example() throws {
            let key = SecureBytes(try [UInt8](hex: "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"))
            let nonce = try [UInt8](hex: "070000004041424344454647")
            let aad = try [UInt8](hex: "50515253c0c1c2c3c4c5c6c7")
            let plaintext = Array(
                "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."
                    .utf8)
            let sealed = try ChaCha20Poly1305.seal(plaintext, key: key, nonce: nonce, aad: aad)
            #expect(sealed.count == plaintext.count + 16)
            #expect(sealed.suffix(16).hexString == "1ae10b594f09e26a7e902ecbd0600691")
            #expect(sealed.prefix(16).hexString == "d31a8d34648e60db7b86afbc53ef7ec2")
            #expect(try ChaCha20Poly1305.open(sealed, key: key, nonce: nonce, aad: aad) == plaintext)
        }

        @Test("Inputs shorter than the tag fail to decrypt", arguments: 0..<16)
        func shorterThanTag(count: Int) {
            let key = SecureBytes(zeroedCount: 32)
            #expect(throws: UmbralError.decryptionFailed) {
                try ChaCha20Poly1305.open(
                    [UInt8](repeating: 0, count: count), key: key, nonce: [UInt8](repeating: 0, count: 12), aad: [])
            }
        }

        @Test("A key that is not 32 bytes is rejected", arguments: [0, 16, 31, 33, 64])
        func wrongKeyLength(count: Int) {
            let key = SecureBytes(zeroedCount: count)
            let expected = UmbralError.invalidLength(field: "ChaCha20-Poly1305 key", expected: "32", actual: count)
            #expect(throws: expected) {
                try ChaCha20Poly1305.seal([1, 2, 3], key: key, nonce: [UInt8](repeating: 0, count: 12), aad: [])
            }
            #expect(throws: expected) {
                try ChaCha20Poly1305.open(
                    [UInt8](repeating: 0, count: 20), key: key, nonce: [UInt8](repeating: 0, count: 12), aad: [])
            }
        }

        @Test("Sealing then opening round-trips, and any flipped bit fails")
        func roundTripAndTamper() throws {
            var rng = SeededRNG(seed: 0xC4AC4A)
            for count in [0, 1, 15, 16, 17, 63, 64, 65, 1000] {
                let key = SecureBytes(rng.umbralRandomBytes(32))
                let nonce = rng.umbralRandomBytes(12)
                let aad = rng.umbralRandomBytes(count % 40)
                let plaintext = rng.umbralRandomBytes(count)
                let sealed = try ChaCha20Poly1305.seal(plaintext, key: key, nonce: nonce, aad: aad)
                #expect(try ChaCha20Poly1305.open(sealed, key: key, nonce: nonce, aad: aad) == plaintext)
                // Slices (non-zero start index) are accepted as well as arrays.
                let padded = [0xFF] + sealed
                #expect(try ChaCha20Poly1305.open(padded[1...], key: key, nonce: nonce, aad: aad) == plaintext)
                for position in [0, sealed.count / 2, sealed.count - 1] {
                    var tampered = sealed
                    tampered[position] ^= 0x01
                    #expect(throws: UmbralError.decryptionFailed) {
                        try ChaCha20Poly1305.open(tampered, key: key, nonce: nonce, aad: aad)
                    }
                }
                #expect(throws: UmbralError.decryptionFailed) {
                    try ChaCha20Poly1305.open(sealed, key: key, nonce: nonce, aad: aad + [0])
                }
            }
        }
    }
}
