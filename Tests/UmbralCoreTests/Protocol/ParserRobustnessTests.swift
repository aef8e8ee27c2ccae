import Testing

@testable import UmbralCore

/// Every parser must answer any input with a value or an ``UmbralError``, never a crash. These
/// run seeded mutations of valid encodings (which reach deep into the parsers) and random bytes.
@Suite("Parser robustness")
struct ParserRobustnessTests {
    typealias Parser = (String, ([UInt8]) throws(UmbralError) -> Void)

    static func parsers() -> [Parser] {
        [
            ("Capsule", { b throws(UmbralError) in _ = try Capsule(messagePackBytes: b) }),
            ("KeyFrag", { b throws(UmbralError) in _ = try KeyFrag(messagePackBytes: b) }),
            ("CapsuleFrag", { b throws(UmbralError) in _ = try CapsuleFrag(messagePackBytes: b) }),
            ("ReencryptionEvidence", { b throws(UmbralError) in _ = try ReencryptionEvidence(messagePackBytes: b) }),
            ("PublicKey", { b throws(UmbralError) in _ = try PublicKey(compressedBytes: b) }),
            ("SecretKey", { b throws(UmbralError) in _ = try SecretKey(bigEndianBytes: b) }),
            ("Signature", { b throws(UmbralError) in _ = try Signature(bytes: b) }),
            ("Signature(DER)", { b throws(UmbralError) in _ = try Signature(derBytes: b) }),
            ("RecoverableSignature", { b throws(UmbralError) in _ = try RecoverableSignature(bytes: b) }),
        ]
    }

    /// One valid encoding per parser, from a fresh grant.
    static func samples() throws -> [String: [UInt8]] {
        var rng = SeededRNG(seed: 2024)
        let alice = SecretKey.random(using: &rng)
        let bob = SecretKey.random(using: &rng)
        let signer = Signer(SecretKey.random(using: &rng))
        let (capsule, _) = try Umbral.encrypt([1, 2, 3], for: alice.publicKey, using: &rng)
        let kfrag = try Umbral.generateKeyFrags(
            delegating: alice, receiving: bob.publicKey, signer: signer, threshold: 1, shares: 1, using: &rng)[0]
        let cfrag = Umbral.reencrypt(capsule, with: kfrag, using: &rng)
        let evidence = try ReencryptionEvidence(
            capsule: capsule, capsuleFrag: cfrag, verifyingKey: signer.verifyingKey, delegatingKey: alice.publicKey,
            receivingKey: bob.publicKey)
        let signature = signer.sign([9, 9, 9], using: &rng)
        return [
            "Capsule": capsule.messagePackBytes, "KeyFrag": kfrag.messagePackBytes,
            "CapsuleFrag": cfrag.messagePackBytes, "ReencryptionEvidence": evidence.messagePackBytes,
            "PublicKey": alice.publicKey.compressedBytes, "SecretKey": alice.bigEndianBytes,
            "Signature": signature.bytes, "Signature(DER)": signature.derBytes,
            "RecoverableSignature": signature.bytes + [1],
        ]
    }

    @Test("seeded mutations of valid encodings give a value or a typed error")
    func mutationsNeverCrash() throws {
        let samples = try Self.samples()
        var rng = SeededRNG(seed: 77)
        var outcomes = (accepted: 0, rejected: 0)
        for (name, parse) in Self.parsers() {
            let valid = try #require(samples[name])
            try parse(valid)
            for _ in 0..<400 {
                var bytes = valid
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    switch Int.random(in: 0..<5, using: &rng) {
                    case 0 where !bytes.isEmpty:
                        bytes[Int.random(in: bytes.indices, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                    case 1 where !bytes.isEmpty:
                        bytes.remove(at: Int.random(in: bytes.indices, using: &rng))
                    case 2:
                        bytes.insert(UInt8.random(in: 0...255, using: &rng), at: Int.random(in: 0...bytes.count, using: &rng))
                    case 3 where bytes.count > 1:
                        bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng)))
                    default:
                        // Interesting MessagePack markers: headers, length prefixes, the reserved byte.
                        let markers: [UInt8] = [0x90, 0x93, 0x95, 0xdc, 0xdd, 0xc4, 0xc5, 0xc6, 0xc1, 0xc2, 0xc3, 0xd9, 0x80, 0x00, 0xff]
                        if !bytes.isEmpty {
                            bytes[Int.random(in: bytes.indices, using: &rng)] = markers.randomElement(using: &rng)!
                        }
                    }
                }
                do {
                    try parse(bytes)
                    outcomes.accepted += 1
                } catch {
                    outcomes.rejected += 1
                }
            }
        }
        #expect(outcomes.accepted + outcomes.rejected == Self.parsers().count * 400)
        #expect(outcomes.rejected > outcomes.accepted)
    }

    @Test("random byte strings give a value or a typed error", arguments: [0, 1, 31, 32, 33, 64, 65, 70, 105, 310, 381, 528])
    func randomBytesNeverCrash(length: Int) {
        var rng = SeededRNG(seed: UInt64(length))
        var rejected = 0
        for _ in 0..<100 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            for (_, parse) in Self.parsers() {
                do { try parse(bytes) } catch { rejected += 1 }
            }
        }
        #expect(rejected > 0)
    }
}
