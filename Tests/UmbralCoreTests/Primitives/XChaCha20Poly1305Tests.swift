import Testing

@testable import UmbralCore

extension PrimitivesTests {
    @Suite("XChaCha20-Poly1305")
    struct XChaCha20Poly1305Tests {
        @Test("The Wycheproof file is fully covered")
        func coversEveryCase() throws {
            let file = try WycheproofVectors.aeadFile(WycheproofVectors.xChaChaPath)
            let cases = try WycheproofVectors.aeadCases(WycheproofVectors.xChaChaPath)
            #expect(file.algorithm == "XCHACHA20-POLY1305")
            #expect(cases.count > 0)
            #expect(cases.count == file.numberOfTests)
            #expect(cases.count == 315)
        }

        @Test(
            "Every Wycheproof case gives its expected result",
            arguments: try WycheproofVectors.aeadCases(WycheproofVectors.xChaChaPath))
        func wycheproof(_ vector: WycheproofAEADCase) throws {
            let key = SecureBytes(vector.key.bytes)
            let sealed = vector.ct.bytes + vector.tag.bytes
            let sealing = Result { () throws(UmbralError) in
                try XChaCha20Poly1305.seal(vector.msg.bytes, key: key, nonce: vector.iv.bytes, aad: vector.aad.bytes)
            }
            let opening = Result { () throws(UmbralError) in
                try XChaCha20Poly1305.open(sealed, key: key, nonce: vector.iv.bytes, aad: vector.aad.bytes)
            }
            let nonceError = UmbralError.invalidLength(
                field: "XChaCha20-Poly1305 nonce", expected: "24", actual: vector.iv.bytes.count)
            switch vector.result {
            case .valid:
                #expect(try sealing.get() == sealed)
                #expect(try opening.get() == vector.msg.bytes)
            case .invalid where vector.iv.bytes.count != XChaCha20Poly1305.nonceByteCount:
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

        @Test("It is ChaCha20-Poly1305 under the HChaCha20 subkey with nonce 0⁴ ‖ nonce[16..<24]")
        func composition() throws {
            var rng = SeededRNG(seed: 24)
            let key = SecureBytes(rng.umbralRandomBytes(32))
            let nonce = rng.umbralRandomBytes(24)
            let plaintext = rng.umbralRandomBytes(77)
            let aad = rng.umbralRandomBytes(98)
            let subkey = try HChaCha20.deriveSubkey(key: key, nonce: nonce[..<16])
            let inner = try ChaCha20Poly1305.seal(plaintext, key: subkey, nonce: [0, 0, 0, 0] + nonce[16...], aad: aad)
            #expect(try XChaCha20Poly1305.seal(plaintext, key: key, nonce: nonce, aad: aad) == inner)
            let parameters = try XChaCha20Poly1305.innerParameters(key: key, nonce: nonce)
            #expect(parameters.subkey == subkey)
            #expect(parameters.nonce == [0, 0, 0, 0] + nonce[16...])
        }

        @Test("A key that is not 32 bytes is rejected", arguments: [0, 24, 31, 33])
        func wrongKeyLength(count: Int) {
            let expected = UmbralError.invalidLength(field: "XChaCha20-Poly1305 key", expected: "32", actual: count)
            #expect(throws: expected) {
                try XChaCha20Poly1305.seal(
                    [], key: SecureBytes(zeroedCount: count), nonce: [UInt8](repeating: 0, count: 24), aad: [])
            }
        }

        @Test("Inputs shorter than the tag fail to decrypt", arguments: [0, 1, 15])
        func shorterThanTag(count: Int) {
            #expect(throws: UmbralError.decryptionFailed) {
                try XChaCha20Poly1305.open(
                    [UInt8](repeating: 0, count: count), key: SecureBytes(zeroedCount: 32),
                    nonce: [UInt8](repeating: 0, count: 24), aad: [])
            }
        }
    }
}
