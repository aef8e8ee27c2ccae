import FuzzSupport
import FuzzWorld
import KMSPolicy
import UmbralCore

/// Whether `bytes` starts with `kind`'s brand: vector strings that do are seeds for that kind.
private func branded(_ kind: ProtocolObjectKind) -> @Sendable ([UInt8]) -> Bool {
    { $0.starts(with: kind.brand) }
}

/// Parses `bytes` with `parse` and requires the value to re-serialise to exactly `bytes`, as every
/// nucypher-core object here promises (parsing refuses non-canonical MessagePack, extra bytes and
/// anything the reference would re-sort or re-encode). Returns the value for further checks.
private func roundTrip<T>(
    _ name: String, _ bytes: [UInt8], _ parse: ([UInt8]) throws(KMSPolicyError) -> T, _ encode: (T) -> [UInt8]
) -> T? {
    guard let value = try? parse(bytes) else { return nil }
    check(encode(value) == bytes, "\(name) does not re-encode to its input")
    return value
}

/// Every nucypher-core object in KMSPolicy/Objects (and the header and SwiftKMS's Arrangement),
/// each parsed, re-encoded and, where the fixed ``PolicyWorld`` holds the keys, verified or
/// decrypted as its receiver would.
let protocolObjectCases = FuzzCases([
    FuzzCase("ProtocolObjectHeader", seeds: { _ in false }) { bytes in
        guard let header = try? ProtocolObjectHeader(decodingPrefixOf: bytes) else { return }
        check(header.bytes == Array(bytes.prefix(8)), "ProtocolObjectHeader does not re-encode its prefix")
        if let kind = ProtocolObjectKind(brand: header.brand) { _ = try? kind.decodeBody(bytes) }
    },
    FuzzCase("HRAC", seeds: { $0.count == HRAC.byteCount }) { bytes in
        _ = roundTrip("HRAC", bytes, { (b) throws(KMSPolicyError) in try HRAC(bytes: b) }, \.bytes)
    },
    FuzzCase("FleetStateChecksum", seeds: { $0.count == FleetStateChecksum.byteCount }) { bytes in
        _ = roundTrip("FleetStateChecksum", bytes, { (b) throws(KMSPolicyError) in try FleetStateChecksum(bytes: b) }, \.bytes)
    },
    FuzzCase("MessageKit", seeds: branded(.messageKit)) { bytes in
        guard let kit = roundTrip("MessageKit", bytes, { (b) throws(KMSPolicyError) in try MessageKit(bytes: b) }, \.bytes)
        else { return }
        _ = try? kit.decrypt(secretKey: PolicyWorld.shared.delegating)
        _ = RetrievalKit(messageKit: kit).bytes
    },
    FuzzCase("TreasureMap", seeds: branded(.treasureMap)) { bytes in
        _ = roundTrip("TreasureMap", bytes, { (b) throws(KMSPolicyError) in try TreasureMap(bytes: b) }, \.bytes)
    },
    FuzzCase("TreasureMapBare", seeds: { $0.first == 0x95 }) { bytes in
        _ = roundTrip(
            "TreasureMap (bare)", bytes, { (b) throws(KMSPolicyError) in try TreasureMap(messagePackBytes: b) },
            \.messagePackBytes)
    },
    FuzzCase("AuthorizedTreasureMap", seeds: branded(.authorizedTreasureMap)) { bytes in
        let world = PolicyWorld.shared
        guard let map = roundTrip(
            "AuthorizedTreasureMap", bytes, { (b) throws(KMSPolicyError) in try AuthorizedTreasureMap(bytes: b) }, \.bytes)
        else { return }
        _ = try? map.verify(recipientKey: world.bobEncrypting.publicKey, publisherVerifyingKey: world.publisher.verifyingKey)
    },
    FuzzCase("EncryptedTreasureMap", seeds: branded(.encryptedTreasureMap)) { bytes in
        let world = PolicyWorld.shared
        guard let map = roundTrip(
            "EncryptedTreasureMap", bytes, { (b) throws(KMSPolicyError) in try EncryptedTreasureMap(bytes: b) }, \.bytes)
        else { return }
        _ = try? map.decrypt(secretKey: world.bobEncrypting, publisherVerifyingKey: world.publisher.verifyingKey)
    },
    FuzzCase("AuthorizedKeyFrag", seeds: branded(.authorizedKeyFrag)) { bytes in
        let world = PolicyWorld.shared
        guard let kfrag = roundTrip(
            "AuthorizedKeyFrag", bytes, { (b) throws(KMSPolicyError) in try AuthorizedKeyFrag(bytes: b) }, \.bytes)
        else { return }
        _ = try? kfrag.verify(hrac: world.hrac, publisherVerifyingKey: world.publisher.verifyingKey)
    },
    FuzzCase("EncryptedKeyFrag", seeds: branded(.encryptedKeyFrag)) { bytes in
        let world = PolicyWorld.shared
        guard let kfrag = roundTrip(
            "EncryptedKeyFrag", bytes, { (b) throws(KMSPolicyError) in try EncryptedKeyFrag(bytes: b) }, \.bytes)
        else { return }
        check((try? EncryptedKeyFrag(messagePackBytes: kfrag.messagePackBytes)) == kfrag,
              "an EncryptedKeyFrag's bare form does not parse back")
        _ = try? kfrag.decrypt(
            secretKey: world.ursulaEncrypting, hrac: world.hrac, publisherVerifyingKey: world.publisher.verifyingKey)
    },
    FuzzCase("EncryptedKeyFragBare", seeds: { $0.first == 0x92 }) { bytes in
        _ = roundTrip(
            "EncryptedKeyFrag (bare)", bytes, { (b) throws(KMSPolicyError) in try EncryptedKeyFrag(messagePackBytes: b) },
            \.messagePackBytes)
    },
    FuzzCase("ReencryptionRequest", seeds: branded(.reencryptionRequest)) { bytes in
        _ = roundTrip(
            "ReencryptionRequest", bytes, { (b) throws(KMSPolicyError) in try ReencryptionRequest(bytes: b) }, \.bytes)
    },
    FuzzCase("ReencryptionResponse", seeds: branded(.reencryptionResponse)) { bytes in
        let world = PolicyWorld.shared
        guard let response = roundTrip(
            "ReencryptionResponse", bytes, { (b) throws(KMSPolicyError) in try ReencryptionResponse(bytes: b) }, \.bytes)
        else { return }
        _ = try? response.verify(
            capsules: [world.messageKit.capsule], aliceVerifyingKey: world.publisher.verifyingKey,
            ursulaVerifyingKey: world.ursulaSigner.verifyingKey, policyEncryptingKey: world.delegating.publicKey,
            bobEncryptingKey: world.bobEncrypting.publicKey)
    },
    FuzzCase("RetrievalKit", seeds: branded(.retrievalKit)) { bytes in
        _ = roundTrip("RetrievalKit", bytes, { (b) throws(KMSPolicyError) in try RetrievalKit(bytes: b) }, \.bytes)
    },
    FuzzCase("RevocationOrder", seeds: branded(.revocationOrder)) { bytes in
        let world = PolicyWorld.shared
        guard let order = roundTrip(
            "RevocationOrder", bytes, { (b) throws(KMSPolicyError) in try RevocationOrder(bytes: b) }, \.bytes)
        else { return }
        _ = try? order.verify(aliceVerifyingKey: world.publisher.verifyingKey)
    },
    FuzzCase("NodeMetadata", seeds: branded(.nodeMetadata)) { bytes in
        guard let metadata = roundTrip(
            "NodeMetadata", bytes, { (b) throws(KMSPolicyError) in try NodeMetadata(bytes: b) }, \.bytes)
        else { return }
        _ = metadata.verify()
        _ = try? metadata.payload.deriveOperatorAddress()
        _ = FleetStateChecksum(otherNodes: [metadata], thisNode: PolicyWorld.shared.nodeMetadata)
    },
    FuzzCase("NodeMetadataPayload", seeds: { $0.first == 0x9a }) { bytes in
        guard let payload = roundTrip(
            "NodeMetadataPayload", bytes, { (b) throws(KMSPolicyError) in try NodeMetadataPayload(bytes: b) }, \.bytes)
        else { return }
        _ = try? payload.deriveOperatorAddress()
    },
    FuzzCase("MetadataRequest", seeds: branded(.metadataRequest)) { bytes in
        _ = roundTrip("MetadataRequest", bytes, { (b) throws(KMSPolicyError) in try MetadataRequest(bytes: b) }, \.bytes)
    },
    FuzzCase("MetadataResponse", seeds: branded(.metadataResponse)) { bytes in
        guard let response = roundTrip(
            "MetadataResponse", bytes, { (b) throws(KMSPolicyError) in try MetadataResponse(bytes: b) }, \.bytes)
        else { return }
        _ = try? response.verify(verifyingKey: PolicyWorld.shared.ursulaSigner.verifyingKey)
    },
    FuzzCase("MetadataResponsePayload", seeds: { $0.first == 0x92 }) { bytes in
        _ = roundTrip(
            "MetadataResponsePayload", bytes,
            { (b) throws(KMSPolicyError) in try MetadataResponsePayload(bytes: b) }, \.bytes)
    },
    FuzzCase("Arrangement", seeds: branded(.arrangement)) { bytes in
        _ = roundTrip("Arrangement", bytes, { (b) throws(KMSPolicyError) in try Arrangement(bytes: b) }, \.bytes)
    },
])

