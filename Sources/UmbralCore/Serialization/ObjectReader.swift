internal import KMSMessagePack

/// Reads one Umbral object from its MessagePack form, field by field, translating every codec
/// failure into an ``UmbralError`` that names the object and the field.
///
/// Only the canonical form that umbral-pre writes is accepted: arrays (not maps) of the exact
/// arity, `bin8` byte fields of the exact length, and nothing after the object.
struct ObjectReader {
    private var reader: MessagePackReader
    let type: String

    init(_ bytes: [UInt8], type: String) {
        self.reader = MessagePackReader(bytes)
        self.type = type
    }

    private func translate(_ error: MessagePackError) -> UmbralError {
        switch error {
        case .typeMismatch, .wrongArity, .wrongByteCount:
            return .unexpectedStructure(type: type, reason: error.description)
        case .trailingBytes(_, let count):
            return .trailingBytes(type: type, count: count)
        default:
            return .malformedMessagePack("\(type): \(error.description)")
        }
    }

    mutating func arrayHeader(count: Int, field: String) throws(UmbralError) {
        do { try reader.readArrayHeader(count: count, field: "\(type).\(field)") } catch { throw translate(error) }
    }

    mutating func bytes(count: Int, field: String) throws(UmbralError) -> [UInt8] {
        do { return try reader.readBinary(count: count, field: "\(type).\(field)") } catch { throw translate(error) }
    }

    mutating func bool(field: String) throws(UmbralError) -> Bool {
        do { return try reader.readBool(field: "\(type).\(field)") } catch { throw translate(error) }
    }

    mutating func point(field: String) throws(UmbralError) -> Point {
        try Point(compressedBytes: bytes(count: 33, field: field), field: "\(type).\(field)")
    }

    /// A scalar in [0, n): umbral-pre's `CurveScalar`, where zero is a legal value.
    mutating func scalar(field: String) throws(UmbralError) -> Scalar {
        try Scalar(bigEndianBytes: bytes(count: 32, field: field), field: "\(type).\(field)")
    }

    mutating func signature(field: String) throws(UmbralError) -> Signature {
        let encoded = try bytes(count: 64, field: field)
        do {
            return try Signature(bytes: encoded)
        } catch .invalidSignatureComponent(let reason) {
            throw .invalidSignatureComponent("\(type).\(field): \(reason)")
        }
    }

    func finish() throws(UmbralError) {
        do { try reader.finish() } catch { throw translate(error) }
    }
}

/// Writes an Umbral object in the canonical MessagePack form (arrays of `bin8` fields).
struct ObjectWriter {
    private var writer: MessagePackWriter

    init(capacity: Int) {
        writer = MessagePackWriter(reservingCapacity: capacity)
    }

    mutating func arrayHeader(_ count: Int) { writer.writeArrayHeader(count) }
    mutating func bytes(_ bytes: [UInt8]) { writer.writeBinary(bytes) }
    mutating func point(_ point: Point) { writer.writeBinary(point.compressedBytes) }
    mutating func scalar(_ scalar: Scalar) { writer.writeBinary(scalar.bigEndianBytes) }
    mutating func bool(_ value: Bool) { writer.writeBool(value) }

    var result: [UInt8] { writer.bytes }
}
