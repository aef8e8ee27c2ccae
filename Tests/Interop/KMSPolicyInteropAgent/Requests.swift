// The agent's plumbing: hex, request field accessors and the errors the agent itself raises.

import Foundation
import KMSPolicy
import UmbralCore

/// A malformed request (as opposed to an error from KMSPolicy or UmbralCore).
struct RequestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A check the agent performs itself failed: a re-encoding was not byte-identical, or a role's
/// precondition (such as enough responses for the threshold) does not hold.
struct CheckFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Bob's failure with one Ursula's response, naming her by staking-provider address.
struct UrsulaFailure: Error, CustomStringConvertible {
    let address: Address
    let underlying: any Error
    /// Every Ursula Bob found at fault in the retrieval, when the failure is his.
    var faults: [UrsulaFault] = []

    var description: String { "Ursula \(address.checksummed): \(underlying)" }

    /// The error kind of the underlying failure, as the agent reports it.
    var underlyingKind: String { errorKind(of: underlying) }
}

/// Why Bob found an Ursula at fault (``UrsulaFault/Reason``), as an error.
struct FaultReason: Error, CustomStringConvertible {
    let reason: UrsulaFault.Reason

    var description: String { reason.description }

    /// "unreachable", or the kind of error her answer raised in Bob's checks.
    var kind: String {
        switch reason {
        case .unreachable: "unreachable"
        case .refused, .invalidSignature, .wrongCapsuleFragCount: "policy"
        case .invalidCapsuleFrag: "umbral"
        }
    }
}

/// A fault as the agent reports it.
func describe(_ fault: UrsulaFault) -> JSONObject {
    let reason = FaultReason(reason: fault.reason)
    return ["ursula": hexString(fault.address.bytes), "kind": reason.kind, "reason": oneLine(reason.description)]
}

typealias JSONObject = [String: Any]

/// The `error_kind` the agent reports for `error`.
func errorKind(of error: any Error) -> String {
    switch error {
    case is KMSPolicyError: return "policy"
    case is UmbralError: return "umbral"
    case is CheckFailure: return "check"
    case is UrsulaFailure: return "ursula"
    case let fault as FaultReason: return fault.kind
    default: return "request"
    }
}

// MARK: - Hex

func hexString(_ bytes: some Collection<UInt8>) -> String {
    let digits: [UInt8] = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(bytes.count * 2)
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
}

private func nibble(_ c: UInt8) -> UInt8? {
    switch c {
    case 0x30...0x39: return c - 0x30
    case 0x61...0x66: return c - 0x61 + 10
    case 0x41...0x46: return c - 0x41 + 10
    default: return nil
    }
}

func hexBytes(_ string: String, field: String) throws -> [UInt8] {
    let utf8 = Array(string.utf8)
    guard utf8.count % 2 == 0 else { throw RequestError("\(field): odd-length hex") }
    var out = [UInt8]()
    out.reserveCapacity(utf8.count / 2)
    var index = 0
    while index < utf8.count {
        guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else {
            throw RequestError("\(field): invalid hex")
        }
        out.append(high << 4 | low)
        index += 2
    }
    return out
}

// MARK: - Request accessors

struct Request {
    let fields: JSONObject

    func has(_ key: String) -> Bool {
        if let value = fields[key], !(value is NSNull) { return true }
        return false
    }

    func bytes(_ key: String) throws -> [UInt8] {
        guard let value = fields[key] as? String else { throw RequestError("missing hex field \(key)") }
        return try hexBytes(value, field: key)
    }

    func bytesList(_ key: String) throws -> [[UInt8]] {
        guard let list = fields[key] as? [Any] else { throw RequestError("missing list field \(key)") }
        return try list.enumerated().map { index, item in
            guard let string = item as? String else { throw RequestError("\(key)[\(index)] must be hex") }
            return try hexBytes(string, field: "\(key)[\(index)]")
        }
    }

    func objects(_ key: String) throws -> [Request] {
        guard let list = fields[key] as? [Any] else { throw RequestError("missing list field \(key)") }
        return try list.enumerated().map { index, item in
            guard let object = item as? JSONObject else { throw RequestError("\(key)[\(index)] must be an object") }
            return Request(fields: object)
        }
    }

    func object(_ key: String) throws -> Request {
        guard let object = fields[key] as? JSONObject else { throw RequestError("missing object field \(key)") }
        return Request(fields: object)
    }

    func int(_ key: String) throws -> Int {
        guard let value = fields[key] as? Int else { throw RequestError("missing integer field \(key)") }
        return value
    }

    func bool(_ key: String, default fallback: Bool) throws -> Bool {
        guard has(key) else { return fallback }
        guard let value = fields[key] as? Bool else { throw RequestError("\(key) must be a boolean") }
        return value
    }

    func string(_ key: String) throws -> String {
        guard let value = fields[key] as? String else { throw RequestError("missing string field \(key)") }
        return value
    }

    /// A string or null (absent counts as null).
    func optionalString(_ key: String) throws -> String? {
        guard has(key) else { return nil }
        guard let value = fields[key] as? String else { throw RequestError("\(key) must be a string or null") }
        return value
    }

    func publicKey(_ key: String) throws -> PublicKey {
        let raw = try bytes(key)
        let parsed = try PublicKey(compressedBytes: raw)
        try requireIdentical(parsed.compressedBytes, raw, key)
        return parsed
    }

    func secretKey(_ key: String) throws -> SecretKey {
        try SecretKey(bigEndianBytes: bytes(key))
    }

    func address(_ key: String) throws -> Address {
        try Address(bytes: bytes(key))
    }

    func addresses(_ key: String) throws -> [Address] {
        try bytesList(key).map { try Address(bytes: $0) }
    }
}

/// Requires that parsing then re-encoding gave back exactly the input.
func requireIdentical(_ reencoded: [UInt8], _ original: [UInt8], _ what: String) throws {
    guard reencoded == original else {
        throw CheckFailure("\(what): re-encoding differs from the input (\(original.count) bytes in, \(reencoded.count) out)")
    }
}

/// A fresh secret key with its public key, as the agent reports keys it makes.
func describe(_ key: SecretKey, as name: String, into response: inout JSONObject) {
    response["\(name)_secret_key"] = hexString(key.bigEndianBytes)
    response["\(name)_public_key"] = hexString(key.publicKey.compressedBytes)
}

/// `text` on one line, as every error the agent reports must be.
func oneLine(_ text: String) -> String {
    text.split(whereSeparator: \.isNewline).joined(separator: " ")
}
