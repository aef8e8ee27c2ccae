import Foundation

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
