/// The first byte of an rpcudp datagram.
public enum RPCMessageKind: UInt8, Hashable, Sendable {
    /// 0x00: a call, whose payload is `[funcname, args]`.
    case request = 0x00
    /// 0x01: an answer, whose payload is the handler's bare return value.
    case response = 0x01
}
