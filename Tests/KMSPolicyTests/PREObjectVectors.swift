import Foundation
import KMSMessagePack
import KMSPolicy
import Testing
import UmbralCore

/// Reads the nucypher-core vectors that the HRAC, Address, Keccak-256, MessageKit, key-fragment
/// and treasure-map tests use, through ``VectorFiles``.
enum PREObjectVectors {
    /// `nucypher_core_vectors.json`: inputs, keys and every object's hex.
    static func main() throws -> [String: Any] {
        try dictionary(VectorFiles.nucypherCore("nucypher_core_vectors.json"))
    }

    /// `nucypher_core_vectors_derived.json`: decrypted plaintexts and signed messages.
    static func derived() throws -> [String: Any] {
        try dictionary(VectorFiles.nucypherCore("nucypher_core_vectors_derived.json"))
    }

    /// `nucypher_core_error_vectors.json`: negative and edge cases, one dictionary each.
    static func errorCases() throws -> [[String: Any]] {
        guard let cases = try VectorFiles.nucypherCore("nucypher_core_error_vectors.json") as? [[String: Any]] else {
            throw VectorError("the error vectors are not a list of objects")
        }
        return cases
    }

    /// The value at a dotted path such as `keys.alice/signing.public_key_compressed` or
    /// `message_kits.0.bytes` (a number indexes a list).
    static func value(_ root: [String: Any], _ path: String) throws -> Any {
        var current: Any = root
        for component in path.split(separator: ".") {
            if let list = current as? [Any], let index = Int(component), list.indices.contains(index) {
                current = list[index]
            } else if let dictionary = current as? [String: Any], let next = dictionary[String(component)] {
                current = next
            } else {
                throw VectorError("no value at \(path)")
            }
        }
        return current
    }

    /// The string at `path`.
    static func string(_ root: [String: Any], _ path: String) throws -> String {
        guard let text = try value(root, path) as? String else { throw VectorError("\(path) is not a string") }
        return text
    }

    /// The bytes of the hex string at `path`.
    static func bytes(_ root: [String: Any], _ path: String) throws -> [UInt8] {
        try decodeHex(string(root, path))
    }

    /// The secret key named `name` in the vectors' `keys` (such as `bob/encrypting`).
    static func secretKey(_ root: [String: Any], _ name: String) throws -> SecretKey {
        try SecretKey(bigEndianBytes: bytes(root, "keys.\(name).secret_key_be"))
    }

    /// The public key named `name` in the vectors' `keys`.
    static func publicKey(_ root: [String: Any], _ name: String) throws -> PublicKey {
        try PublicKey(compressedBytes: bytes(root, "keys.\(name).public_key_compressed"))
    }

    static func dictionary(_ value: Any) throws -> [String: Any] {
        guard let dictionary = value as? [String: Any] else { throw VectorError("expected a JSON object") }
        return dictionary
    }

    /// Bytes from hex digits (whitespace ignored); throws on anything else.
    static func decodeHex(_ text: String) throws -> [UInt8] {
        let digits = Array(text.filter { !$0.isWhitespace }.utf8)
        guard digits.count % 2 == 0 else { throw VectorError("odd number of hex digits") }
        var result = [UInt8]()
        result.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else {
                throw VectorError("not hex: \(text.prefix(40))")
            }
            result.append(high << 4 | low)
        }
        return result
    }

    /// Lower-case hex without separators.
    static func encodeHex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// A vector file that does not have the expected shape.
struct VectorError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// A seedable SplitMix64 generator, so tests that build objects with an injected generator are
/// repeatable. Not for real keys or nonces.
struct PREObjectTestRNG: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One case of `nucypher_core_error_vectors.json` for an object type.
struct PREErrorVector: CustomTestStringConvertible, Sendable {
    let name: String
    let input: [UInt8]
    /// `accepted`, `error` or `panic` in the reference.
    let outcome: String
    /// Whether the reference re-encodes an accepted input to the same bytes.
    let reserializedIdentical: Bool
    /// The reference's category for errors (`TooShort`, `BadPayload`, …), or "".
    let category: String

    var testDescription: String { name }

    /// Whether this implementation must refuse the input: the reference refuses it (or crashes on
    /// it), or it accepts only a non-canonical form that it would re-encode differently.
    var mustThrow: Bool {
        outcome != "accepted" || !reserializedIdentical
    }

    /// The cases of `type` (such as `MessageKit`), in file order.
    static func cases(type: String) throws -> [PREErrorVector] {
        try PREObjectVectors.errorCases().filter { $0["type"] as? String == type }.map { entry in
            guard let name = entry["name"] as? String, let input = entry["input"] as? String,
                let outcome = entry["outcome"] as? String
            else { throw VectorError("incomplete error vector \(entry)") }
            return PREErrorVector(
                name: name, input: try PREObjectVectors.decodeHex(input), outcome: outcome,
                reserializedIdentical: entry["reserialized_identical"] as? Bool ?? false,
                category: entry["category"] as? String ?? "")
        }
    }

