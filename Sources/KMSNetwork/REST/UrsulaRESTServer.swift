public import Hummingbird
public import Logging
import NIOCore
import ServiceLifecycle

/// Ursula's REST API on a real socket: an ``UrsulaRouter`` served by a Hummingbird
/// `Application` bound to one host and port.
///
/// Port 0 lets the system choose a free port; ``boundPort()`` says which once the server
/// listens (Hummingbird reports it through `onServerRunning`).
///
/// ```swift
/// let server = UrsulaRESTServer(router: router, port: 0)
/// try await withThrowingTaskGroup(of: Void.self) { group in
///     group.addTask { try await server.run() }
///     print("READY rest=\(try await server.boundPort())")
///     …
///     group.cancelAll()
/// }
/// ```
public struct UrsulaRESTServer: Sendable {
    /// The routes it serves.
    public let router: UrsulaRouter

    /// The address it binds, `127.0.0.1` unless told otherwise.
    public let host: String

    /// The port it asks for; 0 for any free port.
    public let port: Int

    private let logger: Logger
    private let bound = BoundPort()
    private let shutdownSwitch = ShutdownSwitch()

    /// A server for `router` on `host`:`port`.
    ///
    /// - Parameters:
    ///   - router: Ursula's routes.
    ///   - host: The address to bind.
    ///   - port: The port to bind, or 0 for a free one.
    ///   - logger: The server's logger (Hummingbird logs connections and lifecycle there).
    public init(
        router: UrsulaRouter, host: String = "127.0.0.1", port: Int = 0,
        logger: Logger = Logger(label: "kms.ursula.rest.server")
    ) {
        self.router = router
        self.host = host
        self.port = port
        self.logger = logger
    }

    /// The Hummingbird application: ``router``'s routes on ``host``:``port``, reporting the bound
    /// port to ``boundPort()``. Tests drive it with `app.test(.router)`; ``run()`` serves it.
    public func makeApplication() -> Application<RouterResponder<BasicRequestContext>> {
        let bound = self.bound
        return Application(
            router: router.makeRouter(),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
            onServerRunning: { channel in
                if let port = channel.localAddress?.port { await bound.bind(port) }
            },
            logger: logger)
    }

    /// Serves until ``shutdown()`` is called (then it stops accepting, lets requests in flight
    /// finish, and returns) or the task is cancelled.
    ///
    /// - Throws: ``UrsulaRESTError/serverFailed(reason:)`` when the server cannot bind or stops on
    ///   an error; ``boundPort()`` then throws it too.
    public func run() async throws(UrsulaRESTError) {
        do {
            let services = ServiceGroup(configuration: .init(services: [makeApplication()], logger: logger))
            await shutdownSwitch.attach(services)
            try await services.run()
        } catch {
            let failure = UrsulaRESTError.serverFailed(reason: "\(error)")
            await bound.fail(failure)
            throw failure
        }
        await bound.fail(.serverFailed(reason: "the server stopped before it listened"))
    }

    /// Stops ``run()`` gracefully: no new connections, requests in flight finish. Preferred over
    /// cancelling the task, which Hummingbird reports as an error on the connections it cuts.
    public func shutdown() async {
        await shutdownSwitch.trigger()
    }

    /// The port the server listens on, once ``run()`` has bound it.
    ///
    /// - Throws: ``UrsulaRESTError/serverFailed(reason:)`` if ``run()`` stopped before binding.
    public func boundPort() async throws(UrsulaRESTError) -> Int {
        try await bound.value()
    }
}
