import Logging
import NIOCore
import NIOConcurrencyHelpers
import UmbralCore

/// One node's UDP socket speaking rpcudp: it sends this node's requests and matches their replies,
/// and queues decoded requests from peers for the ``KademliaServer`` to serve.
///
/// Requests leave from the listening port, as Python nodes expect: they learn a peer's address
/// from the source of its datagrams. Every wait is bounded by the RPC timeout, and both the
/// waiting requests and the requests being served are capped.
final class RPCSocket: KademliaRPC, Sendable {
    let localID: NodeID
    let logger: Logger
    private let configuration: KademliaServerConfiguration
    // NIO's locks rather than Synchronization.Mutex: on Linux a contended Mutex is handed over by
    // the kernel (futex), which ThreadSanitizer cannot see, so it reported races that were not there.
    private let channelBox = NIOLockedValueBox<(any Channel)?>(nil)
    private let pending = NIOLockedValueBox(PendingRequests())
    private let requestsInFlight = NIOLockedValueBox(RequestSlots())
    private let incoming: AsyncStream<IncomingRequest>.Continuation
    /// Requests from peers, in arrival order; finished when the socket closes.
    let requests: AsyncStream<IncomingRequest>

    init(localID: NodeID, configuration: KademliaServerConfiguration, logger: Logger) {
        self.localID = localID
        self.configuration = configuration
        self.logger = logger
        (requests, incoming) = AsyncStream.makeStream(of: IncomingRequest.self)
    }

    /// Called once the channel is bound; nothing is sent before.
    func attach(_ channel: any Channel) {
        channelBox.withLockedValue { $0 = channel }
    }

    // MARK: Receiving

    /// Sorts one datagram: a reply completes the request it answers, a request is queued for
    /// serving, and anything malformed, unexpected or over the limits is dropped.
    func received(_ bytes: [UInt8], from source: SocketAddress) {
        let faults = configuration.inboundFaults
        guard !faults.isNone else { return read(bytes, from: source) }
        var rng = SystemRandom()
        for delay in faults.fate(using: &rng) {
            guard delay > .zero else {
                read(bytes, from: source)
                continue
            }
            Task {
                try? await Task.sleep(for: delay)
                self.read(bytes, from: source)
            }
        }
    }

    private func read(_ bytes: [UInt8], from source: SocketAddress) {
        let datagram: RPCDatagram
        do {
            datagram = try RPCDatagram.decode(bytes)
        } catch {
            logger.debug("dropped datagram", metadata: ["from": "\(source)", "reason": "\(error)"])
            return
        }
        switch datagram.kind {
        case .response:
            receivedReply(datagram, from: source)
        case .request:
            receivedRequest(datagram, from: source)
        }
    }

    private func receivedReply(_ datagram: RPCDatagram, from source: SocketAddress) {
        guard let entry = pending.withLockedValue({ $0.takeReply(datagram.messageID, from: source) }) else {
            logger.debug("dropped unexpected reply", metadata: ["from": "\(source)", "id": "\(datagram.messageID)"])
            return
        }
        entry.timeout?.cancel()
        do {
            entry.continuation.resume(returning: .success(try DHTResponse.decode(datagram.payload, answering: entry.method)))
        } catch {
            logger.debug("malformed reply", metadata: ["from": "\(source)", "reason": "\(error)"])
            entry.continuation.resume(returning: .failure(error))
        }
    }

    private func receivedRequest(_ datagram: RPCDatagram, from source: SocketAddress) {
        guard let host = source.ipAddress, let port = source.port, let port = UInt16(exactly: port) else { return }
        let request: DHTRequest
        do {
            request = try DHTRequest.decode(datagram.payload)
        } catch {
            logger.debug("dropped request", metadata: ["from": "\(source)", "reason": "\(error)"])
            return
        }
        let (total, perPeer) = (configuration.maxConcurrentRequests, configuration.maxConcurrentRequestsPerPeer)
        guard requestsInFlight.withLockedValue({ $0.take(for: source, total: total, perPeer: perPeer) }) else {
            logger.debug("dropped request over the concurrency limit", metadata: ["from": "\(source)"])
            return
        }
        let item = IncomingRequest(request: request, messageID: datagram.messageID, source: source,
                                   sender: NodeAddress(host: host, port: port))
        if case .terminated = incoming.yield(item) {
            requestsInFlight.withLockedValue { $0.release(for: source) }
        }
    }

    /// Sends the answer to a served request.
    func reply(_ response: DHTResponse?, to request: IncomingRequest) {
        guard let response, let channel = channelBox.withLockedValue({ $0 }) else { return }
        let bytes = RPCDatagram(response: response, messageID: request.messageID).encode()
        let envelope = AddressedEnvelope(remoteAddress: request.source, data: ByteBuffer(bytes: bytes))
        channel.writeAndFlush(envelope, promise: nil)
    }

