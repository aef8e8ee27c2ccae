internal import KMSMessagePack

/// Typed reads of one field of a decoded payload, throwing ``KMSNetworkError`` wire cases.
enum WireField {
    static func string(_ value: MessagePackValue, _ field: String) throws(KMSNetworkError) -> String {
        guard case let .string(text) = value else { throw mismatch(field, .string, value) }
        return text
    }

    static func binary(_ value: MessagePackValue, count: Int, _ field: String) throws(KMSNetworkError) -> [UInt8] {
        guard case let .binary(bytes) = value else { throw mismatch(field, .binary, value) }
        guard bytes.count == count else {
            throw .wireByteCountMismatch(field: field, expected: count, found: bytes.count)
        }
        return bytes
    }

    static func array(_ value: MessagePackValue, count: Int, _ field: String) throws(KMSNetworkError) -> [MessagePackValue] {
        guard case let .array(elements) = value else { throw mismatch(field, .array, value) }
        guard elements.count == count else {
            throw .wireArityMismatch(field: field, expected: count, found: elements.count)
        }
        return elements
    }

    static func nodeID(_ value: MessagePackValue, _ field: String) throws(KMSNetworkError) -> NodeID {
        try NodeID(bytes: binary(value, count: NodeID.byteCount, field))
    }

    static func key(_ value: MessagePackValue, _ field: String) throws(KMSNetworkError) -> DHTKey {
        try DHTKey(bytes: binary(value, count: DHTKey.byteCount, field))
    }

    static func port(_ value: MessagePackValue, _ field: String) throws(KMSNetworkError) -> UInt16 {
        switch value {
        case let .uint(u):
            guard let port = UInt16(exactly: u) else { throw .portOutOfRange(field: field, value: String(u)) }
            return port
        case let .int(i):
            guard let port = UInt16(exactly: i) else { throw .portOutOfRange(field: field, value: String(i)) }
            return port
        default:
            throw mismatch(field, .integer, value)
        }
    }

    static func mismatch(_ field: String, _ expected: MessagePackType, _ value: MessagePackValue) -> KMSNetworkError {
        .wireTypeMismatch(field: field, expected: expected, found: value.type)
    }
}
