import UmbralCore

/// The 20-byte id rpcudp puts after the type byte; a response echoes its request's id.
///
/// Python matches responses to requests by this id alone (not by sender address), so ids
/// only need to be unique among a socket's outstanding requests. Python draws them as
/// SHA-1 of 32 random bytes, which is indistinguishable from 20 random bytes.
public struct RPCMessageID: Hashable, Sendable, CustomStringConvertible {
    /// The size of an id in bytes.
    public static let byteCount = 20

    /// The id's 20 bytes.
    public let bytes: [UInt8]

    /// Wraps exactly 20 bytes, throwing ``KMSNetworkError/invalidMessageIDLength(actual:)`` otherwise.
    public init(bytes: some Collection<UInt8>) throws(KMSNetworkError) {
        let bytes = Array(bytes)
        guard bytes.count == Self.byteCount else { throw .invalidMessageIDLength(actual: bytes.count) }
        self.bytes = bytes
    }

    /// A fresh id from the system's secure generator.
    public static func random() -> RPCMessageID {
        var rng = SystemRandom()
        return random(using: &rng)
    }

    /// A fresh id drawn from `rng`; pass a seeded generator for reproducible tests.
    public static func random(using rng: inout some RandomNumberGenerator) -> RPCMessageID {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(byteCount)
        for _ in 0..<byteCount { bytes.append(UInt8.random(in: .min ... .max, using: &rng)) }
        return RPCMessageID(uncheckedBytes: bytes)
    }

    private init(uncheckedBytes: [UInt8]) {
        self.bytes = uncheckedBytes
    }

    /// The id as 40 lowercase hexadecimal digits.
    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