/// The world's objects, valid for its keys, seeded in addition to the vectors.
func protocolObjectWorldSeeds() -> [(String, [UInt8])] {
    let world = PolicyWorld.shared
    let payload = world.metadataResponse
    return [
        ("ProtocolObjectHeader", world.messageKit.bytes),
        ("HRAC", world.hrac.bytes),
        ("FleetStateChecksum", world.metadataRequest.fleetStateChecksum.bytes),
        ("MessageKit", world.messageKit.bytes),
        ("TreasureMap", world.treasureMap.bytes),
        ("TreasureMapBare", world.treasureMap.messagePackBytes),
        ("AuthorizedTreasureMap", world.authorizedTreasureMap.bytes),
        ("EncryptedTreasureMap", world.encryptedTreasureMap.bytes),
        ("AuthorizedKeyFrag", world.authorizedKeyFrag.bytes),
        ("EncryptedKeyFrag", world.encryptedKeyFrag.bytes),
        ("EncryptedKeyFragBare", world.encryptedKeyFrag.messagePackBytes),
        ("ReencryptionRequest", world.reencryptionRequest.bytes),
        ("ReencryptionResponse", world.reencryptionResponse.bytes),
        ("RetrievalKit", world.retrievalKit.bytes),
        ("RevocationOrder", world.revocationOrder.bytes),
        ("NodeMetadata", world.nodeMetadata.bytes),
        ("NodeMetadataPayload", world.nodeMetadata.payload.bytes),
        ("MetadataRequest", world.metadataRequest.bytes),
        ("MetadataResponse", payload.bytes),
        ("MetadataResponsePayload", MetadataResponsePayload(timestampEpoch: 1, announceNodes: [world.nodeMetadata]).bytes),
        ("Arrangement", world.arrangement.bytes),
    ]
}
