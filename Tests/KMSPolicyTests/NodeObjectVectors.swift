import Foundation
import UmbralCore

/// Access to the nucypher-core vectors for the tests of the re-encryption, retrieval,
/// revocation and node-metadata objects.
enum NodeObjectVectors {
    /// A failure to find or read a vector entry.
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    /// `nucypher_core_vectors.json`.
    static func main() throws -> [String: Any] {
        try dictionary(VectorFiles.nucypherCore("nucypher_core_vectors.json"), "vectors")
    }

    /// `nucypher_core_vectors_derived.json`.
    static func derived() throws -> [String: Any] {
        try dictionary(VectorFiles.nucypherCore("nucypher_core_vectors_derived.json"), "derived")
    }

    /// The cases of `nucypher_core_error_vectors.json` whose `type` is one of `types`.
    static func errorCases(types: Set<String>) throws -> [[String: Any]] {
        guard let cases = try VectorFiles.nucypherCore("nucypher_core_error_vectors.json") as? [[String: Any]] else {
            throw Missing(description: "error vectors are not a list of objects")
        }
        return cases.filter { types.contains($0["type"] as? String ?? "") }
    }

    /// The operation cases of the error vectors whose name starts with `prefix`.
    static func operationCases(prefix: String) throws -> [[String: Any]] {
        try errorCases(types: ["operation"]).filter { ($0["name"] as? String ?? "").hasPrefix(prefix) }
    }

    static func dictionary(_ value: Any?, _ path: String) throws -> [String: Any] {
        guard let dictionary = value as? [String: Any] else { throw Missing(description: "\(path) is not an object") }
        return dictionary
    }

    static func list(_ value: Any?, _ path: String) throws -> [Any] {
        guard let list = value as? [Any] else { throw Missing(description: "\(path) is not a list") }
        return list
    }

    static func string(_ value: Any?, _ path: String) throws -> String {
        guard let string = value as? String else { throw Missing(description: "\(path) is not a string") }
        return string
    }

    /// The value at a dotted path such as `reencryption.0.response.bytes` (numbers index lists).
    static func value(_ root: [String: Any], _ path: String) throws -> Any {
        var current: Any = root
        for component in path.split(separator: ".") {
            if let index = Int(component), let list = current as? [Any], list.indices.contains(index) {
                current = list[index]
            } else if let dictionary = current as? [String: Any], let next = dictionary[String(component)] {
                current = next
            } else {
                throw Missing(description: "no \(path) (stopped at \(component))")
            }
        }
        return current
    }

    /// The bytes of the hex string at `path`.
    static func bytes(_ root: [String: Any], _ path: String) throws -> [UInt8] {
        try hex(string(value(root, path), path))
    }

    /// A secret key of the vectors by name, such as `ursula0/signing`.
    static func secretKey(_ root: [String: Any], _ name: String) throws -> SecretKey {
        try SecretKey(bigEndianBytes: bytes(root, "keys.\(name).secret_key_be"))
    }

    /// A public key of the vectors by name, such as `alice/signing`.
    static func publicKey(_ root: [String: Any], _ name: String) throws -> PublicKey {
        try PublicKey(compressedBytes: bytes(root, "keys.\(name).public_key_compressed"))
    }

    /// Bytes from lower- or upper-case hex; throws on odd length or a non-hex digit.
    static func hex(_ text: String) throws -> [UInt8] {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { throw Missing(description: "odd-length hex") }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else {
                throw Missing(description: "not hex: \(text.prefix(16))…")
            }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    /// Lower-case hex of `bytes`.
    static func hexString(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// Seeded single mutations of `bytes`: a flipped bit, a truncation, an inserted byte or a
    /// replaced byte, `count` of them, the same for the same seed.
    static func mutations(of bytes: [UInt8], count: Int, seed: UInt64) -> [[UInt8]] {
        var rng = SplitMix64(state: seed)
        return (0..<count).map { _ in
            var mutated = bytes
            let position = Int(rng.next() % UInt64(bytes.count))
            switch rng.next() % 4 {
            case 0: mutated[position] ^= 1 << UInt8(rng.next() % 8)
            case 1: mutated.removeSubrange(position...)
            case 2: mutated.insert(UInt8(truncatingIfNeeded: rng.next()), at: position)
            default: mutated[position] = UInt8(truncatingIfNeeded: rng.next())
            }
            return mutated
        }
    }

    /// Runs `parseAndEncode` on seeded mutations of `bytes` and returns those that parsed but did
    /// not re-encode to themselves. A strict parser accepts only canonical bytes, so it must be
    /// empty; a crash would stop the test run.
    static func nonCanonicalAcceptances(
        of bytes: [UInt8], count: Int = 300, seed: UInt64, _ parseAndEncode: ([UInt8]) -> [UInt8]?
    ) -> [[UInt8]] {
        mutations(of: bytes, count: count, seed: seed).filter { mutated in
            guard let encoded = parseAndEncode(mutated) else { return false }
            return encoded != mutated
        }
    }

    /// A small, fast, seedable generator (SplitMix64) for reproducible mutations.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
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
