import KMSPolicy
import Testing
import UmbralCore

@Suite("Address")
struct AddressTests {
    /// Every staking-provider and operator address of the vectors, with its EIP-55 text.
    private func vectorAddresses() throws -> [(bytes: [UInt8], checksummed: String)] {
        let vectors = try PREObjectVectors.main()
        var result = [(bytes: [UInt8], checksummed: String)]()
        for ursula in 0..<3 {
            for role in ["staking-provider-eth-key", "operator-eth-key"] {
                let path = "keys.ursula\(ursula)/\(role)"
                result.append((
                    try PREObjectVectors.bytes(vectors, "\(path).address"),
                    try PREObjectVectors.string(vectors, "\(path).checksum_address")))
            }
        }
        return result
    }

    @Test("EIP-55 text of every address in the vectors")
    func checksumsMatchVectors() throws {
        let addresses = try vectorAddresses()
        #expect(addresses.count == 6)
        for (bytes, checksummed) in addresses {
            let address = try Address(bytes: bytes)
            #expect(address.bytes == bytes)
            #expect(address.checksummed == checksummed)
            #expect(address.description == checksummed)
            #expect(try Address(text: checksummed) == address)
            #expect(try Address(text: checksummed.lowercased()) == address)
            #expect(try Address(text: "0x" + checksummed.dropFirst(2).uppercased()) == address)
        }
    }

    @Test("Each Ethereum key of the vectors derives its address from X ‖ Y")
    func fromPublicKey() throws {
        let vectors = try PREObjectVectors.main()
        for ursula in 0..<3 {
            for role in ["staking-provider-eth-key", "operator-eth-key"] {
                let path = "keys.ursula\(ursula)/\(role)"
                let secretKey = try SecretKey(bigEndianBytes: PREObjectVectors.bytes(vectors, "\(path).secret_key_be"))
                let address = Address(publicKey: secretKey.publicKey)
                #expect(address.bytes == (try PREObjectVectors.bytes(vectors, "\(path).address")))
                #expect(address.checksummed == (try PREObjectVectors.string(vectors, "\(path).checksum_address")))
            }
        }
    }

    @Test("Published EIP-55 examples")
    func publishedExamples() throws {
        for text in [
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
        ] {
            #expect(try Address(text: text).checksummed == text)
        }
    }

    @Test("Raw bytes of any length but 20 are refused", arguments: [0, 19, 21, 32])
    func wrongLength(count: Int) {
        #expect(throws: KMSPolicyError.invalidLength(object: "Address", expected: 20, actual: count)) {
            try Address(bytes: [UInt8](repeating: 0xab, count: count))
        }
    }

    @Test("Malformed text and wrong checksums are refused")
    func badText() {
        let good = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
        for text in [
            "", "0x", String(good.dropFirst(2)), good + "0", String(good.dropLast()),
            "0y" + good.dropFirst(2), "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg",
            "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",  // one letter's case flipped
        ] {
            #expect(throws: KMSPolicyError.self) { try Address(text: text) }
        }
    }

    @Test("Addresses order byte-wise, as nucypher-core sorts map keys")
    func ordering() throws {
        let low = try Address(bytes: [0x00] + [UInt8](repeating: 0xff, count: 19))
        let high = try Address(bytes: [0x01] + [UInt8](repeating: 0x00, count: 19))
        #expect(low < high)
        #expect(!(high < low))
        let sorted = try vectorAddresses().map { try Address(bytes: $0.bytes) }.sorted()
        #expect(sorted.map(\.bytes) == sorted.map(\.bytes).sorted { $0.lexicographicallyPrecedes($1) })
    }
}
