// The agent's operations: each takes a parsed request and returns the response fields.
// main.swift lists them with their fields.

import Foundation
import KMSPolicy
import UmbralCore

// MARK: - Keys and re-encoding

func makeKeys(_ request: Request) throws -> JSONObject {
    let count = try request.int("count")
    guard (0...64).contains(count) else { throw RequestError("count must be in 0...64") }
    let keys = (0..<count).map { _ in SecretKey.random() }
    return [
        "secret_keys": keys.map { hexString($0.bigEndianBytes) },
        "public_keys": keys.map { hexString($0.publicKey.compressedBytes) },
    ]
}

/// Every object type the agent can parse from its standalone bytes, by its snake_case name.
let reencodableTypes = [
    "hrac", "address", "message_kit", "treasure_map", "encrypted_treasure_map", "encrypted_kfrag",
    "reencryption_request", "reencryption_response", "retrieval_kit", "revocation_order", "node_metadata",
    "fleet_state_checksum", "metadata_request", "metadata_response",
]

/// Parses `raw` as the object named `type` and encodes it again.
func reencoded(type: String, _ raw: [UInt8]) throws -> [UInt8] {
    switch type {
    case "hrac": return try HRAC(bytes: raw).bytes
    case "address": return try Address(bytes: raw).bytes
    case "message_kit": return try MessageKit(bytes: raw).bytes
    case "treasure_map": return try TreasureMap(bytes: raw).bytes
    case "encrypted_treasure_map": return try EncryptedTreasureMap(bytes: raw).bytes
    case "encrypted_kfrag": return try EncryptedKeyFrag(bytes: raw).bytes
    case "reencryption_request": return try ReencryptionRequest(bytes: raw).bytes
    case "reencryption_response": return try ReencryptionResponse(bytes: raw).bytes
    case "retrieval_kit": return try RetrievalKit(bytes: raw).bytes
    case "revocation_order": return try RevocationOrder(bytes: raw).bytes
    case "node_metadata": return try NodeMetadata(bytes: raw).bytes
    case "fleet_state_checksum": return try FleetStateChecksum(bytes: raw).bytes
    case "metadata_request": return try MetadataRequest(bytes: raw).bytes
    case "metadata_response": return try MetadataResponse(bytes: raw).bytes
    default: throw RequestError("unknown type \(type); known: \(reencodableTypes.joined(separator: ", "))")
    }
}

func reencode(_ request: Request) throws -> JSONObject {
    let type = try request.string("type")
    let raw = try request.bytes("bytes")
    let out = try reencoded(type: type, raw)
    try requireIdentical(out, raw, type)
    return ["bytes": hexString(out)]
}

/// Parses with `parse` and requires the object's encoding to be the input.
func parsed<T>(_ raw: [UInt8], _ what: String, _ parse: ([UInt8]) throws -> T, encode: (T) -> [UInt8]) throws -> T {
    let value = try parse(raw)
    try requireIdentical(encode(value), raw, what)
    return value
}

func messageKits(_ request: Request) throws -> [MessageKit] {
    try request.bytesList("message_kits").enumerated().map { index, raw in
        try parsed(raw, "message_kits[\(index)]", { try MessageKit(bytes: $0) }, encode: \.bytes)
    }
}

// MARK: - Alice

/// An Ursula Python named for a grant: her staking-provider address and public keys.
func ursulaProfile(_ entry: Request) throws -> UrsulaProfile {
    UrsulaProfile(
        stakingProviderAddress: try entry.address("address"), encryptingKey: try entry.publicKey("encrypting_key"),
        verifyingKey: try entry.publicKey("verifying_key"))
}

/// The current wall-clock time, in whole seconds.
func systemNow() throws -> UnixTime {
    try blocking { await SystemPolicyClock().now() }
}

