public import KMSPolicy

/// Addresses are saved as their `0x` hex text, so a saved chain reads like a block explorer.
///
/// KMSPolicy's `Address` is not `Codable` itself; the chain's save files need it to be, and
/// this module owns that format.
extension Address: Codable {
    /// Reads an address saved by ``encode(to:)``.
    ///
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` if the text is not `0x` and 40 hex digits.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try Address(text: text.lowercased())
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an address: \(text)")
        }
    }

    /// Writes the address as lower-case `0x` hex.
    ///
    /// - Parameter encoder: The encoder to write to.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(checksummed.lowercased())
    }
}

extension Address {
    /// The all-zero address, which the contracts treat as "nobody".
    public static let zero: Address = {
        do {
            return try Address(bytes: [UInt8](repeating: 0, count: Address.byteCount))
        } catch {
            preconditionFailure("20 zero bytes are an address")
        }
    }()

    /// A deterministic address for something that has a name but no key: a contract, or an
    /// account in a simulation. The last 20 bytes of Keccak-256 of `"KMSContracts:" + name`.
    ///
    /// - Parameter name: Any name; different names give different addresses.
    /// - Returns: The address.
    public static func derived(from name: String) -> Address {
        let digest = Keccak256.hash(Array("KMSContracts:\(name)".utf8))
        do {
            return try Address(bytes: digest.suffix(Address.byteCount))
        } catch {
            preconditionFailure("a Keccak-256 suffix of 20 bytes is an address")
        }
    }
}
