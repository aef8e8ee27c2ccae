import Foundation
import Hummingbird
import HummingbirdTesting
import KMSNetwork
import KMSPolicy
import Testing
import UmbralCore

/// Counts from a store, as a node's data layer would report them.
private struct FixedCounts: UrsulaStatusProvider {
    func statusCounts() async -> [String: Int] { ["arrangements": 3, "revocations": 1] }
}

@Suite("REST GET /health, GET /status and unknown routes")
struct HealthAndStatusRouteTests {
    @Test("GET /health answers 200 ok")
    func health() async throws {
        let world = try await RESTTestWorld(seed: 50)
        try await world.node.makeApplication().test(.router) { client in
            let response = try await client.get(.health)
            #expect(response.status == .ok)
            #expect(String(decoding: response.bytes, as: UTF8.self) == "ok")
        }
    }

    @Test("GET /status reports her address, uptime, re-encryptions, known nodes, per-route counts and the provider's counts")
    func status() async throws {
        let world = try await RESTTestWorld(seed: 51)
        let node = world.node
        let router = try UrsulaRouter(
            ursula: node.ursula, signer: node.signer, nodeMetadata: node.metadata, statusProvider: FixedCounts(),
            clock: world.clock)
        let policy = try await world.policy(label: "status")
        try await node.ursula.acceptArrangement(policy.arrangement(for: node, publisher: world.publisher.verifyingKey))
        let kits = try ["a", "b", "c"].map { try world.kit($0, policy: policy) }
        let request = try world.request(kits, policy: policy, node: node)
        try await UrsulaRESTServer(router: router).makeApplication().test(.router) { client in
            #expect(try await client.post(.reencrypt, request.bytes).status == .ok)
            #expect(try await client.post(.reencrypt, [1, 2, 3]).status == .badRequest)
            let response = try await client.get(.status)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let status = try JSONDecoder().decode(UrsulaStatus.self, from: Data(response.bytes))
            #expect(status.stakingProviderAddress == node.address.checksummed)
            #expect(status.domain == RESTTestWorld.domain)
            #expect(status.host == "127.0.0.1")
            #expect(status.port == 9151)
            #expect(status.uptimeSeconds >= 0 && status.uptimeSeconds < 600)
            #expect(status.reencryptedCapsules == 3)
            #expect(status.knownNodes == 0)
            #expect(status.requests["reencrypt"] == UrsulaStatus.RouteCounts(served: 1, refused: 1))
            #expect(status.requests["revoke"] == UrsulaStatus.RouteCounts())
            #expect(Set(status.requests.keys) == Set(UrsulaRoute.allCases.map(\.rawValue)))
            #expect(status.counts == ["arrangements": 3, "revocations": 1])
        }
    }

    @Test("Unknown paths get a JSON 404, known paths asked with another method a 405 with Allow")
    func unknownRoutes() async throws {
        let world = try await RESTTestWorld(seed: 52)
        try await world.node.makeApplication().test(.router) { client in
            let missing = try await client.execute(uri: "/kFrag/00", method: .delete)
            try missing.expectRefusal(.notFound, "routeNotFound")
            #expect(try missing.errorBody().message == "no route answers DELETE /kFrag/00")
            let wrongMethod = try await client.execute(uri: UrsulaRoute.reencrypt.path, method: .get)
            try wrongMethod.expectRefusal(.methodNotAllowed, "methodNotAllowed")
            #expect(wrongMethod.headers[.allow] == "POST")
            #expect(try wrongMethod.errorBody().message == "/reencrypt answers POST, not GET")
            let postHealth = try await client.execute(uri: UrsulaRoute.health.path, method: .post)
            try postHealth.expectRefusal(.methodNotAllowed, "methodNotAllowed")
            #expect(postHealth.headers[.allow] == "GET")
        }
    }

    @Test("Every route has a distinct path, and only the ones with bodies have a body limit")
    func routeTable() {
        #expect(Set(UrsulaRoute.allCases.map(\.path)).count == UrsulaRoute.allCases.count)
        let limits = RESTBodyLimits.standard
        #expect(limits.limit(for: .reencrypt) == 1 << 20)
        for route in UrsulaRoute.allCases where route != .reencrypt {
            #expect(limits.limit(for: route) == (route.method == .post ? 64 << 10 : 0), "\(route)")
        }
    }
}
