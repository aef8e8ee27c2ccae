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

func aliceGrant(_ request: Request) throws -> JSONObject {
    let bobEncryptingKey = try request.publicKey("bob_encrypting_key")
    let bobVerifyingKey = try request.publicKey("bob_verifying_key")
    let label = try request.bytes("label")
    let threshold = try request.int("threshold")
    let ursulas = try request.objects("ursulas")
    let signDelegating = try request.bool("sign_delegating_key", default: true)
    let signReceiving = try request.bool("sign_receiving_key", default: true)

    let policyKey = SecretKey.random()
    let publisherKey = SecretKey.random()
    let publisher = Signer(publisherKey)
    let keyFrags = try Umbral.generateKeyFrags(
        delegating: policyKey, receiving: bobEncryptingKey, signer: publisher, threshold: threshold,
        shares: ursulas.count, signDelegatingKey: signDelegating, signReceivingKey: signReceiving)
    let hrac = HRAC(publisherVerifyingKey: publisher.verifyingKey, bobVerifyingKey: bobVerifyingKey, label: label)

    var assigned = [Address: (PublicKey, VerifiedKeyFrag)]()
    var addresses = [Address]()
    for (index, (ursula, keyFrag)) in zip(ursulas, keyFrags).enumerated() {
        let address = try ursula.address("address")
        guard assigned[address] == nil else { throw RequestError("ursulas[\(index)]: repeated address") }
        assigned[address] = (try ursula.publicKey("encrypting_key"), keyFrag)
        addresses.append(address)
    }
    let treasureMap = try TreasureMap(
        signer: publisher, hrac: hrac, policyEncryptingKey: policyKey.publicKey, assignedKeyFrags: assigned,
        threshold: threshold)
    _ = try parsed(treasureMap.bytes, "TreasureMap", { try TreasureMap(bytes: $0) }, encode: \.bytes)
    let encryptedMap = try treasureMap.encrypt(signer: publisher, recipientKey: bobEncryptingKey)
    _ = try parsed(encryptedMap.bytes, "EncryptedTreasureMap", { try EncryptedTreasureMap(bytes: $0) }, encode: \.bytes)
    let orders = treasureMap.destinations.sorted { $0.key < $1.key }.map {
        RevocationOrder(signer: publisher, stakingProviderAddress: $0.key, encryptedKeyFrag: $0.value)
    }

    var response = JSONObject()
    describe(policyKey, as: "policy", into: &response)
    describe(publisherKey, as: "publisher", into: &response)
    response["hrac"] = hexString(hrac.bytes)
    response["kfrags"] = keyFrags.map { hexString($0.messagePackBytes) }
    response["treasure_map"] = hexString(treasureMap.bytes)
    response["encrypted_treasure_map"] = hexString(encryptedMap.bytes)
    response["encrypted_kfrags"] = try addresses.map { address in
        guard let encrypted = treasureMap.destinations[address] else { throw CheckFailure("no kFrag for \(address)") }
        return hexString(encrypted.bytes)
    }
    response["revocation_orders"] = orders.map { hexString($0.bytes) }
    return response
}

// MARK: - Enrico

func enricoEncrypt(_ request: Request) throws -> JSONObject {
    let kit = try MessageKit(
        policyEncryptingKey: request.publicKey("policy_encrypting_key"), plaintext: request.bytes("plaintext"),
        conditions: request.optionalString("conditions"))
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

func ursulaReencrypt(_ request: Request) throws -> JSONObject {
    let encryptingKey = try request.secretKey("encrypting_secret_key")
    let signer = Signer(try request.secretKey("signing_secret_key"))
    let reencryptionRequest = try parsed(
        request.bytes("request"), "ReencryptionRequest", { try ReencryptionRequest(bytes: $0) }, encode: \.bytes)
    let keyFrag = try reencryptionRequest.encryptedKeyFrag.decrypt(
        secretKey: encryptingKey, hrac: reencryptionRequest.hrac,
        publisherVerifyingKey: reencryptionRequest.publisherVerifyingKey)
    let pairs = reencryptionRequest.capsules.map { capsule in
        (capsule: capsule, capsuleFrag: Umbral.reencrypt(capsule, with: keyFrag))
    }
    let response = ReencryptionResponse(signer: signer, capsulesAndVerifiedCapsuleFrags: pairs)
    _ = try parsed(response.bytes, "ReencryptionResponse", { try ReencryptionResponse(bytes: $0) }, encode: \.bytes)
    return [
        "response": hexString(response.bytes),
        "verifying_key": hexString(signer.verifyingKey.compressedBytes),
        "kfrag": hexString(keyFrag.messagePackBytes),
        "hrac": hexString(reencryptionRequest.hrac.bytes),
        "capsules": reencryptionRequest.capsules.count,
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
    let policy = try BobPolicy(request)
    let kits = try messageKits(request)
    let capsules = kits.map(\.capsule)
    let responses = try request.objects("responses")
    var capsuleFrags = Array(repeating: [VerifiedCapsuleFrag](), count: kits.count)
    for entry in responses {
        let address = try entry.address("address")
        do {
            _ = try policy.encryptedKeyFrag(for: address)
            let response = try parsed(
                entry.bytes("response"), "ReencryptionResponse", { try ReencryptionResponse(bytes: $0) },
                encode: \.bytes)
            let verified = try response.verify(
                capsules: capsules, aliceVerifyingKey: policy.publisherVerifyingKey,
                ursulaVerifyingKey: entry.publicKey("verifying_key"),
                policyEncryptingKey: policy.treasureMap.policyEncryptingKey, bobEncryptingKey: policy.bob.publicKey)
            for (index, capsuleFrag) in verified.enumerated() { capsuleFrags[index].append(capsuleFrag) }
        } catch let failure as UrsulaFailure {
            throw failure
        } catch {
            throw UrsulaFailure(address: address, underlying: error)
        }
    }
    guard responses.count >= policy.treasureMap.threshold else {
        throw CheckFailure(
            "\(responses.count) verified response(s), but the policy's threshold is \(policy.treasureMap.threshold)")
    }
    let plaintexts = try kits.enumerated().map { index, kit in
        try kit.decryptReencrypted(
            receivingKey: policy.bob, policyEncryptingKey: policy.treasureMap.policyEncryptingKey,
            capsuleFrags: capsuleFrags[index])
    }
    var response = JSONObject()
    policy.describe(into: &response)
    response["plaintexts"] = plaintexts.map { hexString($0) }
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
