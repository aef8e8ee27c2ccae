/// Everything that can go wrong in KMSPolicy, each case saying what was wrong with the input.
///
/// KMSPolicy throws only this type (typed throws), so callers can switch over every failure.
/// The header cases print the same text as nucypher-core 0.16's `DeserializationError`, so a
/// rejection can be compared line for line with what the Python or Rust reference reports.
public enum KMSPolicyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Fewer than the 8 header bytes were supplied; `actual` is how many there were.
    case headerTooShort(actual: Int)

    /// A header was built from a brand that is not exactly 4 bytes long.
    case invalidBrandLength(actual: Int)

    /// The brand names a different object than the one being parsed.
    case wrongBrand(expected: [UInt8], actual: [UInt8])

    /// The major version differs from the supported one, in either direction: a major
    /// change means an incompatible body layout, so older objects are refused as well.
    case majorVersionMismatch(expected: UInt16, actual: UInt16)

    /// The minor version is newer than the newest one this implementation understands.
    case unsupportedMinorVersion(supported: UInt16, actual: UInt16)

    /// A one-line explanation; the header texts match nucypher-core's `Display` output.
    public var description: String {
        switch self {
        case let .headerTooShort(actual):
            return "bytestring too short: expected \(ProtocolObjectHeader.encodedCount) bytes, got \(actual)"
        case let .invalidBrandLength(actual):
            return "invalid brand: expected \(ProtocolObjectHeader.brandCount) bytes, got \(actual)"
        case let .wrongBrand(expected, actual):
            return "incorrect header: expected \(expected), got \(actual)"
        case let .majorVersionMismatch(expected, actual):
            return "differing major version: expected \(expected), got \(actual)"
        case let .unsupportedMinorVersion(supported, actual):
            return "unsupported minor version: expected <=\(supported), got \(actual)"
        }
    }
}
