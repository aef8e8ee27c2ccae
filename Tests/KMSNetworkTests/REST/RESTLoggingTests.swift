import Foundation
import Hummingbird
import HummingbirdTesting
import KMSNetwork
import KMSPolicy
import Logging
import Testing
import UmbralCore

/// Keeps every log line (message and metadata) in memory; a lock guards the lines.
private final class CapturedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    func append(_ line: String) { lock.withLock { stored.append(line) } }
    var lines: [String] { lock.withLock { stored } }
}

private struct CapturingLogHandler: LogHandler {
    let log: CapturedLog
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let line = "\(event.level) \(event.message) \(all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })"
        log.append(line)
    }
}

@Suite("REST logging")
struct RESTLoggingTests {
    @Test("Refusals are logged by route, status and error name, never with the body or the error's text")
    func noBodiesInLogs() async throws {
        let world = try await RESTTestWorld(seed: 90)
        let node = world.node
        let captured = CapturedLog()
        let logger = Logger(label: "test") { _ in CapturingLogHandler(log: captured) }
        let router = try UrsulaRouter(
            ursula: node.ursula, signer: node.signer, nodeMetadata: node.metadata, clock: world.clock, logger: logger)
        let policy = try await world.policy(label: "quiet")
        let marker = "MARKER-7f3a"
        // A malformed request whose bytes, and whose error text, would carry the marker.
        let request = try world.request([world.kit("x", policy: policy)], policy: policy, node: node).bytes
        let tampered = request + Array(marker.utf8)
        let garbageBody = Array("ReRq".utf8) + [0, 3, 0, 0] + Array(marker.utf8)
        try await UrsulaRESTServer(router: router).makeApplication().test(.router) { client in
            try await client.post(.reencrypt, tampered).expectRefusal(.badRequest, "malformedBody")
            try await client.post(.reencrypt, garbageBody).expectRefusal(.badRequest, "malformedBody")
            try await client.post(.reencrypt, request).expectRefusal(.notFound, "arrangementNotFound")
        }
        let lines = captured.lines
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.contains("refused") && $0.contains("route=reencrypt") })
        #expect(lines.contains { $0.contains("status=404") && $0.contains("error=arrangementNotFound") })
        #expect(!lines.contains { $0.contains(marker) || $0.contains(policy.hrac.description) })
    }
}
