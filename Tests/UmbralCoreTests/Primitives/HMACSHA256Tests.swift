import Testing

@testable import UmbralCore

extension PrimitivesTests {
    @Suite("HMAC-SHA256")
    struct HMACSHA256Tests {
        /// RFC 4231 §4.2–4.8 (without 4.6, which truncates the tag), plus empty keys.
        static let knownAnswers: [(key: String, message: String, tag: String)] = [
            (
                String(repeating: "0b", count: 20), "4869205468657265",
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
            ),
            (
                "4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
            ),
            (
                String(repeating: "aa", count: 20), String(repeating: "dd", count: 50),
                "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
            ),
            (
                "0102030405060708090a0b0c0d0e0f10111213141516171819", String(repeating: "cd", count: 50),
                "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
            ),
            (
                String(repeating: "aa", count: 131),
                Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8).hexString,
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
            ),
            (
                String(repeating: "aa", count: 131),
                Array(
                    "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."
                        .utf8
                ).hexString,
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
            ),
            ("", "", "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"),
            ("", "616263", "fd7adb152c05ef80dccf50a1fa4c05d5a3ec6da95575fc312ae7c5d091836351"),
        ]

        @Test("RFC 4231 known answers and empty keys", arguments: 0..<knownAnswers.count)
        func knownAnswer(index: Int) throws {
            let vector = Self.knownAnswers[index]
            let key = try [UInt8](hex: vector.key)
            let message = try [UInt8](hex: vector.message)
            #expect(hmacSHA256(key: key, message: message).hexString == vector.tag)
            var mac = HMACSHA256(key: SecureBytes(key))
            for byte in message {
                mac.update([byte])
            }
            #expect(mac.finalizeSecret() == SecureBytes(try [UInt8](hex: vector.tag)))
        }

        @Test("A keyed MAC can be copied and reused for several messages")
        func keyedCopies() {
            let key: [UInt8] = Array(100..<132)
            let keyed = HMACSHA256(key: key)
            for message in [[UInt8](), [1], Array(0..<200)] {
                var mac = keyed
                mac.update(message)
                #expect(mac.finalize() == hmacSHA256(key: key, message: message))
            }
            var first = keyed
            first.update([1, 2])
            var second = first
            second.update([3])
            first.update([4])
            #expect(first.finalize() == hmacSHA256(key: key, message: [1, 2, 4]))
            #expect(second.finalize() == hmacSHA256(key: key, message: [1, 2, 3]))
        }
    }
}
