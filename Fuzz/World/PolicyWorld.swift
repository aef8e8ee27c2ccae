import FuzzSupport
public import KMSPolicy
public import UmbralCore

/// One policy's cast and every nucypher-core object of its story, made once from a fixed seed.
///
/// The protocol-object target checks fuzzed objects against these keys (so a mutated but
/// well-signed object reaches decryption and verification), the REST target serves requests
/// with this Ursula, and both seed the fuzzer with these objects' valid encodings.
public struct PolicyWorld: Sendable {
    public static let shared = PolicyWorld()

    /// The time the ledger and Ursula's clock stand at.
    public static let now = UnixTime(secondsSinceEpoch: 1_700_000_000)
    /// The network the node metadata names.
    public static let domain = "lynx"

    public let publisher: Signer
    public let delegating: SecretKey
    public let bobEncrypting: SecretKey
    public let bobSigner: Signer
    public let ursulaSigner: Signer
    public let ursulaEncrypting: SecretKey
    public let ursulaAddress: Address
    public let hrac: HRAC
    public let keyFrag: VerifiedKeyFrag
    public let treasureMap: TreasureMap
    public let encryptedKeyFrag: EncryptedKeyFrag
    public let authorizedKeyFrag: AuthorizedKeyFrag
    public let authorizedTreasureMap: AuthorizedTreasureMap
    public let encryptedTreasureMap: EncryptedTreasureMap
    public let messageKit: MessageKit
    public let retrievalKit: RetrievalKit
    public let reencryptionRequest: ReencryptionRequest
    public let reencryptionResponse: ReencryptionResponse
    public let revocationOrder: RevocationOrder
    public let arrangement: Arrangement
    public let nodeMetadata: NodeMetadata
    public let metadataRequest: MetadataRequest
    public let metadataResponse: MetadataResponse

    /// The ledger's record of the policy: paid for by the publisher, 30 days from ``now``.
    public var policyRecord: PolicyRecord {
        PolicyRecord(
            hrac: hrac, owner: Address(publicKey: publisher.verifyingKey), shares: 1,
            expiration: Self.now.adding(days: 30))
    }

    private init() {
        var rng = FuzzRNG(seed: 0x5EED_0002)
        publisher = Signer(SecretKey.random(using: &rng))
        delegating = SecretKey.random(using: &rng)
        bobEncrypting = SecretKey.random(using: &rng)
        bobSigner = Signer(SecretKey.random(using: &rng))
        ursulaSigner = Signer(SecretKey.random(using: &rng))
        ursulaEncrypting = SecretKey.random(using: &rng)
        do {
            ursulaAddress = try Address(bytes: [UInt8](repeating: 0x20, count: Address.byteCount))
            hrac = HRAC(
                publisherVerifyingKey: publisher.verifyingKey, bobVerifyingKey: bobSigner.verifyingKey,
                label: Array("fuzz".utf8))
            keyFrag = try Umbral.generateKeyFrags(
                delegating: delegating, receiving: bobEncrypting.publicKey, signer: publisher, threshold: 1, shares: 1,
                signDelegatingKey: false, signReceivingKey: false, using: &rng)[0]
            treasureMap = try TreasureMap(
                signer: publisher, hrac: hrac, policyEncryptingKey: delegating.publicKey,
                assignedKeyFrags: [ursulaAddress: (ursulaEncrypting.publicKey, keyFrag)], threshold: 1, using: &rng)
            guard let sealed = treasureMap.destinations[ursulaAddress] else { fatalError("the map lost its kFrag") }
            encryptedKeyFrag = sealed
            authorizedKeyFrag = AuthorizedKeyFrag(signer: publisher, hrac: hrac, keyFrag: keyFrag, using: &rng)
            authorizedTreasureMap = AuthorizedTreasureMap(
                signer: publisher, recipientKey: bobEncrypting.publicKey, treasureMap: treasureMap, using: &rng)
            encryptedTreasureMap = try treasureMap.encrypt(
                signer: publisher, recipientKey: bobEncrypting.publicKey, using: &rng)
            messageKit = try MessageKit(
                policyEncryptingKey: delegating.publicKey, plaintext: Array("fuzzing plaintext".utf8),
                conditions: nil, using: &rng)
            retrievalKit = RetrievalKit(messageKit: messageKit)
            reencryptionRequest = ReencryptionRequest(
                capsules: [messageKit.capsule], hrac: hrac, encryptedKeyFrag: encryptedKeyFrag,
                publisherVerifyingKey: publisher.verifyingKey, bobVerifyingKey: bobSigner.verifyingKey)
            let capsuleFrag = Umbral.reencrypt(messageKit.capsule, with: keyFrag, using: &rng)
            reencryptionResponse = ReencryptionResponse(
                signer: ursulaSigner, capsulesAndVerifiedCapsuleFrags: [(messageKit.capsule, capsuleFrag)])
            revocationOrder = RevocationOrder(
                signer: publisher, stakingProviderAddress: ursulaAddress, encryptedKeyFrag: encryptedKeyFrag)
            arrangement = Arrangement(
                hrac: hrac, publisherVerifyingKey: publisher.verifyingKey, encryptedKeyFrag: encryptedKeyFrag)
            let payload = try NodeMetadataPayload(
                stakingProviderAddress: ursulaAddress, domain: Self.domain, timestampEpoch: 1_700_000_000,
                verifyingKey: ursulaSigner.verifyingKey, encryptingKey: ursulaEncrypting.publicKey,
                ferveoPublicKey: [0xc0] + [UInt8](repeating: 0, count: 95), certificateDER: Array("cert".utf8),
                host: "127.0.0.1", port: 9151,
                operatorSignature: ursulaSigner.sign(ursulaSigner.verifyingKey.compressedBytes).bytes + [0])
            nodeMetadata = NodeMetadata(signer: ursulaSigner, payload: payload)
            metadataRequest = MetadataRequest(
                fleetStateChecksum: FleetStateChecksum(otherNodes: [], thisNode: nodeMetadata),
                announceNodes: [nodeMetadata])
            metadataResponse = MetadataResponse(
                signer: ursulaSigner,
                payload: MetadataResponsePayload(timestampEpoch: 1_700_000_000, announceNodes: [nodeMetadata]))
        } catch {
            fatalError("the fuzz policy world could not be built: \(error)")
        }
    }
}
