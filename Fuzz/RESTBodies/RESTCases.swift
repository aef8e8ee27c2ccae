import FuzzSupport
import FuzzWorld
import KMSNetwork
import KMSPolicy
import UmbralCore

/// Posts `body` to `route` and checks what any answer must satisfy: a refusal is the client's
/// fault (4xx with a JSON body), never a server failure (5xx), whatever the bytes.
private func post(_ route: UrsulaRoute, _ body: [UInt8]) -> (code: Int, body: [UInt8]) {
    let (code, answer) = runBlocking { await RESTFixture.shared.post(route, body) }
    check(code < 500, "\(route.path) answered \(code) to a request body")
    if code != 200 {
        check(!answer.isEmpty, "\(route.path) refused without an error body")
    }
    return (code, answer)
}

/// The four POST routes of Ursula's REST API, each fed its body and its answer checked the way
/// the client would check it.
let restCases = FuzzCases([
    FuzzCase("node_metadata", seeds: { $0.starts(with: ProtocolObjectKind.metadataRequest.brand) }) { body in
        let (code, answer) = post(.nodeMetadata, body)
        guard code == 200 else { return }
        let world = PolicyWorld.shared
        let response = try? MetadataResponse(bytes: answer)
        check(response != nil, "node_metadata answered bytes that are not a MetadataResponse")
        check((try? response?.verify(verifyingKey: world.ursulaSigner.verifyingKey)) != nil,
              "node_metadata answered a MetadataResponse that does not verify")
    },
    FuzzCase("consider_arrangement", seeds: { $0.starts(with: ProtocolObjectKind.arrangement.brand) }) { body in
        let (code, answer) = post(.considerArrangement, body)
        guard code == 200 else { return }
        check((try? Arrangement(bytes: body))?.hrac.bytes == answer,
              "consider_arrangement accepted and answered something other than the arrangement's HRAC")
    },
    FuzzCase("reencrypt", seeds: { $0.starts(with: ProtocolObjectKind.reencryptionRequest.brand) }) { body in
        let (code, answer) = post(.reencrypt, body)
        guard code == 200 else { return }
        let world = PolicyWorld.shared
        guard let request = try? ReencryptionRequest(bytes: body) else {
            check(false, "reencrypt served a body that is not a ReencryptionRequest")
            return
        }
        let response = try? ReencryptionResponse(bytes: answer)
        check(response != nil, "reencrypt answered bytes that are not a ReencryptionResponse")
        let verified = try? response?.verify(
            capsules: request.capsules, aliceVerifyingKey: world.publisher.verifyingKey,
            ursulaVerifyingKey: world.ursulaSigner.verifyingKey, policyEncryptingKey: world.delegating.publicKey,
            bobEncryptingKey: world.bobEncrypting.publicKey)
        check(verified != nil, "reencrypt answered cFrags that Bob cannot verify")
    },
    FuzzCase("revoke", seeds: { _ in false }) { body in
        let (code, answer) = post(.revoke, body)
        guard code == 200 else { return }
        check(answer.isEmpty, "revoke accepted with a non-empty answer")
        check((try? RevocationEnvelope(bytes: body)) != nil, "revoke accepted a body that is not an envelope")
    },
])

/// Valid bodies for the world's Ursula, so the fuzzer starts past every check of every route.
func restSeeds() -> [(String, [UInt8])] {
    let world = PolicyWorld.shared
    let envelope = RevocationEnvelope(order: world.revocationOrder, publisherVerifyingKey: world.publisher.verifyingKey)
    let stranger = MetadataRequest(
        fleetStateChecksum: FleetStateChecksum(otherNodes: []), announceNodes: [world.nodeMetadata])
    return [
        ("node_metadata", world.metadataRequest.bytes),
        ("node_metadata", stranger.bytes),
        ("node_metadata", MetadataRequest(fleetStateChecksum: FleetStateChecksum(otherNodes: []), announceNodes: []).bytes),
        ("consider_arrangement", world.arrangement.bytes),
        ("reencrypt", world.reencryptionRequest.bytes),
        ("revoke", envelope.bytes),
    ]
}
