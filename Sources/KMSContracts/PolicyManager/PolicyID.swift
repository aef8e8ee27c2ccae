public import KMSPolicy

/// The 16-byte id a policy is filed under in the ``PolicyManager`` (the contract's `bytes16`).
///
/// The policy ledger uses the policy's `HRAC`, which is 16 bytes too, so a grant and its payment
/// share one name.
public struct PolicyID: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The 16 bytes.
    public let bytes: [UInt8]

    /// An id from 16 bytes.
    ///
    /// - Parameter bytes: Exactly 16 bytes, not all zero (the contract refuses the zero id).
    /// - Throws: ``KMSContractsError/invalidPolicyID(byteCount:)``.
    public init(bytes: [UInt8]) throws(KMSContractsError) {
        guard bytes.count == 16, bytes.contains(where: { $0 != 0 }) else {
            throw .invalidPolicyID(byteCount: bytes.count)
        }
        self.bytes = bytes
    }

    /// The id of the policy named by `hrac`.
    ///
    /// - Parameter hrac: The policy's HRAC.
    public init(hrac: HRAC) {
        // An HRAC is a Keccak digest prefix; all-zero would need a preimage of zero bytes.
        self.bytes = hrac.bytes
    }

    /// A readable id for tests and simulations: the first 16 bytes of Keccak-256 of `name`.
    ///
    /// - Parameter name: Any name.
    public init(named name: String) {
        self.bytes = Array(Keccak256.hash(Array("policy:\(name)".utf8)).prefix(16))
    }

    /// Lower-case hex.
    public var description: String {
        bytes.map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
        }.joined()
    }

    /// Reads the id from its hex text.
    ///
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError.dataCorrupted` for text that is not 32 hex digits.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = Array(try container.decode(String.self).utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index + 1 < text.count {
            guard let high = Self.nibble(text[index]), let low = Self.nibble(text[index + 1]) else { break }
            bytes.append(high << 4 | low)
            index += 2
        }
        guard text.count == 32, bytes.count == 16 else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a policy id")
        }
        self.bytes = bytes
    }

    /// Writes the id as hex text.
    ///
    /// - Parameter encoder: The encoder.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