func aliceGrant(_ request: Request) throws -> JSONObject {
    let bob = BobCard(
        encryptingKey: try request.publicKey("bob_encrypting_key"), verifyingKey: try request.publicKey("bob_verifying_key"))
    let label = try request.bytes("label")
    let threshold = try request.int("threshold")
    let profiles = try request.objects("ursulas").map(ursulaProfile)
    for key in ["sign_delegating_key", "sign_receiving_key"] where try request.bool(key, default: false) {
        throw RequestError("\(key): KMSPolicy's Alice signs neither key into her kFrags (as nucypher's Alice)")
    }
    let expiration = request.has("expiration")
        ? UnixTime(secondsSinceEpoch: Int64(try request.int("expiration"))) : try systemNow().adding(days: 30)
    let addresses = profiles.map(\.stakingProviderAddress)

    // A real Alice: her publisher signer and secret key factory are fresh; her transport knows the
    // named Ursulas and records what she publishes; her ledger stakes everyone Python named.
    let publisherKey = SecretKey.random()
    let keyFactory = SecretKeyFactory.random()
    let transport = AliceTransport(profiles: profiles)
    let ledger = AgentLedger(staked: Set(addresses))
    let alice = Alice(signer: Signer(publisherKey), keyFactory: keyFactory, transport: transport, ledger: ledger)
    let (policy, drawn) = try blocking {
        var rng = RecordingRandomNumberGenerator()
        let policy = try await alice.grant(
            to: bob, label: label, threshold: threshold, shares: addresses.count, expiration: expiration,
            ursulas: addresses, using: &rng)
        return (policy, rng.drawn)
    }
    let published = try blocking { await transport.publications() }
    let records = try blocking { await ledger.records() }
    guard published.count == 1, published[0].hrac == policy.hrac else {
        throw CheckFailure("Alice published \(published.count) treasure map(s), expected one for \(policy.hrac)")
    }
    let encryptedMapBytes = published[0].bytes
    try requireIdentical(policy.encryptedTreasureMap.bytes, encryptedMapBytes, "published EncryptedTreasureMap")
    _ = try parsed(encryptedMapBytes, "EncryptedTreasureMap", { try EncryptedTreasureMap(bytes: $0) }, encode: \.bytes)
    _ = try parsed(policy.treasureMap.bytes, "TreasureMap", { try TreasureMap(bytes: $0) }, encode: \.bytes)
    guard records.count == 1, let record = records.first, record.hrac == policy.hrac else {
        throw CheckFailure("Alice recorded \(records.count) policies on the ledger, expected one")
    }
    let policyKey = keyFactory.makeKey(label: label)
    guard policyKey.publicKey == policy.policyEncryptingKey else {
        throw CheckFailure("the policy key is not the factory's key for the label")
    }

    // Alice keeps her kFrags to herself; replaying the randomness she drew (named Ursulas draw
    // none, so her kFrag generation came first) gives them back, for Python to compare with what
    // each Ursula decrypts.
    var replay = ReplayRandomNumberGenerator(drawn)
    let keyFrags = try Umbral.generateKeyFrags(
        delegating: policyKey, receiving: bob.encryptingKey, signer: Signer(publisherKey), threshold: threshold,
        shares: addresses.count, signDelegatingKey: false, signReceivingKey: false, using: &replay)

    var response = JSONObject()
    describe(policyKey, as: "policy", into: &response)
    describe(publisherKey, as: "publisher", into: &response)
    response["hrac"] = hexString(policy.hrac.bytes)
    response["kfrags"] = keyFrags.map { hexString($0.messagePackBytes) }
    response["treasure_map"] = hexString(policy.treasureMap.bytes)
    response["encrypted_treasure_map"] = hexString(encryptedMapBytes)
    response["encrypted_kfrags"] = try addresses.map { address in
        guard let encrypted = policy.treasureMap.destinations[address] else {
            throw CheckFailure("no kFrag for \(address)")
        }
        return hexString(encrypted.bytes)
    }
    response["revocation_orders"] = alice.revocationOrders(for: policy).map { hexString($0.bytes) }
    response["expiration"] = Int(policy.expiration.secondsSinceEpoch)
    response["ledger"] = [
        "hrac": hexString(record.hrac.bytes), "owner": hexString(record.owner.bytes), "shares": record.shares,
        "expiration": Int(record.expiration.secondsSinceEpoch), "revoked": record.isRevoked,
    ] as JSONObject
    return response
}

// MARK: - Enrico

