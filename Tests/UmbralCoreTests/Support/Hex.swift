extension Array where Element == UInt8 {
    /// Decodes a hex string (upper or lower case, no prefix or separators).
    init(hex: String) throws(HexDecodingError) {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { throw .oddLength(digits.count) }
        self.init()
        reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else {
                throw .invalidCharacter(offset: Self.nibble(digits[index]) == nil ? index : index + 1)
            }
            append(high << 4 | low)
            index += 2
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

extension Sequence where Element == UInt8 {
    /// Lowercase hex, two digits per byte.
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// Why a string is not valid hex.
enum HexDecodingError: Error, Equatable, CustomStringConvertible {
    case oddLength(Int)
    case invalidCharacter(offset: Int)

    var description: String {
        switch self {
        case .oddLength(let count): "hex string has an odd number of digits (\(count))"
        case .invalidCharacter(let offset): "hex string has a non-hex character at offset \(offset)"
        }
    }
}
