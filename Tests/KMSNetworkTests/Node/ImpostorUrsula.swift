import Foundation
import Hummingbird
import KMSNetwork
import KMSPolicy
import Logging
import ServiceLifecycle
import NIOConcurrencyHelpers

/// An HTTP server that takes over a stopped Ursula's REST port and answers `POST /reencrypt` as
/// the test tells it: the Ursula as Bob meets her when she lies, stalls or talks nonsense. Her
/// metadata in the DHT still names this port, so Bob finds it exactly as he found her.
struct ImpostorUrsula: Sendable {
    typealias Answer = @Sendable (ReencryptionRequest) async throws -> Response

    private let services: ServiceGroup
    private let running: Task<Void, Never>

    /// Listens on `port` of 127.0.0.1 once the Ursula that held it has let go of it.
    static func start(port: Int, answer: @escaping Answer) async throws -> ImpostorUrsula {
        let router = Router()
        router.post(RouterPath(UrsulaRoute.reencrypt.path)) { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let parsed = try ReencryptionRequest(bytes: Array(body.readableBytesView))
            return try await answer(parsed)
        }
        let deadline = ContinuousClock.now + .seconds(20)
        while true {
            let (listening, signal) = AsyncStream.makeStream(of: Bool.self)
            let application = Application(
                router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port)),
                onServerRunning: { _ in signal.yield(true) }, logger: LocalUrsulaNetwork.logger)
            let services = ServiceGroup(configuration: .init(services: [application], logger: LocalUrsulaNetwork.logger))
            let running = Task {
                // A port still held by the stopping Ursula makes the run fail at once.
                _ = try? await services.run()
                signal.yield(false)
            }
            var iterator = listening.makeAsyncIterator()
            if await iterator.next() == true { return ImpostorUrsula(services: services, running: running) }
            await running.value
            guard ContinuousClock.now < deadline else { throw ImpostorError.portStillTaken(port) }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Stops gracefully: requests in flight are answered first.
    func stop() async {
        await services.triggerGracefulShutdown()
        await running.value
    }

    /// The bytes of a response, sent with status 200.
    static func ok(_ bytes: [UInt8]) -> Response {
        Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

enum ImpostorError: Error {
    case portStillTaken(Int)
}

/// A gate that handlers wait at until the test opens it.
final class Latch: Sendable {
    private let isOpen = NIOLockedValueBox(false)

    func open() { isOpen.withLockedValue { $0 = true } }

    /// Returns once the latch is open, or after `limit`.
    func wait(atMost limit: Duration) async {
        let deadline = ContinuousClock.now + limit
        while !isOpen.withLockedValue({ $0 }), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