func enricoEncrypt(_ request: Request) throws -> JSONObject {
    let enrico = Enrico(policyEncryptingKey: try request.publicKey("policy_encrypting_key"))
    let kit = try enrico.encrypt(request.bytes("plaintext"), conditions: request.optionalString("conditions"))
    _ = try parsed(kit.bytes, "MessageKit", { try MessageKit(bytes: $0) }, encode: \.bytes)
    return ["message_kit": hexString(kit.bytes)]
}

func decryptMessageKit(_ request: Request) throws -> JSONObject {
    let raw = try request.bytes("message_kit")
    let kit = try parsed(raw, "MessageKit", { try MessageKit(bytes: $0) }, encode: \.bytes)
    let plaintext = try kit.decrypt(secretKey: request.secretKey("secret_key"))
    return ["plaintext": hexString(plaintext), "conditions": kit.conditions.map { $0 as Any } ?? NSNull()]
}

// MARK: - Ursula

/// The policy record an Ursula's ledger holds: {hrac, publisher_verifying_key, shares, expiration, [revoked]}.
func policyRecord(_ fields: Request) throws -> PolicyRecord {
    PolicyRecord(
        hrac: try HRAC(bytes: fields.bytes("hrac")), owner: Address(publicKey: try fields.publicKey("publisher_verifying_key")),
        shares: try fields.int("shares"), expiration: UnixTime(secondsSinceEpoch: Int64(try fields.int("expiration"))),
        isRevoked: try fields.bool("revoked", default: false))
}

func ursulaReencrypt(_ request: Request) throws -> JSONObject {
    let encryptingKey = try request.secretKey("encrypting_secret_key")
    let signer = Signer(try request.secretKey("signing_secret_key"))
    let address = try request.address("address")
    let raw = try request.bytes("request")
    let ledger = AgentLedger(staked: [address], policies: [try policyRecord(request.object("policy"))])
    let clock: any PolicyClock = request.has("now")
        ? FixedClock(time: UnixTime(secondsSinceEpoch: Int64(try request.int("now")))) : SystemPolicyClock()
    let ursula = Ursula(
        stakingProviderAddress: address, signer: signer, encryptingKey: encryptingKey, ledger: ledger, clock: clock)
    // nucypher-core 0.16 has no arrangement step: the kFrag travels only in Bob's request. The
    // agent places that kFrag with her first, as a SwiftKMS Alice's grant would have; the
    // arrangement runs the same ledger and kFrag checks, so a bad request fails as before.
    if let placed = try? ReencryptionRequest(bytes: raw) {
        let arrangement = Arrangement(
            hrac: placed.hrac, publisherVerifyingKey: placed.publisherVerifyingKey, encryptedKeyFrag: placed.encryptedKeyFrag)
        try blocking { try await ursula.acceptArrangement(arrangement) }
    }
    let responseBytes = try blocking { try await ursula.reencrypt(requestBytes: raw) }
    _ = try parsed(responseBytes, "ReencryptionResponse", { try ReencryptionResponse(bytes: $0) }, encode: \.bytes)

    // For Python's byte checks: the request as she parsed it, and the kFrag her key opens from it
    // (opened again here, since Ursula keeps hers private).
    let reencryptionRequest = try parsed(raw, "ReencryptionRequest", { try ReencryptionRequest(bytes: $0) }, encode: \.bytes)
    let keyFrag = try reencryptionRequest.encryptedKeyFrag.decrypt(
        secretKey: encryptingKey, hrac: reencryptionRequest.hrac,
        publisherVerifyingKey: reencryptionRequest.publisherVerifyingKey)
    return [
        "response": hexString(responseBytes),
        "verifying_key": hexString(ursula.profile.verifyingKey.compressedBytes),
        "kfrag": hexString(keyFrag.messagePackBytes),
        "hrac": hexString(reencryptionRequest.hrac.bytes),
        "capsules": reencryptionRequest.capsules.count,
        "reencrypted_capsules": try blocking { await ursula.reencryptedCapsuleCount },
    ]
}