    /// Names of the `operation` cases whose name starts with `prefix`, with their outcome.
    static func operations(prefix: String) throws -> [(name: String, outcome: String)] {
        try PREObjectVectors.errorCases().compactMap { entry in
            guard entry["type"] as? String == "operation", let name = entry["name"] as? String,
                name.hasPrefix(prefix), let outcome = entry["outcome"] as? String
            else { return nil }
            return (name, outcome)
        }
    }
}

extension PREErrorVector {
    /// Checks that `parse` refuses the input with an error of the reference's category: the same
    /// header error, or a body error (for `BadPayload`, crashes and non-canonical input).
    func expectRefused(_ parse: ([UInt8]) throws(KMSPolicyError) -> Void) {
        do {
            try parse(input)
            Issue.record("\(name): accepted, but must be refused")
        } catch {
            let matches: Bool
            switch (category, error) {
            case ("TooShort", .headerTooShort), ("IncorrectHeader", .wrongBrand),
                ("MajorVersionMismatch", .majorVersionMismatch), ("UnsupportedMinorVersion", .unsupportedMinorVersion):
                matches = true
            case ("TooShort", _), ("IncorrectHeader", _), ("MajorVersionMismatch", _), ("UnsupportedMinorVersion", _):
                matches = false
            case (_, .malformedBody), (_, .invalidUmbralValue), (_, .addressesNotStrictlyAscending),
                (_, .invalidThreshold):
                matches = true
            default:
                matches = false
            }
            #expect(matches, "\(name) (\(category.isEmpty ? outcome : category)) refused with \(error)")
        }
    }
}

extension PREObjectVectors {
    /// The headered bytes of an `EKFr` or `EMap`-shaped object: `[capsule, bin ciphertext]`, built
    /// by hand so tests can wrap plaintexts the library itself would never produce.
    static func sealedObjectBytes(_ kind: ProtocolObjectKind, capsule: Capsule, ciphertext: [UInt8]) -> [UInt8] {
        var writer = MessagePackWriter()
        writer.writeArrayHeader(2)
        writer.writeEncodedValue(capsule.messagePackBytes)
        writer.writeBinary(ciphertext)
        return kind.encode(body: writer.bytes)
    }

    /// Umbral-encrypts `plaintext` for `recipient` and wraps it as a `kind` object.
    static func seal(_ kind: ProtocolObjectKind, _ plaintext: [UInt8], for recipient: PublicKey) throws -> [UInt8] {
        let (capsule, ciphertext) = try Umbral.encrypt(plaintext, for: recipient)
        return sealedObjectBytes(kind, capsule: capsule, ciphertext: ciphertext)
    }

    /// The vectors' staking-provider address of Ursula `index`.
    static func ursulaAddress(_ root: [String: Any], _ index: Int) throws -> Address {
        try Address(bytes: bytes(root, "keys.ursula\(index)/staking-provider-eth-key.address"))
    }
}

extension PREObjectVectors {
    /// Seeded mutants of `bytes`: single bit flips, truncations, and inserted, deleted or
    /// replaced bytes, for checking that a strict parser never crashes and that whatever it
    /// accepts re-encodes to exactly the input.
    static func mutants(of bytes: [UInt8], count: Int, seed: UInt64) -> [[UInt8]] {
        var rng = PREObjectTestRNG(seed: seed)
        var result = [[UInt8]]()
        result.reserveCapacity(count)
        for round in 0..<count {
            var mutant = bytes
            let position = Int.random(in: 0..<bytes.count, using: &rng)
            switch round % 5 {
            case 0: mutant[position] ^= 1 << UInt8.random(in: 0...7, using: &rng)
            case 1: mutant.removeSubrange(position...)
            case 2: mutant.insert(UInt8.random(in: 0...255, using: &rng), at: position)
            case 3: mutant.remove(at: position)
            default: mutant[position] = UInt8.random(in: 0...255, using: &rng)
            }
            result.append(mutant)
        }
        return result
    }

    /// Parses every mutant of `bytes` with `parse`, which returns the re-encoding of what it
    /// accepted; records an issue for any accepted mutant that does not re-encode to itself.
    /// Returns how many mutants were accepted.
    @discardableResult
    static func expectStrictOnMutants(
        of bytes: [UInt8], count: Int = 300, seed: UInt64, _ parse: ([UInt8]) throws(KMSPolicyError) -> [UInt8]
    ) -> Int {
        var accepted = 0
        for mutant in mutants(of: bytes, count: count, seed: seed) {
            guard let encoded = try? parse(mutant) else { continue }
            accepted += 1
            #expect(encoded == mutant, "an accepted mutant re-encodes differently")
        }
        return accepted
    }
}
