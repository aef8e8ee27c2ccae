import Testing

@testable import UmbralCore

extension PrimitivesTests {
    @Suite("HKDF-SHA256")
    struct HKDFTests {
        @Test("The Wycheproof file is fully covered")
        func coversEveryCase() throws {
            let file = try WycheproofVectors.hkdfFile()
            let cases = try WycheproofVectors.hkdfCases()
            #expect(file.algorithm == "HKDF-SHA-256")
            #expect(cases.count > 0)
            #expect(cases.count == file.numberOfTests)
            #expect(cases.count == 86)
        }

        @Test(
            "Every valid Wycheproof case derives its output",
            arguments: try WycheproofVectors.hkdfCases().filter { $0.result != .invalid })
        func wycheproofValid(_ vector: WycheproofHKDFCase) throws {
            // An empty salt in the vectors means "no salt"; both spellings must agree.
            let salts: [[UInt8]?] = vector.salt.bytes.isEmpty ? [nil, []] : [vector.salt.bytes]
            for salt in salts {
                let okm = HKDF.deriveKey(
                    inputKeyMaterial: vector.ikm.bytes, salt: salt, info: vector.info.bytes,
                    outputByteCount: vector.size)
                #expect(okm.count == vector.size)
                #expect(okm == SecureBytes(vector.okm.bytes), "\(vector.comment)")
            }
        }

        /// The only invalid HKDF inputs are oversized outputs, a programming error that traps
        /// (as in CryptoKit); each is checked in a child process.
        @Test(
            "Every invalid Wycheproof case is refused",
            arguments: try WycheproofVectors.hkdfCases().filter { $0.result == .invalid })
        func wycheproofInvalid(_ vector: WycheproofHKDFCase) async throws {
            #expect(vector.flags == ["SizeTooLarge"])
            #expect(vector.size > HKDF.maximumOutputByteCount)
            await #expect(processExitsWith: .failure) {
                [
                    ikm = vector.ikm.bytes as [UInt8], salt = vector.salt.bytes as [UInt8],
                    info = vector.info.bytes as [UInt8], size = vector.size as Int
                ] in
                _ = HKDF.deriveKey(inputKeyMaterial: ikm, salt: salt, info: info, outputByteCount: size)
            }
        }

        @Test("RFC 5869 A.3: no salt and no info")
        func rfc5869NoSalt() throws {
            let okm = HKDF.deriveKey(
                inputKeyMaterial: [UInt8](repeating: 0x0b, count: 22), salt: nil, info: [], outputByteCount: 42)
            #expect(
                okm.withUnsafeBytes(\.hexString)
                    == "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8")
        }

        @Test("Info longer than OpenSSL's 32 KiB HKDF limit works, and the maximum output size")
        func longInfoAndMaximumOutput() {
            let info = [UInt8](repeating: 0x42, count: 40_000)
            let long = HKDF.deriveKey(inputKeyMaterial: [1, 2, 3], salt: nil, info: info, outputByteCount: 64)
            let other = HKDF.deriveKey(
                inputKeyMaterial: [1, 2, 3], salt: nil, info: info.dropLast(), outputByteCount: 64)
            #expect(long != other)
            let maximum = HKDF.deriveKey(
                inputKeyMaterial: [1, 2, 3], salt: [4], info: [], outputByteCount: HKDF.maximumOutputByteCount)
            #expect(maximum.count == 8160)
            let shorter = HKDF.deriveKey(inputKeyMaterial: [1, 2, 3], salt: [4], info: [], outputByteCount: 100)
            // Outputs of different lengths share their prefix.
            #expect(maximum.withUnsafeBytes { Array($0.prefix(100)) } == shorter.withUnsafeBytes { Array($0) })
            #expect(HKDF.deriveKey(inputKeyMaterial: [1], salt: nil, info: [], outputByteCount: 0).isEmpty)
        }

        @Test("Secret and plain input key material derive the same key")
        func secretInput() {
            let ikm: [UInt8] = Array(0..<33)
            #expect(
                HKDF.deriveKey(inputKeyMaterial: SecureBytes(ikm), salt: nil, info: [7], outputByteCount: 32)
                    == HKDF.deriveKey(inputKeyMaterial: ikm, salt: nil, info: [7], outputByteCount: 32))
        }
    }
}
