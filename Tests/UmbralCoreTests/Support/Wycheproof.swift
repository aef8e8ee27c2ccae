/// A Wycheproof test-vector file (github.com/C2SP/wycheproof), generic over its test-group
/// schema so each suite declares only the fields it reads.
struct WycheproofFile<Group: Decodable & Sendable>: Decodable, Sendable {
    let algorithm: String
    let numberOfTests: Int
    let testGroups: [Group]
}

/// The verdict a Wycheproof case expects.
enum WycheproofResult: String, Decodable, Sendable {
    /// The implementation must accept and produce exactly the given output.
    case valid
    /// The implementation must reject the input.
    case invalid
    /// Either outcome is allowed (legacy or weak but not broken inputs).
    case acceptable
}

/// A hex string field of a vector file, decoded to bytes.
struct HexBytes: Decodable, Sendable, Equatable, CustomStringConvertible {
    let bytes: [UInt8]

    init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        bytes = try [UInt8](hex: text)
    }

    var description: String { bytes.hexString }
}
