import Testing

@testable import UmbralCore

/// The DEM against umbral-pre 0.11's deterministic flow (`deterministic_flow.capsule` in the
/// shared vectors), plus its error behaviour.
@Suite("DEM")
struct DEMTests {
    /// The DEM values of the deterministic flow.
    struct FlowVector {
        let keySeed: [UInt8]
        let key: [UInt8]
        let nonce: [UInt8]
        let subkey: [UInt8]
        let innerNonce: [UInt8]
        let plaintext: [UInt8]
        let aad: [UInt8]
        let ciphertext: [UInt8]

        init() throws {
            let root = try TestVectors.loadSharedJSON("vectors/umbral/umbral_vectors.json")
            func field(_ name: String) throws -> [UInt8] {
                try TestVectors.bytes(at: "deterministic_flow/capsule/\(name)", in: root)
            }
            keySeed = try field("key_seed")
            key = try field("dem_key_hkdf")
            nonce = try field("dem_nonce")
            subkey = try field("hchacha20_subkey")
            innerNonce = try field("chacha20poly1305_ietf_nonce_12")
            plaintext = try field("plaintext")
            aad = try field("to_bytes_simple")
            ciphertext = try field("ciphertext")
        }
    }

    @Test("The key is HKDF-SHA256 of the 33-byte key seed")
    func keyDerivation() throws {
        let vector = try FlowVector()
        #expect(vector.keySeed.count == 33)
        #expect(DEM(keySeed: vector.keySeed).key == SecureBytes(vector.key))
        #expect(DEM(keySeed: SecureBytes(vector.keySeed)).key == SecureBytes(vector.key))
    }

    @Test("The nonce gives the vector's HChaCha20 subkey and 12-byte inner nonce")
    func innerParameters() throws {
        let vector = try FlowVector()
        let dem = DEM(keySeed: vector.keySeed)
        let inner = try XChaCha20Poly1305.innerParameters(key: dem.key, nonce: vector.nonce)
        #expect(inner.subkey == SecureBytes(vector.subkey))
        #expect(inner.nonce == vector.innerNonce)
    }

    @Test("The vector's ciphertext decrypts to its plaintext")
    func decryptsVector() throws {
        let vector = try FlowVector()
        #expect(vector.aad.count == 98)
        #expect(try DEM(keySeed: vector.keySeed).decrypt(vector.ciphertext, aad: vector.aad) == vector.plaintext)
    }

    @Test("Encrypting with the vector's nonce replayed gives the vector's ciphertext")
    func encryptsVector() throws {
        let vector = try FlowVector()
        var rng = ByteSequenceRNG(bytes: vector.nonce)
        let ciphertext = try DEM(keySeed: vector.keySeed).encrypt(vector.plaintext, aad: vector.aad, using: &rng)
        #expect(ciphertext == vector.ciphertext)
        #expect(ciphertext.count == vector.plaintext.count + 40)
        #expect(rng.remainingByteCount == 0)
    }

    @Test("Fewer than 24 bytes are too short to hold the nonce", arguments: 0..<24)
    func tooShort(count: Int) throws {
        let vector = try FlowVector()
        #expect(throws: UmbralError.ciphertextTooShort(count)) {
            try DEM(keySeed: vector.keySeed).decrypt(vector.ciphertext.prefix(count), aad: vector.aad)
        }
    }

    @Test("A nonce with no room for a tag fails to decrypt", arguments: [24, 25, 39])
    func noTag(count: Int) throws {
        let vector = try FlowVector()
        #expect(throws: UmbralError.decryptionFailed) {
            try DEM(keySeed: vector.keySeed).decrypt(vector.ciphertext.prefix(count), aad: vector.aad)
        }
    }

    @Test("Changing any byte of the ciphertext makes decryption fail")
    func tamperedCiphertext() throws {
        let vector = try FlowVector()
        let dem = DEM(keySeed: vector.keySeed)
        for position in vector.ciphertext.indices {
            var tampered = vector.ciphertext
            tampered[position] ^= 0x80
            #expect(throws: UmbralError.decryptionFailed) { try dem.decrypt(tampered, aad: vector.aad) }
        }
        #expect(throws: UmbralError.decryptionFailed) { try dem.decrypt(vector.ciphertext + [0], aad: vector.aad) }
    }

    @Test("The wrong capsule (AAD) or the wrong key seed makes decryption fail")
    func wrongAADOrKey() throws {
        let vector = try FlowVector()
        var aad = vector.aad
        aad[97] ^= 1
        #expect(throws: UmbralError.decryptionFailed) {
            try DEM(keySeed: vector.keySeed).decrypt(vector.ciphertext, aad: aad)
        }
        #expect(throws: UmbralError.decryptionFailed) {
            try DEM(keySeed: vector.keySeed).decrypt(vector.ciphertext, aad: [])
        }
        var keySeed = vector.keySeed
        keySeed[0] = 0x02
        #expect(throws: UmbralError.decryptionFailed) {
            try DEM(keySeed: keySeed).decrypt(vector.ciphertext, aad: vector.aad)
        }
    }

    @Test("Random plaintexts round-trip, with 40 bytes of overhead and fresh nonces")
    func roundTrip() throws {
        var rng = SeededRNG(seed: 0xDE77)
        let dem = DEM(keySeed: rng.umbralRandomBytes(33))
        for count in [0, 1, 13, 64, 1000, 4096] {
            let plaintext = rng.umbralRandomBytes(count)
            let aad = rng.umbralRandomBytes(98)
            let first = try dem.encrypt(plaintext, aad: aad, using: &rng)
            let second = try dem.encrypt(plaintext, aad: aad)
            #expect(first.count == count + 40)
            #expect(first.prefix(24) != second.prefix(24))
            #expect(try dem.decrypt(first, aad: aad) == plaintext)
            #expect(try dem.decrypt(second, aad: aad) == plaintext)
            #expect(try dem.decrypt(first[...], aad: aad[...]) == plaintext)
        }
    }
}
