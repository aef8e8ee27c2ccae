import KMSMessagePack
import UmbralCore

/// Reads the fields of one protocol object's MessagePack body, turning every failure into a
/// ``KMSPolicyError`` that names the object being read.
///
/// Every protocol object parses its body through it. Reading is strict: only the canonical
/// encoding is accepted, and ``finish()`` refuses bytes after the body, which the reference
/// silently ignores.
struct BodyFieldReader {
    /// The object's name, put into every error.
    let object: String

    private var reader: MessagePackReader

    init(_ body: [UInt8], object: String) {
        self.object = object
        self.reader = MessagePackReader(body)
    }

    /// Checks the header of a top-level object, reads its body with `read`, and requires that
    /// the body ends exactly where `read` stopped.
    static func decode<T>(
        _ kind: ProtocolObjectKind, from bytes: some Collection<UInt8>, object: String,
        _ read: (inout BodyFieldReader) throws(KMSPolicyError) -> T
    ) throws(KMSPolicyError) -> T {
        var fields = BodyFieldReader(try kind.decodeBody(bytes), object: object)
        let value = try read(&fields)
        try fields.finish()
        return value
    }

    /// Reads a bare (headerless) object that fills `bytes` exactly.
    static func decodeBare<T>(
        _ bytes: [UInt8], object: String, _ read: (inout BodyFieldReader) throws(KMSPolicyError) -> T
    ) throws(KMSPolicyError) -> T {
        var fields = BodyFieldReader(bytes, object: object)
        let value = try read(&fields)
        try fields.finish()
        return value
    }

    /// Runs one MessagePack read, labelling its error with the object.
    mutating func messagePack<T>(
        _ read: (inout MessagePackReader) throws(MessagePackError) -> T
    ) throws(KMSPolicyError) -> T {
        do {
            return try read(&reader)
        } catch {
            throw .malformedBody(object: object, error)
        }
    }

    /// Throws unless every byte of the body has been read.
    func finish() throws(KMSPolicyError) {
        do {
            try reader.finish()
        } catch {
            throw .malformedBody(object: object, error)
        }
    }

    /// A struct: an array of exactly `count` fields.
    mutating func structHeader(count: Int) throws(KMSPolicyError) {
        let object = object
        try messagePack { (r) throws(MessagePackError) in try r.readArrayHeader(count: count, field: object) }
    }

    /// An array of exactly `count` elements, such as a one-field wrapper struct.
    mutating func arrayHeader(count: Int, field: String) throws(KMSPolicyError) {
        try messagePack { (r) throws(MessagePackError) in try r.readArrayHeader(count: count, field: field) }
    }

    /// A sequence: an array of any length, whose count is returned.
    mutating func arrayHeader(field: String) throws(KMSPolicyError) -> Int {
        try messagePack { (r) throws(MessagePackError) in try r.readArrayHeader(field: field) }
    }

    /// A byte string of exactly `count` bytes.
    mutating func binary(count: Int, field: String) throws(KMSPolicyError) -> [UInt8] {
        try messagePack { (r) throws(MessagePackError) in try r.readBinary(count: count, field: field) }
    }

    /// A byte string of any length.
    mutating func binary(field: String) throws(KMSPolicyError) -> [UInt8] {
        try messagePack { (r) throws(MessagePackError) in try r.readBinary(field: field) }
    }

    /// A UTF-8 string.
    mutating func string(field: String) throws(KMSPolicyError) -> String {
        try messagePack { (r) throws(MessagePackError) in try r.readString(field: field) }
    }

    /// `nil` (Rust's `None`) or a UTF-8 string.
    mutating func optionalString(field: String) throws(KMSPolicyError) -> String? {
        try messagePack { (r) throws(MessagePackError) -> String? in
            r.readNilIfPresent() ? nil : try r.readString(field: field)
        }
    }

    /// An unsigned integer that must fit `T` exactly (Rust's `u8`/`u16`/`u32`).
    mutating func integer<T: FixedWidthInteger>(_: T.Type, field: String) throws(KMSPolicyError) -> T {
        try messagePack { (r) throws(MessagePackError) in try r.readInteger(as: T.self, field: field) }
    }

    /// The encoded bytes of the next complete value, validated as canonical MessagePack.
    mutating func encodedValue() throws(KMSPolicyError) -> [UInt8] {
        try messagePack { (r) throws(MessagePackError) in try r.readEncodedValue() }
    }

    /// Runs an Umbral parser, labelling its error with the object and field.
    func umbral<T>(field: String, _ parse: () throws(UmbralError) -> T) throws(KMSPolicyError) -> T {
        do {
            return try parse()
        } catch {
            throw .invalidUmbralValue(object: object, field: field, error)
        }
    }

    /// A capsule (self-verified by UmbralCore).
    mutating func capsule(field: String) throws(KMSPolicyError) -> Capsule {
        let encoded = try encodedValue()
        return try umbral(field: field) { () throws(UmbralError) in try Capsule(messagePackBytes: encoded) }
    }

    /// A cFrag (its proof is checked only by verification).
    mutating func capsuleFrag(field: String) throws(KMSPolicyError) -> CapsuleFrag {
        let encoded = try encodedValue()
        return try umbral(field: field) { () throws(UmbralError) in try CapsuleFrag(messagePackBytes: encoded) }
    }

    /// A 33-byte compressed public key.
    mutating func publicKey(field: String) throws(KMSPolicyError) -> PublicKey {
        let bytes = try binary(count: 33, field: field)
        return try umbral(field: field) { () throws(UmbralError) in try PublicKey(compressedBytes: bytes) }
    }

    /// A 64-byte r‖s signature; high-S and out-of-range components are refused here.
    mutating func signature(field: String) throws(KMSPolicyError) -> Signature {
        let bytes = try binary(count: 64, field: field)
        return try umbral(field: field) { () throws(UmbralError) in try Signature(bytes: bytes) }
    }
}
