import Testing

@testable import UmbralCore

extension PrimitivesTests {
    @Suite("SHA-256")
    struct SHA256Tests {
        /// FIPS 180-4 example messages (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf").
        static let knownAnswers: [(message: [UInt8], digest: String)] = [
            ([], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            (Array("abc".utf8), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
            (
                Array(
                    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
                        .utf8),
                "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
            ),
        ]

        @Test("Known answers, one-shot and byte by byte", arguments: 0..<knownAnswers.count)
        func knownAnswer(index: Int) {
            let (message, digest) = Self.knownAnswers[index]
            #expect(SHA256.hash(message).hexString == digest)
            var hasher = SHA256Hasher()
            for byte in message {
                hasher.update([byte])
            }
            #expect(hasher.finalize().hexString == digest)
        }

        @Test("One million 'a' in uneven chunks")
        func millionA() {
            let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 999)
            var hasher = SHA256Hasher()
            var remaining = 1_000_000
            while remaining > 0 {
                let take = min(chunk.count, remaining)
                hasher.update(chunk[..<take])
                remaining -= take
            }
            #expect(hasher.finalize().hexString == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        }

        @Test("Incremental hashing equals one-shot at every split point")
        func everySplit() {
            var rng = SeededRNG(seed: 256)
            let message = rng.umbralRandomBytes(300)
            let expected = SHA256.hash(message)
            for split in 0...message.count {
                var hasher = SHA256Hasher()
                hasher.update(message[..<split])
                hasher.update(message[split...])
                #expect(hasher.finalize() == expected)
            }
        }

        @Test("Copies of a hasher are independent, and finalizing does not end the hasher")
        func valueSemantics() {
            var prefix = SHA256Hasher()
            prefix.update(Array("CAPSULE_".utf8))
            var first = prefix
            var second = prefix
            first.update(Array("POINTS".utf8))
            second.update(Array("FRAG".utf8))
            #expect(first.finalize() == SHA256.hash(Array("CAPSULE_POINTS".utf8)))
            #expect(second.finalize() == SHA256.hash(Array("CAPSULE_FRAG".utf8)))
            #expect(prefix.finalize() == SHA256.hash(Array("CAPSULE_".utf8)))
            // The hasher goes on after a finalize, as if it had not been called.
            first.update(Array("!".utf8))
            #expect(first.finalize() == SHA256.hash(Array("CAPSULE_POINTS!".utf8)))
        }

        @Test("Secrets, raw buffers and arrays hash alike")
        func inputForms() {
            let message: [UInt8] = Array(0..<100)
            let expected = SHA256.hash(message)
            #expect(SHA256.hash(SecureBytes(message)) == SecureBytes(expected))
            #expect(message.withUnsafeBytes { SHA256.hash($0) } == expected)
            var hasher = SHA256Hasher()
            hasher.update(SecureBytes(message[..<50]))
            message[50...].withUnsafeBytes { hasher.update($0) }
            #expect(hasher.finalize() == expected)
        }
    }
}
