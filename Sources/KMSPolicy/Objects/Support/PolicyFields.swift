import KMSMessagePack
import UmbralCore

// Reading and writing the fields that the policy objects (MessageKit, key fragments, treasure
// maps) embed: Umbral kFrags, HRACs, addresses and maps. Built on ``BodyFieldReader`` and
// ``BodyFieldWriter`` so every failure names the object and field.

extension BodyFieldReader {
    /// A bare kFrag (310 bytes of MessagePack), read as one canonical value and then parsed by
    /// UmbralCore, which also refuses a `params.u` other than Umbral's U. Not verified here.
    mutating func keyFrag(field: String) throws(KMSPolicyError) -> KeyFrag {
        let encoded = try encodedValue()
        return try umbral(field: field) { () throws(UmbralError) in try KeyFrag(messagePackBytes: encoded) }
    }

    /// A map header; the caller reads the entries and must refuse repeated keys.
    mutating func mapHeader(field: String) throws(KMSPolicyError) -> Int {
        try messagePack { (r) throws(MessagePackError) in try r.readMapHeader(field: field) }
    }
}

extension BodyFieldWriter {
    /// A map header; the caller then writes that many key/value pairs, keys ascending.
    mutating func mapHeader(_ count: Int) {
        write { $0.writeMapHeader(count) }
    }
}

extension HRAC {
    /// An HRAC field: `bin` of exactly 16 bytes.
    init(reading fields: inout BodyFieldReader, field: String) throws(KMSPolicyError) {
        try self.init(bytes: fields.binary(count: HRAC.byteCount, field: field))
    }
}

extension Address {
    /// An address field: `bin` of exactly 20 bytes.
    init(reading fields: inout BodyFieldReader, field: String) throws(KMSPolicyError) {
        try self.init(bytes: fields.binary(count: Address.byteCount, field: field))
    }
}

/// Umbral encryption of a policy object's plaintext, with the failure labelled by `object`.
func sealForPolicy(
    _ plaintext: [UInt8], for recipientKey: PublicKey, object: String, using rng: inout some RandomNumberGenerator
) throws(KMSPolicyError) -> (capsule: Capsule, ciphertext: [UInt8]) {
    do {
        return try Umbral.encrypt(plaintext, for: recipientKey, using: &rng)
    } catch {
        throw .encryptionFailed(object: object, error)
    }
}

/// Opens an Umbral ciphertext with the recipient's secret key, with the failure labelled by `object`.
func openForPolicy(
    _ ciphertext: [UInt8], capsule: Capsule, secretKey: SecretKey, object: String
) throws(KMSPolicyError) -> [UInt8] {
    do {
        return try Umbral.decryptOriginal(ciphertext, capsule: capsule, secretKey: secretKey)
    } catch {
        throw .decryptionFailed(object: object, error)
    }
}