func verifyRevocationOrder(_ request: Request) throws -> JSONObject {
    let order = try parsed(
        request.bytes("order"), "RevocationOrder", { try RevocationOrder(bytes: $0) }, encode: \.bytes)
    let (address, encryptedKeyFrag) = try order.verify(aliceVerifyingKey: request.publicKey("verifying_key"))
    return ["address": hexString(address.bytes), "encrypted_kfrag": hexString(encryptedKeyFrag.bytes)]
}

// MARK: - Bob

/// Bob's view of a policy: his keys, and the treasure map he decrypted.
struct BobPolicy {
    let bob: SecretKey
    let publisherVerifyingKey: PublicKey
    let treasureMap: TreasureMap

    init(_ request: Request) throws {
        bob = try request.secretKey("bob_encrypting_secret_key")
        publisherVerifyingKey = try request.publicKey("publisher_verifying_key")
        let encrypted = try parsed(
            request.bytes("encrypted_treasure_map"), "EncryptedTreasureMap", { try EncryptedTreasureMap(bytes: $0) },
            encode: \.bytes)
        treasureMap = try encrypted.decrypt(secretKey: bob, publisherVerifyingKey: publisherVerifyingKey)
        _ = try parsed(treasureMap.bytes, "TreasureMap", { try TreasureMap(bytes: $0) }, encode: \.bytes)
    }

    func describe(into response: inout JSONObject) {
        Self.describe(treasureMap, into: &response)
    }

    static func describe(_ treasureMap: TreasureMap, into response: inout JSONObject) {
        response["treasure_map"] = hexString(treasureMap.bytes)
        response["threshold"] = treasureMap.threshold
        response["hrac"] = hexString(treasureMap.hrac.bytes)
        response["policy_encrypting_key"] = hexString(treasureMap.policyEncryptingKey.compressedBytes)
        response["publisher_verifying_key"] = hexString(treasureMap.publisherVerifyingKey.compressedBytes)
        response["destinations"] = treasureMap.destinations.keys.sorted().map { hexString($0.bytes) }
    }

    func encryptedKeyFrag(for address: Address) throws -> EncryptedKeyFrag {
        guard let encrypted = treasureMap.destinations[address] else {
            throw UrsulaFailure(address: address, underlying: CheckFailure("not a destination of the treasure map"))
        }
        return encrypted
    }
}

func bobRequest(_ request: Request) throws -> JSONObject {
    let policy = try BobPolicy(request)
    let bobVerifyingKey = try request.publicKey("bob_verifying_key")
    let kits = try messageKits(request)
    let addresses = request.has("addresses")
        ? try request.addresses("addresses") : policy.treasureMap.destinations.keys.sorted()
    let conditions = try request.optionalString("conditions")
    let context = try request.optionalString("context")
    let requests = try addresses.map { address in
        ReencryptionRequest(
            capsules: kits.map(\.capsule), hrac: policy.treasureMap.hrac,
            encryptedKeyFrag: try policy.encryptedKeyFrag(for: address),
            publisherVerifyingKey: policy.treasureMap.publisherVerifyingKey, bobVerifyingKey: bobVerifyingKey,
            conditions: conditions, context: context)
    }
    for (index, made) in requests.enumerated() {
        _ = try parsed(made.bytes, "requests[\(index)]", { try ReencryptionRequest(bytes: $0) }, encode: \.bytes)
    }
    let kitsForRetrieval = kits.map {
        RetrievalKit(capsule: $0.capsule, queriedAddresses: addresses, conditions: $0.conditions)
    }
    var response = JSONObject()
    policy.describe(into: &response)
    response["requests"] = requests.map { hexString($0.bytes) }
    response["retrieval_kits"] = kitsForRetrieval.map { hexString($0.bytes) }
    return response
}

