import Logging
import NIOCore

/// The one channel handler of a node's socket: it hands every datagram, whole, to the socket.
///
/// Errors from the socket (an ICMP-induced read error, say) are swallowed: one peer's trouble
/// must not close the port every other peer talks to.
final class DatagramHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let socket: RPCSocket

    init(socket: RPCSocket) {
        self.socket = socket
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        socket.received(Array(envelope.data.readableBytesView), from: envelope.remoteAddress)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        socket.logger.debug("socket error ignored", metadata: ["error": "\(error)"])
    }
}
