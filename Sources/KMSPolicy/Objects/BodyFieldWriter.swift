import KMSMessagePack
import UmbralCore

/// Builds a protocol object's MessagePack body in rmp-serde's canonical form, splicing in values
/// that are already encoded (capsules, cFrags, nested objects) without re-parsing them.
///
/// The counterpart of ``BodyFieldReader`` for the node-facing objects.
struct BodyFieldWriter {
    /// The body written so far.
    private(set) var bytes: [UInt8] = []

    init(reservingCapacity capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends whatever `write` puts into a fresh MessagePack writer.
    mutating func write(_ write: (inout MessagePackWriter) -> Void) {
        var writer = MessagePackWriter()
        write(&writer)
        bytes.append(contentsOf: writer.bytes)
    }

    /// An array header: a struct's field count or a sequence's length.
    mutating func arrayHeader(_ count: Int) {
        write { $0.writeArrayHeader(count) }
    }

    /// A byte string, in the narrowest `bin` form.
    mutating func binary(_ value: some Collection<UInt8>) {
        write { $0.writeBinary(value) }
    }

    /// A string, in the narrowest `str` form.
    mutating func string(_ value: String) {
        write { $0.writeString(value) }
    }

    /// `nil` for `None`, otherwise the string.
    mutating func optionalString(_ value: String?) {
        if let value { string(value) } else { write { $0.writeNil() } }
    }

    /// An unsigned integer in its narrowest form.
    mutating func integer(_ value: some FixedWidthInteger) {
        write { $0.writeInteger(value) }
    }

    /// A value that is already canonical MessagePack.
    mutating func encoded(_ value: some Collection<UInt8>) {
        bytes.append(contentsOf: value)
    }
}