func bobRetrieve(_ request: Request) throws -> JSONObject {
    let bobKey = try request.secretKey("bob_encrypting_secret_key")
    let bobSigner = Signer(try request.secretKey("bob_signing_secret_key"))
    let publisherVerifyingKey = try request.publicKey("publisher_verifying_key")
    let encryptedMap = try parsed(
        request.bytes("encrypted_treasure_map"), "EncryptedTreasureMap", { try EncryptedTreasureMap(bytes: $0) },
        encode: \.bytes)
    let kits = try messageKits(request)
    let conditions = try request.optionalString("conditions")
    let context = try request.optionalString("context")

    // What Python's Ursulas answered: each response, or the parse error its bytes raise (Bob then
    // finds her refusing, as over a network). Ursulas without an entry are unreachable.
    var profiles = [UrsulaProfile]()
    var answers = [Address: Result<ReencryptionResponse, KMSPolicyError>]()
    for entry in try request.objects("responses") {
        let address = try entry.address("address")
        guard answers[address] == nil else { throw RequestError("responses: repeated address \(address)") }
        profiles.append(UrsulaProfile(
            stakingProviderAddress: address, encryptingKey: try entry.publicKey("encrypting_key"),
            verifyingKey: try entry.publicKey("verifying_key")))
        let raw = try entry.bytes("response")
        do {
            let response = try ReencryptionResponse(bytes: raw)
            do {
                try requireIdentical(response.bytes, raw, "ReencryptionResponse")
            } catch {
                throw UrsulaFailure(address: address, underlying: error)
            }
            answers[address] = .success(response)
        } catch let error as KMSPolicyError {
            answers[address] = .failure(error)
        }
    }

    // A real Bob opens the map, asks its Ursulas through the transport, checks every answer.
    let transport = BobTransport(profiles: profiles, answers: answers)
    let bob = Bob(encryptingKey: bobKey, signer: bobSigner, transport: transport)
    let treasureMap = try bob.decryptTreasureMap(encryptedMap, publisherVerifyingKey: publisherVerifyingKey)
    _ = try parsed(treasureMap.bytes, "TreasureMap", { try TreasureMap(bytes: $0) }, encode: \.bytes)
    for address in answers.keys.sorted() where treasureMap.destinations[address] == nil {
        // Bob asks only the map's Ursulas; a response from anyone else is refused, not ignored.
        throw UrsulaFailure(address: address, underlying: CheckFailure("not a destination of the treasure map"))
    }
    let capsules = kits.map(\.capsule)
    let collected: (capsuleFrags: [[VerifiedCapsuleFrag]], contributors: [Address], faults: [UrsulaFault])
    do {
        collected = try blocking {
            try await bob.collectCapsuleFrags(for: capsules, conditions: conditions, context: context, from: treasureMap)
        }
    } catch let KMSPolicyError.notEnoughHonestUrsulas(threshold, honest, faults) {
        // Bob's own failure: name the first Ursula that answered and was refused by his checks.
        if let fault = faults.first(where: { if case .unreachable = $0.reason { false } else { true } }) {
            throw UrsulaFailure(address: fault.address, underlying: FaultReason(reason: fault.reason), faults: faults)
        }
        throw KMSPolicyError.notEnoughHonestUrsulas(threshold: threshold, honest: honest, faults: faults)
    }
    // Bob has no public decryption of a kit with collected cFrags; this is the call his
    // retrieveAndDecrypt makes, with his encrypting key.
    let plaintexts = try kits.enumerated().map { index, kit in
        try kit.decryptReencrypted(
            receivingKey: bobKey, policyEncryptingKey: treasureMap.policyEncryptingKey,
            capsuleFrags: collected.capsuleFrags[index])
    }
    let sent = try blocking { await transport.sentRequests() }
    var response = JSONObject()
    BobPolicy.describe(treasureMap, into: &response)
    response["plaintexts"] = plaintexts.map { hexString($0) }
    response["contributors"] = collected.contributors.map { hexString($0.bytes) }
    response["faults"] = collected.faults.map(describe)
    response["requests"] = Dictionary(uniqueKeysWithValues: sent.map { (hexString($0.key.bytes), hexString($0.value)) })
    return response
}

// MARK: - Node metadata

func parsedNodes(_ request: Request, _ key: String) throws -> [NodeMetadata] {
    try request.bytesList(key).enumerated().map { index, raw in
        try parsed(raw, "\(key)[\(index)]", { try NodeMetadata(bytes: $0) }, encode: \.bytes)
    }
}

