import KMSMessagePack
import Testing

/// Whatever the input, decoding must either throw a MessagePackError or return a value
/// whose canonical encoding is exactly the bytes it consumed.
@Suite("Deterministic fuzzing")
struct FuzzTests {
    /// Checks the decoder's contract on one input; returns whether it decoded.
    @discardableResult
    private func checkContract(_ input: [UInt8]) -> Bool {
        let options = MessagePack.DecodingOptions(maxDepth: 16)
        do {
            let (value, consumed) = try MessagePack.decodePrefix(input, options: options)
            let reencoded = MessagePack.encode(value)
            #expect(reencoded == Array(input[..<consumed]), "input \(hexString(input))")
            // The whole-input decoder agrees with the prefix decoder.
            if consumed == input.count {
                #expect((try? MessagePack.decode(input, options: options)) == value)
            } else {
                #expect(throws: MessagePackError.trailingBytes(offset: consumed, count: input.count - consumed)) {
                    try MessagePack.decode(input, options: options)
                }
            }
            return true
        } catch {
            // Typed throws: reaching here means a MessagePackError, never a crash.
            return false
        }
    }

    @Test("Twenty thousand random byte strings never crash and decode only canonically")
    func randomBytes() {
        var rng = SplitMix64(seed: 0x4b4d_535f_4d53_4750)
        var decoded = 0
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...48, using: &rng)
            var input = (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
            // Bias the first byte toward small containers and fix forms so nesting is explored.
            if !input.isEmpty, Bool.random(using: &rng) {
                input[0] = [0x91, 0x92, 0x81, 0xa1, 0xc4, 0x01, 0xff][Int.random(in: 0..<7, using: &rng)]
            }
            if checkContract(input) { decoded += 1 }
        }
        #expect(decoded > 1000, "only \(decoded) random inputs decoded; the fuzz loop is not exercising much")
    }

    @Test("Random valid value trees round-trip through both the tree and streaming APIs")
    func randomValues() throws {
        var generator = RandomValueGenerator(rng: SplitMix64(seed: 7))
        for _ in 0..<1_000 {
            let value = generator.value()
            let bytes = MessagePack.encode(value)
            #expect(try MessagePack.decode(bytes) == value)
            var writer = MessagePackWriter()
            writer.write(value)
            #expect(writer.bytes == bytes)
            var reader = MessagePackReader(bytes)
            #expect(try reader.readEncodedValue() == bytes)
            try reader.finish()
        }
    }

    @Test("Two thousand mutations of valid encodings never crash and decode only canonically")
    func mutations() {
        var generator = RandomValueGenerator(rng: SplitMix64(seed: 0x6d75_7461_7465))
        var rng = SplitMix64(seed: 99)
        var decoded = 0
        for _ in 0..<2_000 {
            var input = MessagePack.encode(generator.value())
            let mutationCount = Int.random(in: 1...3, using: &rng)
            for _ in 0..<mutationCount {
                let position = input.isEmpty ? 0 : Int.random(in: 0..<input.count, using: &rng)
                switch Int.random(in: 0..<6, using: &rng) {
                case 0 where !input.isEmpty:  // flip one bit
                    input[position] ^= UInt8(1) << UInt8.random(in: 0...7, using: &rng)
                case 1 where !input.isEmpty:  // replace a byte
                    input[position] = UInt8.random(in: .min ... .max, using: &rng)
                case 2 where !input.isEmpty:  // delete a byte
                    input.remove(at: position)
                case 3:  // insert a byte
                    input.insert(UInt8.random(in: .min ... .max, using: &rng), at: position)
                case 4:  // truncate
                    input.removeLast(input.count - position)
                default:  // nudge a byte by one, the classic off-by-one length
                    if !input.isEmpty { input[position] &+= Bool.random(using: &rng) ? 1 : 255 }
                }
            }
            if checkContract(input) { decoded += 1 }
        }
        #expect(decoded > 100, "only \(decoded) mutated inputs decoded")
    }
}
