public import Logging
import NIOCore
import NIOPosix

/// A Kademlia node on a real network: a ``KademliaNode`` behind one UDP socket speaking rpcudp,
/// wire-compatible with Python's kademlia 2.2.3 `Server`.
///
/// ```swift
/// let server = try await KademliaServer.bind(host: "127.0.0.1", port: 8468)
/// try await withThrowingDiscardingTaskGroup { group in
///     group.addTask { await server.run() }
///     await server.bootstrap([NodeAddress(host: "127.0.0.1", port: 8469)])
///     try await server.set("hello", forKey: "greeting")
///     await server.shutdown()
/// }
/// ```
///
/// Requests from peers are served only while ``run()`` runs; it also refreshes buckets and
/// republishes values every ``KademliaServerConfiguration/refreshInterval``, and returns after
/// ``shutdown()``.
public final class KademliaServer: Sendable {
    /// The Kademlia state machine this server feeds.
    public let node: KademliaNode
    /// What this server was configured with.
    public let configuration: KademliaServerConfiguration
    private let socket: RPCSocket
    private let channel: any Channel
    private let logger: Logger

    /// This node's id and the address it listens on (with the port the system chose, if 0 was asked).
    public var contact: NodeContact { node.contact }

    private init(node: KademliaNode, configuration: KademliaServerConfiguration, socket: RPCSocket,
                 channel: any Channel, logger: Logger) {
        self.node = node
        self.configuration = configuration
        self.socket = socket
        self.channel = channel
        self.logger = logger
    }

