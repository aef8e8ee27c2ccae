import Foundation

/// SplitMix64: a tiny, seedable generator so randomized tests see the same inputs every run.
struct SplitMix64: RandomNumberGenerator {
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

/// Parses hex such as "4d4b6974 0003 0000" (whitespace ignored) into bytes; bad hex is a test bug.
func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.filter { !$0.isWhitespace }.utf8)
    precondition(digits.count % 2 == 0, "odd number of hex digits in \(text)")
    return stride(from: 0, to: digits.count, by: 2).map { index in
        guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else {
            preconditionFailure("bad hex in \(text)")
        }
        return byte
    }
}

/// Why shared test data could not be used; each message names the file or value.
struct SharedVectorError: Error, CustomStringConvertible {
    let description: String
}

/// The reference vectors in `shared/` beside the package root, located from `#filePath` so
/// `swift test` finds them from any working directory.
enum SharedVectors {
    /// `<package root>/../shared`: four levels above `Tests/KMSLayersTests/Support/TestSupport.swift`.
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // KMSLayersTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .deletingLastPathComponent()
        .appendingPathComponent("shared")

    /// The contents of `relativePath` under `shared/`.
    static func data(_ relativePath: String) throws -> Data {
        let url = directory.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw SharedVectorError(description: "test vector file not found at \(url.path)")
        }
        return try Data(contentsOf: url)
    }

    /// Every string in a parsed JSON tree, with its key path, depth first.
    static func strings(in node: Any, path: String = "") -> [(path: String, value: String)] {
        switch node {
        case let string as String:
            return [(path, string)]
        case let dictionary as [String: Any]:
            return dictionary.keys.sorted().flatMap { strings(in: dictionary[$0]!, path: path + "/" + $0) }
        case let array as [Any]:
            return array.indices.flatMap { strings(in: array[$0], path: path + "/\($0)") }
        default:
            return []
        }
    }
}

/// The bytes of `text` if it is a non-empty, even-length string of hex digits, else nil.
func bytesIfHex(_ text: String) -> [UInt8]? {
    guard !text.isEmpty, text.count % 2 == 0, text.allSatisfy(\.isHexDigit) else { return nil }
    return hex(text)
}
