// umbral-interop-agent: a long-lived process that exposes UmbralCore to the Python interop suite.
//
// Protocol: one JSON object per line on stdin, one JSON object per line on stdout, in order.
// Byte strings are lowercase hex. Every request has "op"; an optional "id" is echoed back.
// Success: {"ok": true, "id": …, …results…}. Failure: {"ok": false, "id": …, "error": "<one line>",
// "error_kind": …}, where error_kind is "umbral" (UmbralCore threw an UmbralError), "check" (a
// re-encoding was not byte-identical) or "request" (malformed request). The agent exits when
// stdin closes.
//
// Operations (request fields → response fields):
//   ping            → version
//   make            plaintext, threshold, shares, sign_delegating_key, sign_receiving_key,
//                   [receiving_public_key]
//                   → fresh delegating_secret_key, delegating_public_key, signing_secret_key,
//                   verifying_key, receiving_public_key (+ receiving_secret_key when the request
//                   gave none), capsule, capsule_simple, ciphertext, kfrags[], cfrags[] (one per
//                   kFrag, in order), cfrags_simple[], evidence[] (one per cFrag)
//   check           delegating_public_key, receiving_secret_key, verifying_key, capsule,
//                   ciphertext, sign_delegating_key, sign_receiving_key, kfrags[], cfrags[],
//                   [delegating_secret_key]
//                   Parses every object and requires its re-encoding to be byte-identical,
//                   verifies the kFrags (keys passed as the flags say) and the cFrags, decrypts
//                   the original (when the delegating secret key is given) and the re-encrypted
//                   ciphertext with all given cFrags, and re-encrypts with every kFrag.
//                   → receiving_public_key, capsule_simple, cfrags_simple[] (of the given cFrags),
//                   plaintext_original (or null), plaintext_reencrypted, agent_cfrags[]
//   parse           type (secret_key | public_key | signature | capsule | kfrag | cfrag |
//                   evidence), bytes → bytes (the re-encoding)
//   public_key      secret_key → public_key
//   verify_kfrag    kfrag, verifying_key, [delegating_key], [receiving_key] → (nothing)
//   reencrypt       capsule, kfrag, verifying_key, [delegating_key], [receiving_key]
//                   → cfrag (the kFrag is verified first)
//   verify_cfrag    cfrag, capsule, verifying_key, delegating_key, receiving_key → (nothing)
//   evidence        capsule, cfrag, verifying_key, delegating_key, receiving_key → bytes
//                   (the cFrag is verified first)
//   decrypt_original     secret_key, capsule, ciphertext → plaintext
//   decrypt_reencrypted  receiving_secret_key, delegating_public_key, verifying_key, capsule,
//                        ciphertext, cfrags[] → plaintext (each cFrag is verified first)

import Foundation
import UmbralCore

/// A malformed request (as opposed to an UmbralError from the library).
struct RequestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A check the agent performs itself (re-encoding identity) failed.
struct CheckFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

typealias JSONObject = [String: Any]

// MARK: - Hex

enum Hex {
    static let digits: [UInt8] = Array("0123456789abcdef".utf8)
}

