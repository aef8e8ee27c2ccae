public import KMSMessagePack

/// One rpcudp datagram: `kind (1 byte) | message id (20 bytes) | one MessagePack object`.
///
/// Decoding follows the Python receiver where a peer could tell the difference, and is
/// stricter where the only effect is to drop garbage:
/// - Shorter than 22 bytes: rejected, as Python drops it.
/// - Longer than ``maximumByteCount`` (64 KiB): rejected. Python never checks, but no UDP
///   datagram can be larger, so only a caller handing us a bogus buffer hits this.
/// - The payload is decoded before the kind byte is judged, as Python does; any kind byte
///   other than 0x00/0x01 is then rejected (Python drops it silently).
/// - Bytes after the first MessagePack object are ignored, exactly as `umsgpack.unpackb`
///   ignores them, so a Swift node answers the same datagrams a Python node answers.
/// - The payload must be canonical MessagePack (shortest integer and length forms). Python
///   accepts any width, but u-msgpack-python always emits the shortest form, so no Python
///   peer is affected; a non-canonical sender gets no answer, which rpcudp callers already
///   treat as a timeout.
/// - Containers may nest at most 64 deep (the MessagePack decoder's default); no kademlia
///   payload nests deeper than 3.
public struct RPCDatagram: Hashable, Sendable {
    /// The fewest bytes a datagram can have: kind, id and a one-byte MessagePack object.
    public static let minimumByteCount = 1 + RPCMessageID.byteCount + 1

    /// The most bytes accepted: the 64 KiB receive buffer the spec recommends.
    public static let maximumByteCount = 65_536

    /// Request or response.
    public var kind: RPCMessageKind
    /// The id that pairs a response with its request.
    public var messageID: RPCMessageID
    /// The MessagePack object after the header.
    public var payload: MessagePackValue

    /// Creates a datagram from its parts.
    public init(kind: RPCMessageKind, messageID: RPCMessageID, payload: MessagePackValue) {
        self.kind = kind
        self.messageID = messageID
        self.payload = payload
    }

    /// A request datagram carrying `request`.
    public init(request: DHTRequest, messageID: RPCMessageID) {
        self.init(kind: .request, messageID: messageID, payload: request.messagePackValue)
    }

    /// A response datagram carrying `response`, echoing the request's `messageID`.
    public init(response: DHTResponse, messageID: RPCMessageID) {
        self.init(kind: .response, messageID: messageID, payload: response.messagePackValue)
    }

    /// The datagram's bytes.
    public func encode() -> [UInt8] {
        [kind.rawValue] + messageID.bytes + MessagePack.encode(payload)
    }

    /// The datagram's bytes, refusing a request whose payload exceeds rpcudp's 8192-byte
    /// limit (``DHTRequest/maximumPayloadByteCount``), which Python enforces before sending
    /// and which keeps values republishable by Python peers.
    public func encodeForSending() throws(KMSNetworkError) -> [UInt8] {
        let body = MessagePack.encode(payload)
        if kind == .request && body.count > DHTRequest.maximumPayloadByteCount {
            throw .requestPayloadTooLarge(actual: body.count, limit: DHTRequest.maximumPayloadByteCount)
        }
        return [kind.rawValue] + messageID.bytes + body
    }

    /// Parses a received datagram; see the type's documentation for what is tolerated.
    public static func decode(_ bytes: [UInt8]) throws(KMSNetworkError) -> RPCDatagram {
        guard bytes.count >= minimumByteCount else { throw .datagramTooShort(actual: bytes.count) }
        guard bytes.count <= maximumByteCount else {
            throw .datagramTooLarge(actual: bytes.count, limit: maximumByteCount)
        }
        let headerCount = 1 + RPCMessageID.byteCount
        let payload: MessagePackValue
        do {
            payload = try MessagePack.decodePrefix(Array(bytes[headerCount...])).value
        } catch {
            throw .invalidMessagePack(error)
        }
        guard let kind = RPCMessageKind(rawValue: bytes[0]) else { throw .unknownMessageType(bytes[0]) }
        let messageID = try RPCMessageID(bytes: bytes[1..<headerCount])
        return RPCDatagram(kind: kind, messageID: messageID, payload: payload)
    }
}
