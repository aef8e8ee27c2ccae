import Testing

@testable import UmbralCore

@Suite("Passphrase seals")
struct PassphraseSealTests {
    let secret = SecretBytes((0..<64).map { UInt8($0) &* 37 &+ 11 })
    let passphrase = SecretBytes(Array("correct horse battery staple".utf8))
    let label = Array("test label".utf8)

    private func sealCheaply(_ secret: SecretBytes, seed: UInt64 = 1) throws -> [UInt8] {
        var rng = SeededRNG(seed: seed)
        return try PassphraseSeal.seal(
            secret, passphrase: passphrase, parameters: .insecureForTesting, associatedData: label, using: &rng)
    }

    @Test("seal then open gives the secret back, at the documented length")
    func roundTrip() throws {
        let sealed = try sealCheaply(secret)
        #expect(sealed.count == PassphraseSeal.sealedByteCount(secretByteCount: 64))
        #expect(sealed.count == 54 + 64 + 16)
        let opened = try PassphraseSeal.open(sealed, passphrase: passphrase, associatedData: label)
        #expect(opened == secret)
        // The ciphertext is not the plaintext.
        #expect(!sealed.indices.dropLast(63).contains { Array(sealed[$0..<$0 + 64]) == secret.withUnsafeBytes { Array($0) } })
    }

    @Test("an empty secret round-trips too")
    func emptySecret() throws {
        let sealed = try sealCheaply(SecretBytes([UInt8]()))
        #expect(sealed.count == 70)
        #expect(try PassphraseSeal.open(sealed, passphrase: passphrase, associatedData: label).isEmpty)
    }

    @Test("the header is magic, version, log N, r and p big-endian, salt and nonce from the generator")
    func headerLayout() throws {
        let sealed = try sealCheaply(secret, seed: 9)
        var rng = SeededRNG(seed: 9)
        let salt = rng.umbralRandomBytes(16)
        let nonce = rng.umbralRandomBytes(24)
        #expect(Array(sealed[0..<4]) == Array("UPSL".utf8))
        #expect(sealed[4] == 1)
        #expect(sealed[5] == 10)
        #expect(Array(sealed[6..<10]) == [0, 0, 0, 8])
        #expect(Array(sealed[10..<14]) == [0, 0, 0, 1])
        #expect(Array(sealed[14..<30]) == salt)
        #expect(Array(sealed[30..<54]) == nonce)
        #expect(try PassphraseSeal.parameters(of: sealed) == .insecureForTesting)
    }

    @Test("two seals of the same secret differ (fresh salt and nonce)")
    func freshRandomness() throws {
        let first = try PassphraseSeal.seal(
            secret, passphrase: passphrase, parameters: .insecureForTesting, associatedData: label)
        let second = try PassphraseSeal.seal(
            secret, passphrase: passphrase, parameters: .insecureForTesting, associatedData: label)
        #expect(first != second)
        #expect(first[14..<54] != second[14..<54])
    }