func nodeMetadata(_ request: Request) throws -> JSONObject {
    let signer = Signer(try request.secretKey("signing_secret_key"))
    let timestamp = try request.int("timestamp_epoch")
    let port = try request.int("port")
    guard let timestamp = UInt32(exactly: timestamp), let port = UInt16(exactly: port) else {
        throw RequestError("timestamp_epoch must fit in u32 and port in u16")
    }
    let payload = try NodeMetadataPayload(
        stakingProviderAddress: request.address("staking_provider_address"), domain: request.string("domain"),
        timestampEpoch: timestamp,
        verifyingKey: request.has("verifying_key") ? request.publicKey("verifying_key") : signer.verifyingKey,
        encryptingKey: request.publicKey("encrypting_key"), ferveoPublicKey: request.bytes("ferveo_public_key"),
        certificateDER: request.bytes("certificate_der"), host: request.string("host"), port: port,
        operatorSignature: request.bytes("operator_signature"))
    let node = NodeMetadata(signer: signer, payload: payload)
    _ = try parsed(node.bytes, "NodeMetadata", { try NodeMetadata(bytes: $0) }, encode: \.bytes)
    return [
        "node_metadata": hexString(node.bytes),
        "payload": hexString(payload.bytes),
        "verifying_key": hexString(payload.verifyingKey.compressedBytes),
        "operator_address": hexString(try payload.deriveOperatorAddress().bytes),
        "verifies": node.verify(),
    ]
}

func checkNodes(_ request: Request) throws -> JSONObject {
    let nodes = try parsedNodes(request, "nodes")
    let thisNode = try request.has("this_node")
        ? parsed(request.bytes("this_node"), "this_node", { try NodeMetadata(bytes: $0) }, encode: \.bytes) : nil
    var operatorAddresses = [Any]()
    var operatorErrors = [Any]()
    for node in nodes {
        do {
            operatorAddresses.append(hexString(try node.payload.deriveOperatorAddress().bytes))
            operatorErrors.append(NSNull())
        } catch {
            operatorAddresses.append(NSNull())
            operatorErrors.append(oneLine(String(describing: error)))
        }
    }
    return [
        "verifies": nodes.map { $0.verify() },
        "operator_addresses": operatorAddresses,
        "operator_errors": operatorErrors,
        "staking_provider_addresses": nodes.map { hexString($0.payload.stakingProviderAddress.bytes) },
        "verifying_keys": nodes.map { hexString($0.payload.verifyingKey.compressedBytes) },
        "encrypting_keys": nodes.map { hexString($0.payload.encryptingKey.compressedBytes) },
        "fleet_state_checksum": hexString(FleetStateChecksum(otherNodes: nodes, thisNode: thisNode).bytes),
    ]
}

func metadataRequest(_ request: Request) throws -> JSONObject {
    let checksum = try FleetStateChecksum(bytes: request.bytes("fleet_state_checksum"))
    let made = MetadataRequest(fleetStateChecksum: checksum, announceNodes: try parsedNodes(request, "nodes"))
    return ["bytes": hexString(made.bytes)]
}

func metadataResponse(_ request: Request) throws -> JSONObject {
    let signer = Signer(try request.secretKey("signing_secret_key"))
    guard let timestamp = UInt32(exactly: try request.int("timestamp_epoch")) else {
        throw RequestError("timestamp_epoch must fit in u32")
    }
    let payload = MetadataResponsePayload(timestampEpoch: timestamp, announceNodes: try parsedNodes(request, "nodes"))
    let made = MetadataResponse(signer: signer, payload: payload)
    _ = try parsed(made.bytes, "MetadataResponse", { try MetadataResponse(bytes: $0) }, encode: \.bytes)
    return ["bytes": hexString(made.bytes), "verifying_key": hexString(signer.verifyingKey.compressedBytes)]
}

func verifyMetadataResponse(_ request: Request) throws -> JSONObject {
    let response = try parsed(
        request.bytes("response"), "MetadataResponse", { try MetadataResponse(bytes: $0) }, encode: \.bytes)
    let payload = try response.verify(verifyingKey: request.publicKey("verifying_key"))
    return [
        "timestamp_epoch": Int(payload.timestampEpoch),
        "nodes": payload.announceNodes.map { hexString($0.bytes) },
    ]
}
