import Foundation
import Hummingbird
import HummingbirdTesting
import KMSNetwork
import KMSPolicy
import NIOCore
import Testing
import UmbralCore

/// A seeded SplitMix64, so every key, kFrag and proof in these tests is reproducible.
struct RESTTestRNG: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One Ursula behind her REST router, with the secrets a test needs to check her answers.
struct RESTNode: Sendable {
    let ursula: Ursula
    let signer: Signer
    let metadata: NodeMetadata
    let router: UrsulaRouter

    var address: Address { ursula.stakingProviderAddress }

    /// The application the tests drive through HummingbirdTesting's `.router` client.
    func makeApplication() -> Application<RouterResponder<BasicRequestContext>> {
        UrsulaRESTServer(router: router).makeApplication()
    }
}

/// A policy as Alice sets it up, made by hand so that each arrangement can be sent over REST: the
/// ledger record and the treasure map, one kFrag per node.
struct RESTPolicy: Sendable {
    let hrac: HRAC
    let policyEncryptingKey: PublicKey
    let treasureMap: TreasureMap
    let expiration: UnixTime

    func encryptedKeyFrag(for node: RESTNode) throws -> EncryptedKeyFrag {
        try #require(treasureMap.destinations[node.address])
    }

    func arrangement(for node: RESTNode, publisher: PublicKey) throws -> Arrangement {
        Arrangement(hrac: hrac, publisherVerifyingKey: publisher, encryptedKeyFrag: try encryptedKeyFrag(for: node))
    }
}

/// Alice (as a publisher key and a delegating key), Bob, and staked Ursulas each behind a router,
/// on an in-memory ledger and a clock the test moves.
struct RESTTestWorld: Sendable {
    static let start = UnixTime(secondsSinceEpoch: 1_700_000_000)
    static let domain = "lynx"

    let clock: ManualPolicyClock
    let ledger: InMemoryPolicyLedger
    let nodes: [RESTNode]
    let publisher: Signer
    let delegatingKey: SecretKey
    let bobEncryptingKey: SecretKey
    let bobSigner: Signer
    let seed: UInt64

    var node: RESTNode { nodes[0] }

    init(nodeCount: Int = 1, seed: UInt64, limits: RESTBodyLimits = .standard) async throws {
        var rng = RESTTestRNG(seed: seed)
        let clock = ManualPolicyClock(start: Self.start)
        let ledger = InMemoryPolicyLedger(clock: clock)
        var nodes: [RESTNode] = []
        for index in 0..<nodeCount {
            let signer = Signer(SecretKey.random(using: &rng))
            let encryptingKey = SecretKey.random(using: &rng)
            let address = try Address(bytes: [UInt8](repeating: UInt8(0x20 + index), count: 20))
            let ursula = Ursula(
                stakingProviderAddress: address, signer: signer, encryptingKey: encryptingKey, ledger: ledger,
                clock: clock, randomness: RESTTestRNG(seed: seed &+ 1000 &+ UInt64(index)))
            await ledger.stake(address)
            let metadata = try Self.metadata(
                signer: signer, address: address, encryptingKey: encryptingKey.publicKey, port: UInt16(9151 + index))
            let router = try UrsulaRouter(
                ursula: ursula, signer: signer, nodeMetadata: metadata, limits: limits, clock: clock)
            nodes.append(RESTNode(ursula: ursula, signer: signer, metadata: metadata, router: router))
        }
        self.clock = clock
        self.ledger = ledger
        self.nodes = nodes
        self.publisher = Signer(SecretKey.random(using: &rng))
        self.delegatingKey = SecretKey.random(using: &rng)
        self.bobEncryptingKey = SecretKey.random(using: &rng)
        self.bobSigner = Signer(SecretKey.random(using: &rng))
        self.seed = seed
    }

    /// Signed node metadata for a node with these keys (a placeholder certificate, the G2
    /// identity as ferveo key, and a well-formed operator signature).
    static func metadata(
        signer: Signer, address: Address, encryptingKey: PublicKey, port: UInt16, domain: String = domain,
        timestamp: UInt32 = 1_700_000_000
    ) throws -> NodeMetadata {
        let payload = try NodeMetadataPayload(
            stakingProviderAddress: address, domain: domain, timestampEpoch: timestamp,
            verifyingKey: signer.verifyingKey, encryptingKey: encryptingKey,
            ferveoPublicKey: [0xc0] + [UInt8](repeating: 0, count: 95), certificateDER: Array("cert".utf8),
            host: "127.0.0.1", port: port,
            operatorSignature: signer.sign(signer.verifyingKey.compressedBytes).bytes + [0])
        return NodeMetadata(signer: signer, payload: payload)
    }

