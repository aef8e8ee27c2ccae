import KMSNetwork
import Testing

@Suite("SHA-1 and DHT key digests")
struct SHA1Tests {
    @Test("FIPS 180 example vectors")
    func fipsVectors() {
        #expect(WireHex.string(SHA1.hash([UInt8]())) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(WireHex.string(SHA1.hash("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(
            WireHex.string(SHA1.hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(
            WireHex.string(SHA1.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)))
                == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test("Padding boundaries: 55, 56, 63, 64 and 65 bytes")
    func paddingBoundaries() {
        // Digests from Python's hashlib.sha1(b"a" * n).
        let expected: [Int: String] = [
            55: "c1c8bbdc22796e28c0e15163d20899b65621d65a",
            56: "c2db330f6083854c99d4b5bfb6e8f29f201be699",
            63: "03f09f5b158a7a8cdad920bddc29b81c18a551f5",
            64: "0098ba824b5c16427bd7a1122a5a442a25ec644d",
            65: "11655326c708d70319be2610e8a57d9a5b959d3b",
        ]
        for (count, digest) in expected {
            #expect(WireHex.string(SHA1.hash([UInt8](repeating: UInt8(ascii: "a"), count: count))) == digest)
        }
    }

    @Test("digest of a str key and of a bytes key, as kademlia.utils.digest")
    func keyDigests() throws {
        #expect(DHTKey(digesting: "greeting").description == "a0f7e779f9247566c84036f07f7bdf4a40a869bd")
        #expect(DHTKey(digesting: "hello") == DHTKey(digesting: Array("hello".utf8)))
        #expect(DHTKey(digesting: "5").description == "ac3478d69a3c81fa62e60f5c3696165a4e5e6ac4")
        // Non-ASCII text is hashed as UTF-8.
        #expect(DHTKey(digesting: "é") == DHTKey(digesting: [0xc3, 0xa9]))
    }

    @Test("DHTKey and NodeID carry the same 160 bits")
    func nodeIDConversion() throws {
        let key = DHTKey(digesting: "greeting")
        let id = key.nodeID
        #expect(id.bytes == key.bytes)
        #expect(DHTKey(id) == key)
        #expect(try DHTKey(bytes: key.bytes) == key)
        #expect(throws: KMSNetworkError.invalidDHTKeyLength(actual: 19)) { try DHTKey(bytes: [UInt8](repeating: 0, count: 19)) }
        #expect(throws: KMSNetworkError.invalidDHTKeyLength(actual: 32)) { try DHTKey(bytes: [UInt8](repeating: 0, count: 32)) }
    }
}
