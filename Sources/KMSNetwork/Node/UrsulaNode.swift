import Foundation
public import KMSPolicy
public import Logging
public import UmbralCore

/// A whole Ursula on the network: her sealed keys and SQLite store in a data directory, her REST
/// API, and a DHT node that publishes her signed metadata and keeps only metadata and treasure maps.
///
/// ```swift
/// let node = try await UrsulaNode.open(configuration, passphrase: passphrase, ledger: ledger)
/// try await withThrowingDiscardingTaskGroup { group in
///     group.addTask { try await node.run() }
///     …
///     await node.shutdown()
/// }
/// ```
///
/// Her staking-provider address is the Ethereum-style address of her verifying key: SwiftKMS has
/// no separate operator account, so her metadata's operator signature is her own signature over
/// her verifying key (well-formed, as nucypher-core requires, and not checked by anyone here).
public final class UrsulaNode: Sendable {
    /// The character who checks and re-encrypts.
    public let ursula: Ursula
    /// Her signed metadata, as published in the DHT and served at `/public_information`.
    public let metadata: NodeMetadata
    /// Her DHT node.
    public let dht: KademliaServer
    /// Her SQLite store.
    public let database: UrsulaDatabase
    /// Where she was told to live and listen.
    public let configuration: UrsulaNodeConfiguration
    private let rest: UrsulaRESTServer
    private let logger: Logger
    /// Held for the node's lifetime: one Ursula per data directory.
    private let lock: DataDirectoryLock
    private let stop = AsyncStream<Void>.makeStream()
    private let joined = ReadySignal()
    private let stopping = ReadySignal()

    /// Her staking-provider address.
    public var stakingProviderAddress: Address { ursula.stakingProviderAddress }

    private init(lock: DataDirectoryLock, ursula: Ursula, metadata: NodeMetadata, dht: KademliaServer, database: UrsulaDatabase,
                 configuration: UrsulaNodeConfiguration, rest: UrsulaRESTServer, logger: Logger) {
        self.lock = lock
        self.ursula = ursula
        self.metadata = metadata
        self.dht = dht
        self.database = database
        self.configuration = configuration
        self.rest = rest
        self.logger = logger
    }

    /// Opens her data directory (creating her keys on first use), her store and her DHT socket.
    ///
    /// - Parameters:
    ///   - configuration: Where she lives and listens.
    ///   - passphrase: Opens (or seals, the first time) her key file.
    ///   - scrypt: The key file's scrypt cost for a new file.
    ///   - ledger: Where she checks that policies are paid for.
    ///   - clock: Her clock for expirations.
    ///   - logger: Where she reports; never keys or request bodies.
    /// - Throws: ``KMSNetworkError/dataDirectoryInUse(path:)`` while another node runs on the same
    ///   directory; the key store's, the database's and the DHT socket's errors otherwise.
    public static func open(
        _ configuration: UrsulaNodeConfiguration, passphrase: SecretBytes, scrypt: ScryptParameters = .interactive,
        ledger: any PolicyLedger, clock: any PolicyClock = SystemPolicyClock(),
        logger: Logger = Logger(label: "kms.ursula")
    ) async throws(KMSNetworkError) -> UrsulaNode {
        try DataDirectory.prepare(configuration.dataDirectory)
        let lock = try DataDirectoryLock(directory: configuration.dataDirectory)
        let keys = try NodeKeyStore(directory: configuration.dataDirectory)
            .loadOrCreate(passphrase: passphrase, parameters: scrypt).keys
        let database = try UrsulaDatabase(directory: configuration.dataDirectory)
        let address = Address(publicKey: keys.verifyingKey)
        let ursula = Ursula(
            stakingProviderAddress: address, signer: keys.signer, encryptingKey: keys.decryptingKey, ledger: ledger,
            clock: clock, vault: SQLiteUrsulaVault(database: database, clock: clock))
        let metadata: NodeMetadata
        let router: UrsulaRouter
        do {
            let payload = try NodeMetadataPayload(
                stakingProviderAddress: address, domain: configuration.domain,
                timestampEpoch: UInt32(clamping: Int(Date().timeIntervalSince1970)),
                verifyingKey: keys.verifyingKey, encryptingKey: keys.encryptingKey,
                // The identity of G2 in compressed form: SwiftKMS runs no ferveo DKG.
                ferveoPublicKey: [0xc0] + [UInt8](repeating: 0, count: 95), certificateDER: [],
                host: configuration.host, port: configuration.restPort,
                operatorSignature: keys.signer.sign(keys.verifyingKey.compressedBytes).bytes + [0])
            metadata = NodeMetadata(signer: keys.signer, payload: payload)
            router = try UrsulaRouter(ursula: ursula, signer: keys.signer, nodeMetadata: metadata, clock: clock,
                                      logger: logger)
        } catch {
            throw .nodeSetupFailed(reason: "\(error)")
        }
        let dht = try await KademliaServer.bind(
            host: configuration.host, port: configuration.dhtPort, configuration: configuration.dht,
            valuePolicy: DHTDirectory.ursulaValuePolicy, logger: logger)
        let rest = UrsulaRESTServer(router: router, host: configuration.host, port: Int(configuration.restPort), logger: logger)
        return UrsulaNode(lock: lock, ursula: ursula, metadata: metadata, dht: dht, database: database, configuration: configuration,
                          rest: rest, logger: logger)
    }