    /// A treasure map over `label` for `nodes`, sealed by `publisher`, without touching the ledger.
    func treasureMap(
        label: String, threshold: Int = 1, for nodes: [RESTNode]? = nil, publisher: Signer? = nil, salt: UInt64 = 0
    ) throws -> TreasureMap {
        var rng = RESTTestRNG(seed: seed &+ 77 &+ salt)
        let nodes = nodes ?? self.nodes
        let publisher = publisher ?? self.publisher
        let keyFrags = try Umbral.generateKeyFrags(
            delegating: delegatingKey, receiving: bobEncryptingKey.publicKey, signer: publisher, threshold: threshold,
            shares: nodes.count, signDelegatingKey: false, signReceivingKey: false, using: &rng)
        var assigned: [Address: (PublicKey, VerifiedKeyFrag)] = [:]
        for (node, keyFrag) in zip(nodes, keyFrags) {
            assigned[node.address] = (node.ursula.profile.encryptingKey, keyFrag)
        }
        let hrac = HRAC(
            publisherVerifyingKey: publisher.verifyingKey, bobVerifyingKey: bobSigner.verifyingKey, label: Array(label.utf8))
        return try TreasureMap(
            signer: publisher, hrac: hrac, policyEncryptingKey: delegatingKey.publicKey, assignedKeyFrags: assigned,
            threshold: threshold, using: &rng)
    }

    /// A policy over `label` paid for on the ledger (unless `onLedger` is false), for 30 days.
    func policy(label: String, threshold: Int = 1, onLedger: Bool = true, days: Int64 = 30) async throws -> RESTPolicy {
        let map = try treasureMap(label: label, threshold: threshold)
        let expiration = Self.start.adding(days: days)
        if onLedger {
            try await ledger.createPolicy(PolicyRecord(
                hrac: map.hrac, owner: Address(publicKey: publisher.verifyingKey), shares: nodes.count,
                expiration: expiration))
        }
        return RESTPolicy(
            hrac: map.hrac, policyEncryptingKey: delegatingKey.publicKey, treasureMap: map, expiration: expiration)
    }

    /// Bob's request to `node` for the capsules of `kits`.
    func request(_ kits: [MessageKit], policy: RESTPolicy, node: RESTNode) throws -> ReencryptionRequest {
        ReencryptionRequest(
            capsules: kits.map(\.capsule), hrac: policy.hrac, encryptedKeyFrag: try policy.encryptedKeyFrag(for: node),
            publisherVerifyingKey: publisher.verifyingKey, bobVerifyingKey: bobSigner.verifyingKey)
    }

    /// Enrico's message kit for `policy`.
    func kit(_ text: String, policy: RESTPolicy) throws -> MessageKit {
        try MessageKit(policyEncryptingKey: policy.policyEncryptingKey, plaintext: Array(text.utf8))
    }

    /// Bob checks `node`'s answer to `request` and returns the verified cFrags.
    func verify(_ responseBytes: [UInt8], for request: ReencryptionRequest, policy: RESTPolicy, node: RESTNode) throws
        -> [VerifiedCapsuleFrag]
    {
        try ReencryptionResponse(bytes: responseBytes).verify(
            capsules: request.capsules, aliceVerifyingKey: publisher.verifyingKey,
            ursulaVerifyingKey: node.metadata.payload.verifyingKey, policyEncryptingKey: policy.policyEncryptingKey,
            bobEncryptingKey: bobEncryptingKey.publicKey)
    }
}

extension TestClientProtocol {
    /// Posts `bytes` to `route` as `application/octet-stream`.
    func post(_ route: UrsulaRoute, _ bytes: [UInt8]) async throws -> TestResponse {
        try await execute(
            uri: route.path, method: .post, headers: [.contentType: "application/octet-stream"],
            body: ByteBuffer(bytes: bytes))
    }

    /// Gets `route`.
    func get(_ route: UrsulaRoute) async throws -> TestResponse {
        try await execute(uri: route.path, method: .get)
    }
}

extension TestResponse {
    /// The body's bytes.
    var bytes: [UInt8] { Array(body.readableBytesView) }

    /// The JSON error body, failing the test if there is none.
    func errorBody(sourceLocation: SourceLocation = #_sourceLocation) throws -> RESTErrorBody {
        #expect(headers[.contentType] == "application/json; charset=utf-8", sourceLocation: sourceLocation)
        return try JSONDecoder().decode(RESTErrorBody.self, from: Data(bytes))
    }

    /// Expects a refusal with `status` and error name `name`.
    func expectRefusal(
        _ status: HTTPResponse.Status, _ name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(self.status == status, "status", sourceLocation: sourceLocation)
        let body = try errorBody(sourceLocation: sourceLocation)
        #expect(body.error == name, sourceLocation: sourceLocation)
        #expect(!body.message.isEmpty, sourceLocation: sourceLocation)
    }
}

/// `bytes` with the 8-byte header's major version (bytes 4–5) set to `major`.
func withMajorVersion(_ bytes: [UInt8], _ major: UInt16) -> [UInt8] {
    var bytes = bytes
    bytes[4] = UInt8(major >> 8)
    bytes[5] = UInt8(major & 0xff)
    return bytes
}

/// `bytes` with the header's minor version (bytes 6–7) set to `minor`.
func withMinorVersion(_ bytes: [UInt8], _ minor: UInt16) -> [UInt8] {
    var bytes = bytes
    bytes[6] = UInt8(minor >> 8)
    bytes[7] = UInt8(minor & 0xff)
    return bytes
}

/// `bytes` with the brand (bytes 0–3) replaced.
func withBrand(_ bytes: [UInt8], _ brand: String) -> [UInt8] {
    Array(brand.utf8) + bytes.dropFirst(4)
}
