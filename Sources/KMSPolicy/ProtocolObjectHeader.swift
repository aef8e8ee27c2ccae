/// The 8-byte header in front of every top-level nucypher-core 0.16 protocol object.
///
/// Layout: a 4-byte brand naming the object (`MKit`, `TMap`, …), then the major and minor
/// version as big-endian `UInt16`s. The MessagePack body follows directly, with no length
/// prefix. Objects nested inside other objects carry no header, so this type only appears at
/// the top level (and in the few signed messages and encrypted plaintexts that embed one).
///
/// A header parsed from the wire may carry any brand and versions; whether they are
/// acceptable is decided by ``ProtocolObjectKind/decodeBody(_:)``.
public struct ProtocolObjectHeader: Hashable, Sendable, CustomStringConvertible {
    /// The size of an encoded header in bytes.
    public static let encodedCount = 8

    /// The size of a brand in bytes.
    public static let brandCount = 4

    /// The brand, always exactly ``brandCount`` bytes (ASCII for every known object).
    public let brand: [UInt8]

    /// The major version; a different major means an incompatible body layout.
    public let major: UInt16

    /// The minor version; a newer minor may add to the body in ways older readers cannot follow.
    public let minor: UInt16

    /// Creates a header, throwing ``KMSPolicyError/invalidBrandLength(actual:)`` unless
    /// `brand` is exactly 4 bytes.
    public init(brand: some Collection<UInt8>, major: UInt16, minor: UInt16) throws(KMSPolicyError) {
        let brand = Array(brand)
        guard brand.count == Self.brandCount else { throw .invalidBrandLength(actual: brand.count) }
        self.init(checkedBrand: brand, major: major, minor: minor)
    }

    /// Reads the header from the first 8 bytes of `bytes`; whatever follows (the body) is ignored.
    ///
    /// Throws ``KMSPolicyError/headerTooShort(actual:)`` when fewer than 8 bytes are given.
    /// No brand or version is checked here.
    public init(decodingPrefixOf bytes: some Collection<UInt8>) throws(KMSPolicyError) {
        let prefix = Array(bytes.prefix(Self.encodedCount))
        guard prefix.count == Self.encodedCount else { throw .headerTooShort(actual: prefix.count) }
        self.init(
            checkedBrand: Array(prefix[0..<4]),
            major: UInt16(prefix[4]) << 8 | UInt16(prefix[5]),
            minor: UInt16(prefix[6]) << 8 | UInt16(prefix[7])
        )
    }

    /// The memberwise initializer for brands already known to be 4 bytes long.
    init(checkedBrand brand: [UInt8], major: UInt16, minor: UInt16) {
        self.brand = brand
        self.major = major
        self.minor = minor
    }

    /// The 8-byte encoding: brand, then major and minor version big-endian.
    public var bytes: [UInt8] {
        brand + [UInt8(major >> 8), UInt8(major & 0xff), UInt8(minor >> 8), UInt8(minor & 0xff)]
    }

    /// The brand as text with its version, such as `MKit 3.0`; bytes outside printable
    /// ASCII are shown as `\xNN` so a corrupted header stays readable.
    public var description: String {
        var text = ""
        for byte in brand {
            if (0x20...0x7e).contains(byte) && byte != UInt8(ascii: "\\") {
                text.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16)
                text += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return "\(text) \(major).\(minor)"
    }
}
