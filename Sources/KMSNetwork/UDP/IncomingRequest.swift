import NIOCore

/// A decoded request waiting to be served, with what is needed to answer it.
struct IncomingRequest: Sendable {
    let request: DHTRequest
    let messageID: RPCMessageID
    let source: SocketAddress
    /// The source as Kademlia records it (rpcudp's `sender` tuple).
    let sender: NodeAddress
}