    /// Frees the slot a request took, once everything it caused is done.
    func finished(_ request: IncomingRequest) {
        requestsInFlight.withLockedValue { $0.release(for: request.source) }
    }

    // MARK: Sending

    /// Sends `request` to `address` and waits for the reply, trying up to the configured number
    /// of attempts, each bounded by the RPC timeout.
    func call(_ request: DHTRequest, to address: NodeAddress) async throws(KMSNetworkError) -> DHTResponse {
        var attempt = 1
        while true {
            do {
                return try await send(request, to: address)
            } catch .noResponse(let host, let port) where attempt < configuration.rpcAttempts {
                attempt += 1
                logger.trace("retrying", metadata: ["to": "\(host):\(port)", "rpc": "\(request.method)"])
            }
        }
    }

    private func send(_ request: DHTRequest, to address: NodeAddress) async throws(KMSNetworkError) -> DHTResponse {
        guard let channel = channelBox.withLockedValue({ $0 }) else { throw .socketClosed }
        let remote = try Self.socketAddress(address)
        let id = RPCMessageID.random()
        let bytes = try RPCDatagram(request: request, messageID: id).encodeForSending()
        let limit = configuration.maxPendingRequests
        let timeout = TimeAmount.nanoseconds(Int64(configuration.rpcTimeout.seconds * 1e9))
        let silence = KMSNetworkError.noResponse(host: address.host, port: address.port)
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<DHTResponse, KMSNetworkError>, Never>) in
            let entry = PendingRequests.Entry(method: request.method, remote: remote, continuation: continuation)
            guard pending.withLockedValue({ $0.insert(entry, for: id, limit: limit) }) else {
                let closed = pending.withLockedValue { $0.isClosed }
                continuation.resume(returning: .failure(closed ? .socketClosed : .tooManyPendingRequests(limit: limit)))
                return
            }
            let timer = channel.eventLoop.scheduleTask(in: timeout) { [self] in finish(id, with: .failure(silence)) }
            if !pending.withLockedValue({ $0.attach(timer, to: id) }) { timer.cancel() }
            let envelope = AddressedEnvelope(remoteAddress: remote, data: ByteBuffer(bytes: bytes))
            channel.writeAndFlush(envelope).whenFailure { [self] _ in finish(id, with: .failure(silence)) }
        }
        return try result.get()
    }

    private func finish(_ id: RPCMessageID, with result: Result<DHTResponse, KMSNetworkError>) {
        guard let entry = pending.withLockedValue({ $0.take(id) }) else { return }
        entry.timeout?.cancel()
        entry.continuation.resume(returning: result)
    }

    /// Stops sending and serving: waiting requests fail with ``KMSNetworkError/socketClosed``.
    func close() {
        incoming.finish()
        for entry in pending.withLockedValue({ $0.close() }) {
            entry.timeout?.cancel()
            entry.continuation.resume(returning: .failure(.socketClosed))
        }
    }

    static func socketAddress(_ address: NodeAddress) throws(KMSNetworkError) -> SocketAddress {
        if let numeric = try? SocketAddress(ipAddress: address.host, port: Int(address.port)) { return numeric }
        do {
            return try SocketAddress.makeAddressResolvingHost(address.host, port: Int(address.port))
        } catch {
            throw .unresolvableHost(address.host)
        }
    }

    // MARK: KademliaRPC

    func ping(_ address: NodeAddress) async throws(KMSNetworkError) -> NodeID {
        guard case let .ping(id) = try await call(.ping(sender: localID), to: address) else { throw Self.mismatch }
        return id
    }

    func store(key: [UInt8], value: DHTValue, at contact: NodeContact) async throws(KMSNetworkError) -> Bool {
        let request = DHTRequest.store(sender: localID, key: try DHTKey(bytes: key), value: value)
        guard case let .store(stored) = try await call(request, to: contact.address) else { throw Self.mismatch }
        return stored
    }

    func findNode(target: NodeID, at contact: NodeContact) async throws(KMSNetworkError) -> [NodeContact] {
        guard case let .nodes(triples) = try await call(.findNode(sender: localID, target: target), to: contact.address) else {
            throw Self.mismatch
        }
        return triples.map(Self.contact)
    }

    func findValue(key: [UInt8], at contact: NodeContact) async throws(KMSNetworkError) -> FindValueResult {
        switch try await call(.findValue(sender: localID, key: try DHTKey(bytes: key)), to: contact.address) {
        case let .value(value): return .value(value)
        case let .nodes(triples): return .contacts(triples.map(Self.contact))
        default: throw Self.mismatch
        }
    }

    // `DHTResponse.decode(_:answering:)` yields only the cases of the method asked, so this is
    // unreachable; it is still an error rather than a crash.
    private static let mismatch = KMSNetworkError.unexpectedResponse

    private static func contact(_ triple: DHTContact) -> NodeContact {
        NodeContact(id: triple.id, host: triple.host, port: triple.port)
    }
}
