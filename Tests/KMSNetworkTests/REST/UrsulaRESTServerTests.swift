import Foundation
import Hummingbird
import HummingbirdTesting
import KMSNetwork
import KMSPolicy
import Testing
import UmbralCore

@Suite("REST server on loopback")
struct UrsulaRESTServerTests {
    @Test("Port 0 binds a free port on 127.0.0.1, reported once the server listens, and requests reach her")
    func boundPort() async throws {
        let world = try await RESTTestWorld(seed: 70)
        let server = UrsulaRESTServer(router: world.node.router, port: 0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let port = try await server.boundPort()
            #expect(port > 0)
            let client = TestClient(host: "127.0.0.1", port: port)
            client.connect()
            let health = try await client.get("/health")
            #expect(health.status == .ok)
            #expect(health.body.map { String(buffer: $0) } == "ok")
            let info = try await client.get("/public_information")
            #expect(try NodeMetadata(bytes: Array(try #require(info.body).readableBytesView)) == world.node.metadata)
            let missing = try await client.get("/nothing")
            #expect(missing.status == .notFound)
            try await client.shutdown()
            // Graceful, not cancelled: cancelling a NIO server task can trap on a connection it
            // accepted but had not handed out yet (swift-nio #2813).
            await server.shutdown()
        }
    }

    @Test("A taken port fails run() and boundPort() with serverFailed")
    func portTaken() async throws {
        let world = try await RESTTestWorld(seed: 71)
        let first = UrsulaRESTServer(router: world.node.router, port: 0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await first.run() }
            let port = try await first.boundPort()
            let second = UrsulaRESTServer(router: world.node.router, port: port)
            await #expect {
                try await second.run()
            } throws: { error in
                guard case .serverFailed = error as? UrsulaRESTError else { return false }
                return true
            }
            await #expect(throws: UrsulaRESTError.self) { try await second.boundPort() }
            await first.shutdown()
        }
    }
}