    /// Opens a UDP socket on `host`:`port` (0 lets the system pick a free port) and creates the node.
    ///
    /// - Parameters:
    ///   - host: A numeric IPv4 or IPv6 address to listen on, such as "127.0.0.1".
    ///   - port: The UDP port; 0 for any free one.
    ///   - id: The node id; random by default, as in the reference.
    ///   - configuration: Timeouts, bounds and the reference's constants.
    ///   - valuePolicy: Which values this node agrees to store.
    ///   - logger: Where the server reports; it never logs stored values.
    /// - Throws: ``KMSNetworkError/bindFailed(host:port:reason:)`` if the socket cannot be opened.
    public static func bind(host: String, port: UInt16, id: NodeID = .random(),
                            configuration: KademliaServerConfiguration = KademliaServerConfiguration(),
                            valuePolicy: DHTValuePolicy = .acceptAll,
                            logger: Logger = Logger(label: "kms.dht")) async throws(KMSNetworkError) -> KademliaServer {
        let socket = RPCSocket(localID: id, configuration: configuration, logger: logger)
        let channel: any Channel
        do {
            channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: RPCDatagram.maximumByteCount))
                .channelOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(configuration.receiveBufferBytes))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(DatagramHandler(socket: socket))
                    }
                }
                .bind(host: host, port: Int(port)).get()
        } catch {
            throw .bindFailed(host: host, port: port, reason: "\(error)")
        }
        guard let boundPort = channel.localAddress?.port, let localPort = UInt16(exactly: boundPort) else {
            try? await channel.close()
            throw .bindFailed(host: host, port: port, reason: "the socket has no local port")
        }
        socket.attach(channel)
        let node = KademliaNode(
            contact: NodeContact(id: id, host: host, port: localPort), rpc: socket, clock: SystemKademliaClock(),
            k: configuration.k, alpha: configuration.alpha, refreshInterval: configuration.refreshInterval.seconds,
            store: KademliaStore(timeToLive: configuration.valueLifetime.seconds, capacity: configuration.storeCapacity),
            valuePolicy: valuePolicy)
        var logger = logger
        logger[metadataKey: "node"] = "\(id)"
        logger.info("listening", metadata: ["address": "\(host):\(localPort)"])
        return KademliaServer(node: node, configuration: configuration, socket: socket, channel: channel, logger: logger)
    }

    // MARK: Running

    /// Serves peers' requests and does the hourly upkeep until ``shutdown()`` is called or the
    /// calling task is cancelled.
    public func run() async {
        let followUps = await node.deferFollowUps()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.serve() }
            group.addTask { await self.maintain() }
            group.addTask {
                // Welcome work from this node's own lookups, done beside them rather than in their way.
                await withDiscardingTaskGroup { work in
                    for await followUp in followUps {
                        work.addTask { await self.node.complete(followUp) }
                    }
                }
            }
            // Serving ends when the socket closes; upkeep then has nothing left to do.
            await group.next()
            await node.stopDeferringFollowUps()
            group.cancelAll()
        }
    }

    /// Closes the socket: requests waiting for answers fail and ``run()`` returns.
    public func shutdown() async {
        socket.close()
        try? await channel.close()
        logger.info("stopped")
    }

    private func serve() async {
        await withDiscardingTaskGroup { group in
            for await request in socket.requests {
                group.addTask {
                    // The reply goes out first; welcoming an unknown sender may take RPCs of its own.
                    defer { self.socket.finished(request) }
                    let (reply, followUp) = await self.answer(request)
                    self.socket.reply(reply, to: request)
                    if let followUp { await self.node.complete(followUp) }
                }
            }
        }
    }

    private func maintain() async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: configuration.refreshInterval) } catch { return }
            await node.refresh()
        }
    }

    /// The reply to one request (nil where the reference sends none) and the welcome work it leaves.
    private func answer(_ incoming: IncomingRequest) async -> (DHTResponse?, KademliaFollowUp?) {
        let address = incoming.sender
        switch incoming.request {
        case let .ping(sender):
            let (id, followUp) = await node.answerPing(from: NodeContact(id: sender, address: address))
            return (.ping(id), followUp)
        case .stun:
            return (.stun(host: address.host, port: address.port), nil)
        case let .store(sender, key, value):
            let (stored, followUp) = await node.answerStore(from: NodeContact(id: sender, address: address),
                                                            key: key.bytes, value: value)
            return (.store(stored), followUp)
        case let .findNode(sender, target):
            let (contacts, followUp) = await node.answerFindNode(from: NodeContact(id: sender, address: address), target: target)
            return (.nodes(contacts.map(Self.triple)), followUp)
        case let .findValue(sender, key):
            let (result, followUp) = await node.answerFindValue(from: NodeContact(id: sender, address: address), key: key.bytes)
            switch result {
            case let .value(value)?: return (.value(value), followUp)
            case let .contacts(contacts)?: return (.nodes(contacts.map(Self.triple)), followUp)
            case nil: return (nil, followUp)
            }
        }
    }

    private static func triple(_ contact: NodeContact) -> DHTContact {
        DHTContact(id: contact.id, host: contact.host, port: contact.port)
    }

    // MARK: Using the DHT

    /// Joins the network through `seeds` (see ``KademliaNode/bootstrap(_:)``).
    @discardableResult
    public func bootstrap(_ seeds: [NodeAddress]) async -> [NodeContact] {
        await node.bootstrap(seeds)
    }

    /// Pings the node at `address` and returns the id it answers with, leaving the routing table
    /// as it is (the reference's plain ping, used for health checks).
    ///
    /// - Throws: ``KMSNetworkError/noResponse(host:port:)`` when no answer came in time,
    ///   ``KMSNetworkError/socketClosed`` after ``shutdown()``.
    public func ping(_ address: NodeAddress) async throws(KMSNetworkError) -> NodeID {
        try await socket.ping(address)
    }

    /// Stores `value` under `key` at the nodes nearest to it; returns how many acknowledged it.
    @discardableResult
    public func set(_ value: DHTValue, forKey key: DHTKey) async throws(KMSNetworkError) -> Int {
        try await node.set(value, forKey: key.bytes)
    }

    /// Stores the string `value` under the string `key`, as Python's `server.set(key, value)` does.
    @discardableResult
    public func set(_ value: String, forKey key: String) async throws(KMSNetworkError) -> Int {
        try await set(.string(value), forKey: DHTKey(digesting: key))
    }

    /// The value under `key`, from this node or by an iterative lookup; nil if none was found.
    public func get(_ key: DHTKey) async throws(KMSNetworkError) -> DHTValue? {
        try await node.get(key.bytes)
    }

    /// The value under the string `key`, as Python's `server.get(key)` finds it.
    public func get(_ key: String) async throws(KMSNetworkError) -> DHTValue? {
        try await get(DHTKey(digesting: key))
    }
}
