import Testing

@testable import UmbralCore

extension PrimitivesTests {
    @Suite("HChaCha20")
    struct HChaCha20Tests {
        @Test("draft-irtf-cfrg-xchacha §2.2.1: the HChaCha20 test vector")
        func draftVector() throws {
            let key = SecureBytes(try [UInt8](hex: "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"))
            let nonce = try [UInt8](hex: "000000090000004a0000000031415927")
            let subkey = try HChaCha20.deriveSubkey(key: key, nonce: nonce)
            #expect(
                subkey.withUnsafeBytes(\.hexString)
                    == "82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc")
        }

        @Test("The raw-buffer form writes the same subkey")
        func rawBuffers() throws {
            let key = try [UInt8](hex: "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
            let nonce = try [UInt8](hex: "000000090000004a0000000031415927")
            var output = [UInt8](repeating: 0, count: 32)
            key.withUnsafeBytes { key in
                nonce.withUnsafeBytes { nonce in
                    output.withUnsafeMutableBytes { HChaCha20.deriveSubkey(key: key, nonce: nonce, into: $0) }
                }
            }
            #expect(output.hexString == "82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc")
        }

        @Test("Wrong key and nonce lengths are rejected")
        func wrongLengths() {
            #expect(throws: UmbralError.invalidLength(field: "HChaCha20 key", expected: "32", actual: 31)) {
                try HChaCha20.deriveSubkey(key: SecureBytes(zeroedCount: 31), nonce: [UInt8](repeating: 0, count: 16))
            }
            #expect(throws: UmbralError.invalidLength(field: "HChaCha20 nonce", expected: "16", actual: 24)) {
                try HChaCha20.deriveSubkey(key: SecureBytes(zeroedCount: 32), nonce: [UInt8](repeating: 0, count: 24))
            }
        }
    }
}