    @Test("the wrong passphrase is refused with incorrectPassphrase")
    func wrongPassphrase() throws {
        let sealed = try sealCheaply(secret)
        for wrong in ["correct horse battery stapler", "Correct horse battery staple", "", "x"] {
            #expect(throws: UmbralError.incorrectPassphrase) {
                try PassphraseSeal.open(sealed, passphrase: SecretBytes(Array(wrong.utf8)), associatedData: label)
            }
        }
    }

    @Test("other associated data is refused like a wrong passphrase")
    func wrongAssociatedData() throws {
        let sealed = try sealCheaply(secret)
        #expect(throws: UmbralError.incorrectPassphrase) {
            try PassphraseSeal.open(sealed, passphrase: passphrase, associatedData: Array("other label".utf8))
        }
        #expect(throws: UmbralError.incorrectPassphrase) {
            try PassphraseSeal.open(sealed, passphrase: passphrase)
        }
    }

    @Test("flipping any bit of any byte is refused, never opened")
    func everyByteFlipRefused() throws {
        let sealed = try sealCheaply(secret)
        for index in sealed.indices {
            for mask: UInt8 in [0x01, 0x80] {
                var tampered = sealed
                tampered[index] ^= mask
                let error = #expect(throws: UmbralError.self) {
                    try PassphraseSeal.open(tampered, passphrase: passphrase, associatedData: label)
                }
                switch error {
                case .incorrectPassphrase?, .malformedPassphraseSeal?:
                    break
                default:
                    Issue.record("byte \(index) ^ \(mask): unexpected \(String(describing: error))")
                }
                if index < 5 {
                    #expect(error != .incorrectPassphrase, "magic and version are checked before scrypt")
                }
            }
        }
    }

    @Test("truncated or extended seals are refused")
    func truncatedOrExtended() throws {
        let sealed = try sealCheaply(secret)
        for count in 0..<sealed.count {
            #expect(throws: UmbralError.self) {
                try PassphraseSeal.open(sealed.prefix(count), passphrase: passphrase, associatedData: label)
            }
        }
        #expect(throws: UmbralError.incorrectPassphrase) {
            try PassphraseSeal.open(sealed + [0], passphrase: passphrase, associatedData: label)
        }
        let error = #expect(throws: UmbralError.self) {
            try PassphraseSeal.open(sealed.prefix(69), passphrase: passphrase, associatedData: label)
        }
        #expect(error == .malformedPassphraseSeal("69 bytes, fewer than the 70 of an empty seal"))
    }

    @Test("an unknown version or out-of-range parameters are malformed, not a wrong passphrase")
    func malformedHeaders() throws {
        let sealed = try sealCheaply(secret)
        var version2 = sealed
        version2[4] = 2
        #expect(throws: UmbralError.malformedPassphraseSeal("version 2 is not 1")) {
            try PassphraseSeal.open(version2, passphrase: passphrase, associatedData: label)
        }
        var hugeN = sealed
        hugeN[5] = 40
        #expect(throws: UmbralError.self) {
            try PassphraseSeal.open(hugeN, passphrase: passphrase, associatedData: label)
        }
        #expect(throws: UmbralError.malformedPassphraseSeal("invalid scrypt parameters: logN 40 is outside 1...20")) {
            try PassphraseSeal.parameters(of: hugeN)
        }
    }

    @Test("an empty passphrase cannot seal")
    func emptyPassphrase() {
        #expect(throws: UmbralError.invalidLength(field: "passphrase", expected: "at least 1", actual: 0)) {
            try PassphraseSeal.seal(self.secret, passphrase: SecretBytes([UInt8]()), parameters: .insecureForTesting)
        }
    }

    @Test("the interactive parameters work (OpenSSL's default 32 MiB memory cap is raised)")
    func interactiveParameters() throws {
        let sealed = try PassphraseSeal.seal(secret, passphrase: passphrase)
        #expect(try PassphraseSeal.parameters(of: sealed) == .interactive)
        #expect(try PassphraseSeal.open(sealed, passphrase: passphrase) == secret)
    }

    @Test("a secret key goes through protected bytes and back")
    func secretKeyBytes() throws {
        let key = SecretKey.random()
        let bytes = key.secretBytes
        #expect(bytes.count == 32)
        let back = try SecretKey(secretBytes: bytes)
        #expect(back.publicKey == key.publicKey)
        #expect(throws: UmbralError.self) { try SecretKey(secretBytes: SecretBytes([UInt8](repeating: 0, count: 32))) }
    }

    @Test("descriptions never show secret bytes")
    func descriptions() {
        let secret = SecretBytes(Array("hunter2".utf8))
        #expect(secret.description == "SecretBytes(7 bytes)")
        #expect(String(reflecting: secret) == "SecretBytes(7 bytes)")
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains("104"), "no byte of 'hunter2' (h = 104) in dump output")
        #expect(!"\(secret)".contains("hunter2"))
    }
}

@Suite("scrypt")
struct ScryptTests {
    /// RFC 7914 §12, the first two test vectors.
    @Test("RFC 7914 test vectors")
    func rfcVectors() throws {
        let vectors: [(passphrase: String, salt: String, logN: UInt8, r: UInt32, p: UInt32, expected: String)] = [
            ("", "", 4, 1, 1,
             "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906"),
            ("password", "NaCl", 10, 8, 16,
             "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"),
        ]
        for vector in vectors {
            let key = try Scrypt.deriveKey(
                passphrase: SecretBytes(Array(vector.passphrase.utf8)), salt: Array(vector.salt.utf8),
                parameters: ScryptParameters(logN: vector.logN, r: vector.r, p: vector.p), count: 64)
            #expect(key.withUnsafeBytes { Array($0) } == (try [UInt8](hex: vector.expected)))
        }
    }

    @Test("parameters out of range are refused")
    func parameterBounds() throws {
        #expect(throws: UmbralError.invalidScryptParameters("logN 0 is outside 1...20")) {
            try ScryptParameters(logN: 0, r: 8, p: 1)
        }
        #expect(throws: UmbralError.invalidScryptParameters("logN 21 is outside 1...20")) {
            try ScryptParameters(logN: 21, r: 8, p: 1)
        }
        #expect(throws: UmbralError.invalidScryptParameters("r 0 is outside 1...32")) {
            try ScryptParameters(logN: 10, r: 0, p: 1)
        }
        #expect(throws: UmbralError.invalidScryptParameters("r 33 is outside 1...32")) {
            try ScryptParameters(logN: 10, r: 33, p: 1)
        }
        #expect(throws: UmbralError.invalidScryptParameters("p 17 is outside 1...16")) {
            try ScryptParameters(logN: 10, r: 8, p: 17)
        }
        // 2^20 · 128 · 8 = 1 GiB, above the 256 MiB cap.
        #expect(throws: UmbralError.self) { try ScryptParameters(logN: 20, r: 8, p: 1) }
        #expect(try ScryptParameters(logN: 18, r: 8, p: 1).memoryByteCount == 256 << 20)
        #expect(try ScryptParameters(logN: 15, r: 8, p: 1) == .interactive)
        #expect(ScryptParameters.interactive.description == "scrypt(N=2^15, r=8, p=1)")
    }
}
