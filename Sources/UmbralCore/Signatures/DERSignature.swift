/// The strict ASN.1 DER form of an ECDSA signature: `30 len 02 len r 02 len s`.
enum DERSignature {
    static func encode(r: [UInt8], s: [UInt8]) -> [UInt8] {
        let body = integer(r) + integer(s)
        return [0x30, UInt8(body.count)] + body
    }

    /// A minimal DER INTEGER for a non-negative big-endian value.
    private static func integer(_ value: [UInt8]) -> [UInt8] {
        var digits = Array(value.drop(while: { $0 == 0 }))
        if digits.isEmpty { digits = [0] }
        if digits[0] & 0x80 != 0 { digits.insert(0, at: 0) }
        return [0x02, UInt8(digits.count)] + digits
    }

    /// Returns r and s as 32-byte big-endian values.
    static func parse(_ der: [UInt8]) throws(UmbralError) -> ([UInt8], [UInt8]) {
        guard der.count >= 2, der[0] == 0x30 else { throw .invalidDER("expected a SEQUENCE") }
        // A signature never needs more than 72 bytes, so only the short length form is valid.
        guard der[1] < 0x80 else { throw .invalidDER("non-minimal or oversized length") }
        guard Int(der[1]) == der.count - 2 else {
            throw .invalidDER(Int(der[1]) > der.count - 2 ? "truncated SEQUENCE" : "trailing bytes")
        }
        var offset = 2
        let r = try readInteger(der, &offset, name: "r")
        let s = try readInteger(der, &offset, name: "s")
        guard offset == der.count else { throw .invalidDER("extra data inside the SEQUENCE") }
        return (r, s)
    }

    private static func readInteger(_ der: [UInt8], _ offset: inout Int, name: String) throws(UmbralError) -> [UInt8] {
        guard offset + 2 <= der.count, der[offset] == 0x02 else {
            throw .invalidDER("expected INTEGER \(name)")
        }
        let length = Int(der[offset + 1])
        offset += 2
        guard length >= 1, length < 0x80, offset + length <= der.count else {
            throw .invalidDER("bad length of INTEGER \(name)")
        }
        let content = Array(der[offset..<offset + length])
        offset += length
        guard content[0] & 0x80 == 0 else { throw .invalidDER("negative INTEGER \(name)") }
        if content.count > 1 && content[0] == 0 && content[1] & 0x80 == 0 {
            throw .invalidDER("non-minimal INTEGER \(name)")
        }
        let digits = content.first == 0 ? Array(content.dropFirst()) : content
        guard digits.count <= 32 else { throw .invalidSignatureComponent("\(name) must be in [1, n)") }
        return [UInt8](repeating: 0, count: 32 - digits.count) + digits
    }
}
