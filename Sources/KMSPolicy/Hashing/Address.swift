public import UmbralCore

/// A 20-byte Ethereum address, as nucypher-core names staking providers and operators.
///
/// Alice picks the Ursulas of a policy by their staking-provider addresses, which key the
/// destinations of a ``TreasureMap``; Bob uses them to know which Ursula holds which kFrag, and
/// Ursulas announce theirs in their node metadata. On the wire an address is always its raw
/// 20 bytes (MessagePack `bin` 20), never text; ``checksummed`` gives the EIP-55 text for display.
///
/// Addresses order by their bytes, lexicographically, which is the order nucypher-core
/// writes map keys and address sets in.
public struct Address: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The size of an address in bytes.
    public static let byteCount = 20

    /// The 20 raw bytes.
    public let bytes: [UInt8]

    /// An address from its 20 raw bytes.
    ///
    /// Throws ``KMSPolicyError/invalidLength(object:expected:actual:)`` for any other length.
    public init(bytes: some Collection<UInt8>) throws(KMSPolicyError) {
        let bytes = Array(bytes)
        guard bytes.count == Self.byteCount else {
            throw .invalidLength(object: "Address", expected: Self.byteCount, actual: bytes.count)
        }
        self.bytes = bytes
    }

    /// The Ethereum address of `publicKey`: the last 20 bytes of Keccak-256 of its 64-byte
    /// uncompressed coordinates `X ‖ Y` (without the `04` prefix).
    ///
    /// An Ursula's operator address is derived this way from the key that signed her operator
    /// signature; staking-provider addresses are chosen by their owners and are not derived from
    /// any key that nucypher-core objects carry.
    public init(publicKey: PublicKey) {
        let digest = Keccak256.hash(publicKey.uncompressedBytes.dropFirst())
        self.bytes = Array(digest.suffix(Self.byteCount))
    }

    /// An address from its text: `0x` followed by 40 hex digits.
    ///
    /// All-lower-case and all-upper-case digits are accepted as they are (they carry no
    /// checksum); mixed case must be exactly the EIP-55 checksum of the address, so a typo in
    /// a checksummed address is caught. Throws ``KMSPolicyError/invalidAddressText(_:reason:)``.
    public init(text: String) throws(KMSPolicyError) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 2 + 2 * Self.byteCount, utf8[0] == UInt8(ascii: "0"),
            utf8[1] == UInt8(ascii: "x") || utf8[1] == UInt8(ascii: "X")
        else {
            throw .invalidAddressText(text, reason: "expected 0x followed by 40 hex digits")
        }
        let digits = Array(utf8[2...])
        var bytes = [UInt8]()
        bytes.reserveCapacity(Self.byteCount)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = Self.hexValue(digits[index]), let low = Self.hexValue(digits[index + 1]) else {
                throw .invalidAddressText(text, reason: "expected 0x followed by 40 hex digits")
            }
            bytes.append(high << 4 | low)
        }
        self.bytes = bytes
        let hasLower = digits.contains { (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
        let hasUpper = digits.contains { (UInt8(ascii: "A")...UInt8(ascii: "F")).contains($0) }
        if hasLower && hasUpper && String(decoding: digits, as: UTF8.self) != checksummedDigits {
            throw .invalidAddressText(text, reason: "the mixed-case digits do not match the EIP-55 checksum")
        }
    }

    /// The EIP-55 text: `0x`, then the lower-case hex digits with each letter upper-cased where
    /// the matching nibble of Keccak-256(lower-case hex) is 8 or more.
    public var checksummed: String {
        "0x" + checksummedDigits
    }

    /// The checksummed text, as in ``checksummed``.
    public var description: String {
        checksummed
    }

    /// Byte-wise lexicographic order, as nucypher-core's `BTreeMap<Address, _>` sorts keys.
    public static func < (lhs: Address, rhs: Address) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    /// The 40 digits of ``checksummed``, without `0x`.
    private var checksummedDigits: String {
        let alphabet = Array("0123456789abcdef".utf8)
        var lower = [UInt8]()
        lower.reserveCapacity(2 * Self.byteCount)
        for byte in bytes {
            lower.append(alphabet[Int(byte >> 4)])
            lower.append(alphabet[Int(byte & 0x0f)])
        }
        let hash = Keccak256.hash(lower)
        for (index, digit) in lower.enumerated() where digit >= UInt8(ascii: "a") {
            let nibble = index % 2 == 0 ? hash[index / 2] >> 4 : hash[index / 2] & 0x0f
            if nibble >= 8 { lower[index] = digit - 0x20 }  // ASCII upper case
        }
        return String(decoding: lower, as: UTF8.self)
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
