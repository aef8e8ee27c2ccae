public import UmbralCore

/// What Bob keeps while he collects cFrags for one ``MessageKit`` (`RKit` 3.0): its capsule,
/// the Ursulas he has already asked, and its conditions.
///
/// Bob makes it with ``init(messageKit:)`` (no Ursula asked yet) and updates it as answers
/// arrive, so a retrieval can be resumed later without the ciphertext. Only Bob reads it; no
/// cryptography is involved.
///
/// Wire form: header, then `[capsule, queried_addresses: [bin20…], conditions: nil|str]`, the
/// addresses strictly ascending (the reference's `BTreeSet`). Parsing refuses addresses out of
/// order or repeated, which the reference silently re-sorts and de-duplicates, as well as bytes
/// after the body and non-canonical MessagePack.
public struct RetrievalKit: Sendable, Hashable {
    /// The capsule to have re-encrypted.
    public let capsule: Capsule

    /// The staking-provider addresses of the Ursulas already asked, ascending, without repeats.
    public let queriedAddresses: [Address]

    /// The message kit's access conditions, usually JSON; not parsed here.
    public let conditions: String?

    /// A kit for `capsule` that records `queriedAddresses` (sorted and de-duplicated here, as the
    /// reference's set does) and `conditions`.
    public init(capsule: Capsule, queriedAddresses: some Sequence<Address>, conditions: String?) {
        self.capsule = capsule
        self.queriedAddresses = Array(Set(queriedAddresses)).sorted()
        self.conditions = conditions
    }

    /// Bob starts retrieving `messageKit`: its capsule and conditions, with no Ursula asked yet.
    public init(messageKit: MessageKit) {
        self.init(capsule: messageKit.capsule, queriedAddresses: [], conditions: messageKit.conditions)
    }

    /// Reads the headered bytes (`RKit` 3.0).
    ///
    /// - Throws: a header error from ``ProtocolObjectKind/decodeBody(_:)``,
    ///   ``KMSPolicyError/malformedBody(object:_:)`` for MessagePack that is malformed,
    ///   non-canonical, shaped wrongly (an address that is not 20 bytes) or followed by extra
    ///   bytes, ``KMSPolicyError/invalidUmbralValue(object:field:_:)`` for a capsule that does
    ///   not parse, and ``KMSPolicyError/addressesNotStrictlyAscending(object:index:)``.
    public init(bytes: some Collection<UInt8>) throws(KMSPolicyError) {
        self = try BodyFieldReader.decode(.retrievalKit, from: bytes, object: "RetrievalKit") {
            (fields) throws(KMSPolicyError) in
            try fields.structHeader(count: 3)
            let capsule = try fields.capsule(field: "capsule")
            let count = try fields.arrayHeader(field: "queried_addresses")
            var addresses: [Address] = []
            addresses.reserveCapacity(count)
            for index in 0..<count {
                let address = try Address(reading: &fields, field: "queried_addresses[\(index)]")
                if let previous = addresses.last, !(previous < address) {
                    throw .addressesNotStrictlyAscending(object: "RetrievalKit", index: index)
                }
                addresses.append(address)
            }
            let conditions = try fields.optionalString(field: "conditions")
            return RetrievalKit(capsule: capsule, sortedAddresses: addresses, conditions: conditions)
        }
    }

    private init(capsule: Capsule, sortedAddresses: [Address], conditions: String?) {
        self.capsule = capsule
        self.queriedAddresses = sortedAddresses
        self.conditions = conditions
    }

    /// The headered bytes, exactly as nucypher-core 0.16 writes them.
    public var bytes: [UInt8] {
        var body = BodyFieldWriter(reservingCapacity: 120 + 22 * queriedAddresses.count + (conditions?.utf8.count ?? 0))
        body.arrayHeader(3)
        body.encoded(capsule.messagePackBytes)
        body.arrayHeader(queriedAddresses.count)
        for address in queriedAddresses { body.binary(address.bytes) }
        body.optionalString(conditions)
        return ProtocolObjectKind.retrievalKit.encode(body: body.bytes)
    }
}