func hexString(_ bytes: [UInt8]) -> String {
    let hexDigits = Hex.digits
    var out = [UInt8](repeating: 0, count: bytes.count * 2)
    for (i, byte) in bytes.enumerated() {
        out[2 * i] = hexDigits[Int(byte >> 4)]
        out[2 * i + 1] = hexDigits[Int(byte & 0x0F)]
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
    var out = [UInt8](repeating: 0, count: utf8.count / 2)
    var failed = false
    utf8.withUnsafeBufferPointer { chars in
        for i in 0..<out.count {
            guard let high = nibble(chars[2 * i]), let low = nibble(chars[2 * i + 1]) else {
                failed = true
                return
            }
            out[i] = high << 4 | low
        }
    }
    if failed { throw RequestError("\(field): invalid hex") }
    return out
}

// MARK: - Request accessors

struct Request {
    let fields: JSONObject

    func bytes(_ key: String) throws -> [UInt8] {
        guard let value = fields[key] as? String else { throw RequestError("missing hex field \(key)") }
        return try hexBytes(value, field: key)
    }

    func optionalBytes(_ key: String) throws -> [UInt8]? {
        guard let value = fields[key], !(value is NSNull) else { return nil }
        guard let string = value as? String else { throw RequestError("\(key) must be a hex string or null") }
        return try hexBytes(string, field: key)
    }

    func bytesList(_ key: String) throws -> [[UInt8]] {
        guard let list = fields[key] as? [Any] else { throw RequestError("missing list field \(key)") }
        return try list.enumerated().map { index, item in
            guard let string = item as? String else { throw RequestError("\(key)[\(index)] must be hex") }
            return try hexBytes(string, field: "\(key)[\(index)]")
        }
    }

    func int(_ key: String) throws -> Int {
        guard let value = fields[key] as? Int else { throw RequestError("missing integer field \(key)") }
        return value
    }

    func bool(_ key: String) throws -> Bool {
        guard let value = fields[key] as? Bool else { throw RequestError("missing boolean field \(key)") }
        return value
    }

    func string(_ key: String) throws -> String {
        guard let value = fields[key] as? String else { throw RequestError("missing string field \(key)") }
        return value
    }

    func publicKey(_ key: String) throws -> PublicKey {
        try PublicKey(compressedBytes: bytes(key))
    }

    func optionalPublicKey(_ key: String) throws -> PublicKey? {
        guard let raw = try optionalBytes(key) else { return nil }
        return try PublicKey(compressedBytes: raw)
    }

    func secretKey(_ key: String) throws -> SecretKey {
        try SecretKey(bigEndianBytes: bytes(key))
    }
}

/// Requires that parsing then re-encoding gave back exactly the input.
func requireIdentical(_ reencoded: [UInt8], _ original: [UInt8], _ what: String) throws {
    guard reencoded == original else { throw CheckFailure("\(what): re-encoding differs from the input") }
}

// MARK: - Operations

func make(_ request: Request) throws -> JSONObject {
    let plaintext = try request.bytes("plaintext")
    let threshold = try request.int("threshold")
    let shares = try request.int("shares")
    let signDelegating = try request.bool("sign_delegating_key")
    let signReceiving = try request.bool("sign_receiving_key")

    var response = JSONObject()
    let receivingKey: PublicKey
    if let given = try request.optionalPublicKey("receiving_public_key") {
        receivingKey = given
    } else {
        let bob = SecretKey.random()
        receivingKey = bob.publicKey
        response["receiving_secret_key"] = hexString(bob.bigEndianBytes)
    }
    let alice = SecretKey.random()
    let signingKey = SecretKey.random()
    let signer = Signer(signingKey)

    let (capsule, ciphertext) = try Umbral.encrypt(plaintext, for: alice.publicKey)
    let kfrags = try Umbral.generateKeyFrags(
        delegating: alice, receiving: receivingKey, signer: signer, threshold: threshold, shares: shares,
        signDelegatingKey: signDelegating, signReceivingKey: signReceiving)
    let cfrags = kfrags.map { Umbral.reencrypt(capsule, with: $0) }
    let evidence = try cfrags.map { cfrag in
        try ReencryptionEvidence(
            capsule: capsule, capsuleFrag: cfrag, verifyingKey: signer.verifyingKey,
            delegatingKey: alice.publicKey, receivingKey: receivingKey)
    }

    response["delegating_secret_key"] = hexString(alice.bigEndianBytes)
    response["delegating_public_key"] = hexString(alice.publicKey.compressedBytes)
    response["signing_secret_key"] = hexString(signingKey.bigEndianBytes)
    response["verifying_key"] = hexString(signer.verifyingKey.compressedBytes)
    response["receiving_public_key"] = hexString(receivingKey.compressedBytes)
    response["capsule"] = hexString(capsule.messagePackBytes)
    response["capsule_simple"] = hexString(capsule.simpleBytes)
    response["ciphertext"] = hexString(ciphertext)
    response["kfrags"] = kfrags.map { hexString($0.messagePackBytes) }
    response["cfrags"] = cfrags.map { hexString($0.messagePackBytes) }
    response["cfrags_simple"] = cfrags.map { hexString($0.simpleBytes) }
    response["evidence"] = evidence.map { hexString($0.messagePackBytes) }
    return response
}

func check(_ request: Request) throws -> JSONObject {
    let delegatingKeyBytes = try request.bytes("delegating_public_key")
    let verifyingKeyBytes = try request.bytes("verifying_key")
    let delegatingKey = try PublicKey(compressedBytes: delegatingKeyBytes)
    let verifyingKey = try PublicKey(compressedBytes: verifyingKeyBytes)
    try requireIdentical(delegatingKey.compressedBytes, delegatingKeyBytes, "delegating_public_key")
    try requireIdentical(verifyingKey.compressedBytes, verifyingKeyBytes, "verifying_key")
    let bob = try request.secretKey("receiving_secret_key")
    let receivingKey = bob.publicKey
    let signDelegating = try request.bool("sign_delegating_key")
    let signReceiving = try request.bool("sign_receiving_key")

    let capsuleBytes = try request.bytes("capsule")
    let capsule = try Capsule(messagePackBytes: capsuleBytes)
    try requireIdentical(capsule.messagePackBytes, capsuleBytes, "capsule")
    let ciphertext = try request.bytes("ciphertext")

    var verifiedKeyFrags = [VerifiedKeyFrag]()
    for (index, raw) in try request.bytesList("kfrags").enumerated() {
        let kfrag = try KeyFrag(messagePackBytes: raw)
        try requireIdentical(kfrag.messagePackBytes, raw, "kfrags[\(index)]")
        let verified = try kfrag.verify(
            verifyingKey: verifyingKey, delegatingKey: signDelegating ? delegatingKey : nil,
            receivingKey: signReceiving ? receivingKey : nil)
        try requireIdentical(verified.messagePackBytes, raw, "verified kfrags[\(index)]")
        verifiedKeyFrags.append(verified)
    }

    var verifiedCapsuleFrags = [VerifiedCapsuleFrag]()
    for (index, raw) in try request.bytesList("cfrags").enumerated() {
        let cfrag = try CapsuleFrag(messagePackBytes: raw)
        try requireIdentical(cfrag.messagePackBytes, raw, "cfrags[\(index)]")
        let verified = try cfrag.verify(
            capsule: capsule, verifyingKey: verifyingKey, delegatingKey: delegatingKey, receivingKey: receivingKey)
        verifiedCapsuleFrags.append(verified)
    }

    var response = JSONObject()
    response["receiving_public_key"] = hexString(receivingKey.compressedBytes)
    response["capsule_simple"] = hexString(capsule.simpleBytes)
    response["cfrags_simple"] = verifiedCapsuleFrags.map { hexString($0.simpleBytes) }
    if let aliceBytes = try request.optionalBytes("delegating_secret_key") {
        let alice = try SecretKey(bigEndianBytes: aliceBytes)
        let opened = try Umbral.decryptOriginal(ciphertext, capsule: capsule, secretKey: alice)
        response["plaintext_original"] = hexString(opened)
    } else {
        response["plaintext_original"] = NSNull()
    }
    let reopened = try Umbral.decryptReencrypted(
        ciphertext, capsule: capsule, capsuleFrags: verifiedCapsuleFrags, receivingKey: bob,
        delegatingKey: delegatingKey)
    response["plaintext_reencrypted"] = hexString(reopened)
    response["agent_cfrags"] = verifiedKeyFrags.map { hexString(Umbral.reencrypt(capsule, with: $0).messagePackBytes) }
    return response
}

func parse(_ request: Request) throws -> JSONObject {
    let raw = try request.bytes("bytes")
    let reencoded: [UInt8]
    switch try request.string("type") {
    case "secret_key": reencoded = try SecretKey(bigEndianBytes: raw).bigEndianBytes
    case "public_key": reencoded = try PublicKey(compressedBytes: raw).compressedBytes
    case "signature": reencoded = try Signature(bytes: raw).bytes
    case "capsule": reencoded = try Capsule(messagePackBytes: raw).messagePackBytes
    case "kfrag": reencoded = try KeyFrag(messagePackBytes: raw).messagePackBytes
    case "cfrag": reencoded = try CapsuleFrag(messagePackBytes: raw).messagePackBytes
    case "evidence": reencoded = try ReencryptionEvidence(messagePackBytes: raw).messagePackBytes
    case let other: throw RequestError("unknown type \(other)")
    }
    return ["bytes": hexString(reencoded)]
}

func verifiedKeyFrag(_ request: Request) throws -> VerifiedKeyFrag {
    try KeyFrag(messagePackBytes: request.bytes("kfrag")).verify(
        verifyingKey: request.publicKey("verifying_key"),
        delegatingKey: request.optionalPublicKey("delegating_key"),
        receivingKey: request.optionalPublicKey("receiving_key"))
}

func verifiedCapsuleFrag(_ request: Request, _ raw: [UInt8], capsule: Capsule) throws -> VerifiedCapsuleFrag {
    try CapsuleFrag(messagePackBytes: raw).verify(
        capsule: capsule, verifyingKey: request.publicKey("verifying_key"),
        delegatingKey: request.publicKey("delegating_key"), receivingKey: request.publicKey("receiving_key"))
}

func handle(_ request: Request) throws -> JSONObject {
    switch try request.string("op") {
    case "ping":
        return ["version": "umbral-interop-agent 1"]
    case "make":
        return try make(request)
    case "check":
        return try check(request)
    case "parse":
        return try parse(request)
    case "public_key":
        return ["public_key": hexString(try request.secretKey("secret_key").publicKey.compressedBytes)]
    case "verify_kfrag":
        _ = try verifiedKeyFrag(request)
        return [:]
    case "reencrypt":
        let capsule = try Capsule(messagePackBytes: request.bytes("capsule"))
        let cfrag = Umbral.reencrypt(capsule, with: try verifiedKeyFrag(request))
        return ["cfrag": hexString(cfrag.messagePackBytes)]
    case "verify_cfrag":
        let capsule = try Capsule(messagePackBytes: request.bytes("capsule"))
        _ = try verifiedCapsuleFrag(request, request.bytes("cfrag"), capsule: capsule)
        return [:]
    case "evidence":
        let capsule = try Capsule(messagePackBytes: request.bytes("capsule"))
        let cfrag = try verifiedCapsuleFrag(request, request.bytes("cfrag"), capsule: capsule)
        let evidence = try ReencryptionEvidence(
            capsule: capsule, capsuleFrag: cfrag, verifyingKey: request.publicKey("verifying_key"),
            delegatingKey: request.publicKey("delegating_key"), receivingKey: request.publicKey("receiving_key"))
        return ["bytes": hexString(evidence.messagePackBytes)]
    case "decrypt_original":
        let plaintext = try Umbral.decryptOriginal(
            request.bytes("ciphertext"), capsule: Capsule(messagePackBytes: request.bytes("capsule")),
            secretKey: request.secretKey("secret_key"))
        return ["plaintext": hexString(plaintext)]
    case "decrypt_reencrypted":
        let capsule = try Capsule(messagePackBytes: request.bytes("capsule"))
        let delegatingKey = try request.publicKey("delegating_public_key")
        let verifyingKey = try request.publicKey("verifying_key")
        let bob = try request.secretKey("receiving_secret_key")
        let cfrags = try request.bytesList("cfrags").map { raw in
            try CapsuleFrag(messagePackBytes: raw).verify(
                capsule: capsule, verifyingKey: verifyingKey, delegatingKey: delegatingKey,
                receivingKey: bob.publicKey)
        }
        let plaintext = try Umbral.decryptReencrypted(
            request.bytes("ciphertext"), capsule: capsule, capsuleFrags: cfrags, receivingKey: bob,
            delegatingKey: delegatingKey)
        return ["plaintext": hexString(plaintext)]
    case let other:
        throw RequestError("unknown op \(other)")
    }
}

// MARK: - Main loop

func respond(_ object: JSONObject) {
    let data: Data
    do {
        data = try JSONSerialization.data(withJSONObject: object)
    } catch {
        data = Data(#"{"ok": false, "error": "response could not be encoded", "error_kind": "agent"}"#.utf8)
    }
    FileHandle.standardOutput.write(data + Data([0x0A]))
}

func oneLine(_ text: String) -> String {
    text.split(whereSeparator: \.isNewline).joined(separator: " ")
}

while let line = readLine(strippingNewline: true) {
    if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
    var id: Any = NSNull()
    var response: JSONObject
    do {
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? JSONObject else {
            throw RequestError("a request must be a JSON object")
        }
        id = object["id"] ?? NSNull()
        response = try handle(Request(fields: object))
        response["ok"] = true
    } catch let error as UmbralError {
        response = ["ok": false, "error": oneLine(error.description), "error_kind": "umbral"]
    } catch let error as CheckFailure {
        response = ["ok": false, "error": oneLine(error.description), "error_kind": "check"]
    } catch {
        response = ["ok": false, "error": oneLine(String(describing: error)), "error_kind": "request"]
    }
    response["id"] = id
    respond(response)
}