    /// Serves until ``shutdown()``: the DHT and the REST API run, the DHT joins through the
    /// configured seeds and her metadata is published once the REST API listens.
    public func run() async throws(KMSNetworkError) {
        // The REST server runs in a task of its own, which cancelling `run()` does not reach:
        // cancellation becomes a graceful shutdown instead, since cancelling a NIO server task
        // can trap on a connection it accepted but had not handed out (swift-nio #2813).
        let rest = self.rest
        let serving = Task { () -> KMSNetworkError? in
            do throws(UrsulaRESTError) { try await rest.run() } catch {
                return .nodeSetupFailed(reason: error.description)
            }
            return nil
        }
        let failure: KMSNetworkError? = await withTaskCancellationHandler {
            await withTaskGroup(of: KMSNetworkError?.self) { group in
                group.addTask { await self.dht.run(); return nil }
                group.addTask {
                    let failure = await serving.value
                    self.shutdown()
                    return failure
                }
                group.addTask {
                    for await _ in self.stop.stream { break }
                    await self.stopping.fire()
                    await rest.shutdown()
                    await self.dht.shutdown()
                    return nil
                }
                group.addTask {
                    await withTaskGroup(of: Void.self) { announcing in
                        announcing.addTask { await self.joinAndAnnounce() }
                        announcing.addTask { await self.stopping.wait() }
                        // Stopping ends the announcements (only their sleep is cancelled).
                        await announcing.next()
                        announcing.cancelAll()
                    }
                    return nil
                }
                var failure: KMSNetworkError?
                for await case let found? in group { failure = found }
                return failure
            }
        } onCancel: {
            self.shutdown()
        }
        if let failure { throw failure }
    }

    /// Joins the DHT once the REST API listens, publishes her metadata, then announces it again
    /// every ``UrsulaNodeConfiguration/announceInterval`` until cancelled.
    private func joinAndAnnounce() async {
        do throws(UrsulaRESTError) { _ = try await rest.boundPort() } catch { return }
        await dht.bootstrap(configuration.bootstrap)
        await publishMetadata()
        await joined.fire()
        while !Task.isCancelled {
            do { try await Task.sleep(for: configuration.announceInterval) } catch { return }
            await publishMetadata()
        }
    }

    /// Waits until her REST API listens, her DHT node has joined through the seeds and her
    /// metadata was published (``run()`` must be running).
    ///
    /// - Throws: ``KMSNetworkError/nodeSetupFailed(reason:)`` if the server stopped before binding.
    public func waitUntilReady() async throws(KMSNetworkError) {
        do throws(UrsulaRESTError) { _ = try await rest.boundPort() } catch {
            throw .nodeSetupFailed(reason: error.description)
        }
        await joined.wait()
    }

    /// Publishes her signed metadata in the DHT and keeps a copy in her own node; ``run()`` calls it
    /// after joining and again every ``UrsulaNodeConfiguration/announceInterval``.
    @discardableResult
    public func publishMetadata() async -> Int {
        let key = DHTDirectory.nodeMetadataKey(for: stakingProviderAddress)
        // Her own node always holds her metadata, so a lookup that reaches her finds it.
        await dht.node.storeLocally(.bytes(metadata.bytes), forKey: key.bytes)
        let stored = (try? await dht.set(.bytes(metadata.bytes), forKey: key)) ?? 0
        logger.info("published node metadata", metadata: ["stored-on": "\(stored)"])
        return stored
    }

    /// Stops serving; ``run()`` returns.
    public func shutdown() {
        stop.continuation.finish()
    }
}
