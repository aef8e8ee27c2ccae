public import UmbralCore

/// Where a policy's kFrags are and how many Bob needs (`TMap` 3.0).
///
/// Alice builds it when she grants a policy: for each chosen Ursula, named by her staking-provider
/// ``Address``, an ``EncryptedKeyFrag`` that only that Ursula can open. She then encrypts the map
/// for Bob (``encrypt(signer:recipientKey:)``). Bob decrypts it (``EncryptedTreasureMap/decrypt(secretKey:publisherVerifyingKey:)``)
/// and sends each Ursula her encrypted kFrag along with his capsules, until ``threshold`` of them
/// have answered.
///
/// The map itself carries no signature: each kFrag is signed inside its encryption, and the map as
/// a whole by the ``AuthorizedTreasureMap`` that wraps it for Bob.
///
/// Wire form: header, then `[threshold: u8, hrac: bin16, destinations: {bin20 address →
/// EncryptedKeyFrag (bare)}, policy_encrypting_key: bin33, publisher_verifying_key: bin33]`, with
/// the map keys in ascending byte order. Inside an ``AuthorizedTreasureMap`` it appears bare.
///
/// Every value satisfies 1 ≤ ``threshold`` ≤ `destinations.count`. Parsing is stricter than
/// nucypher-core 0.16, which accepts and re-sorts or de-duplicates its input: destination keys
/// out of order or repeated, a threshold of 0 or above the number of destinations, extra bytes,
/// non-canonical MessagePack and uncompressed keys are all refused.
public struct TreasureMap: Hashable, Sendable {
    /// How many Ursulas' cFrags Bob needs to decrypt, 1 ≤ threshold ≤ `destinations.count`.
    public let threshold: Int

    /// The policy's ``HRAC``, which Bob quotes to every Ursula.
    public let hrac: HRAC

    /// Each Ursula's kFrag, encrypted for her, by her staking-provider address.
    public let destinations: [Address: EncryptedKeyFrag]

    /// The policy's public key, which data for the policy is encrypted under.
    public let policyEncryptingKey: PublicKey

    /// Alice's publisher verifying key, which signed every kFrag in the map.
    public let publisherVerifyingKey: PublicKey

    /// Alice builds the map, signing and encrypting each kFrag for its Ursula, with the system's
    /// secure random generator.
    ///
    /// - Parameters:
    ///   - signer: Alice's publisher signer; its verifying key becomes ``publisherVerifyingKey``.
    ///   - hrac: The policy's ``HRAC``.
    ///   - policyEncryptingKey: The policy's public key (the delegating key of the kFrags).
    ///   - assignedKeyFrags: For each Ursula's staking-provider address, her encrypting key and
    ///     the kFrag she will hold.
    ///   - threshold: How many cFrags Bob will need: 1 ≤ threshold ≤ the number of Ursulas, and
    ///     at most 255.
    /// - Throws: ``KMSPolicyError/invalidThreshold(threshold:destinations:)``, or
    ///   ``KMSPolicyError/encryptionFailed(object:_:)`` if the random source or backend fails.
    public init(
        signer: Signer, hrac: HRAC, policyEncryptingKey: PublicKey,
        assignedKeyFrags: [Address: (PublicKey, VerifiedKeyFrag)], threshold: Int
    ) throws(KMSPolicyError) {
        var rng = SystemRandom()
        try self.init(
            signer: signer, hrac: hrac, policyEncryptingKey: policyEncryptingKey,
            assignedKeyFrags: assignedKeyFrags, threshold: threshold, using: &rng)
    }

    /// ``init(signer:hrac:policyEncryptingKey:assignedKeyFrags:threshold:)`` with randomness from `rng`.
    public init(
        signer: Signer, hrac: HRAC, policyEncryptingKey: PublicKey,
        assignedKeyFrags: [Address: (PublicKey, VerifiedKeyFrag)], threshold: Int,
        using rng: inout some RandomNumberGenerator
    ) throws(KMSPolicyError) {
        try Self.checkThreshold(threshold, destinations: assignedKeyFrags.count)
        var destinations = [Address: EncryptedKeyFrag](minimumCapacity: assignedKeyFrags.count)
        // Sorted so that a seeded generator gives the same map whatever the dictionary's order.
        for (address, (ursulaKey, keyFrag)) in assignedKeyFrags.sorted(by: { $0.key < $1.key }) {
            destinations[address] = try EncryptedKeyFrag(
                signer: signer, recipientKey: ursulaKey, hrac: hrac, keyFrag: keyFrag, using: &rng)
        }
        self.init(
            threshold: threshold, hrac: hrac, destinations: destinations,
            policyEncryptingKey: policyEncryptingKey, publisherVerifyingKey: signer.verifyingKey)
    }

    private init(
        threshold: Int, hrac: HRAC, destinations: [Address: EncryptedKeyFrag], policyEncryptingKey: PublicKey,
        publisherVerifyingKey: PublicKey
    ) {
        self.threshold = threshold
        self.hrac = hrac
        self.destinations = destinations
        self.policyEncryptingKey = policyEncryptingKey
        self.publisherVerifyingKey = publisherVerifyingKey
    }

    private static func checkThreshold(_ threshold: Int, destinations: Int) throws(KMSPolicyError) {
        guard threshold >= 1, threshold <= destinations, threshold <= Int(UInt8.max) else {
            throw .invalidThreshold(threshold: threshold, destinations: destinations)
        }
    }

    /// Reads the headered bytes (`TMap` 3.0).
    ///
    /// - Throws: a header error from ``ProtocolObjectKind/decodeBody(_:)``;
    ///   ``KMSPolicyError/malformedBody(object:_:)`` for MessagePack that is malformed,
    ///   non-canonical, shaped wrongly (including a threshold above 255 or negative) or followed by
    ///   extra bytes; ``KMSPolicyError/invalidUmbralValue(object:field:_:)`` for a capsule or key
    ///   that does not parse; ``KMSPolicyError/addressesNotStrictlyAscending(object:index:)`` for
    ///   destinations out of order or repeated; ``KMSPolicyError/invalidThreshold(threshold:destinations:)``.
    public init(bytes: some Collection<UInt8>) throws(KMSPolicyError) {
        self = try BodyFieldReader.decode(.treasureMap, from: bytes, object: "TreasureMap") {
            (fields) throws(KMSPolicyError) in
            try fields.structHeader(count: 5)
            return try TreasureMap(readingFieldsOf: &fields)
        }
    }

    /// Reads the bare form (no header), which must fill `messagePackBytes` exactly.
    ///
    /// - Throws: as ``init(bytes:)``, without the header errors.
    public init(messagePackBytes: [UInt8]) throws(KMSPolicyError) {
        self = try BodyFieldReader.decodeBare(messagePackBytes, object: "TreasureMap") {
            (fields) throws(KMSPolicyError) in
            try fields.structHeader(count: 5)
            return try TreasureMap(readingFieldsOf: &fields)
        }
    }

    /// Reads a bare treasure map nested in another object's body; `field` labels errors.
    init(reading fields: inout BodyFieldReader, field: String) throws(KMSPolicyError) {
        try fields.arrayHeader(count: 5, field: field)
        try self.init(readingFieldsOf: &fields)
    }

    /// Reads the five fields that follow the struct header.
    private init(readingFieldsOf fields: inout BodyFieldReader) throws(KMSPolicyError) {
        let threshold = try fields.integer(UInt8.self, field: "threshold")
        let hrac = try HRAC(reading: &fields, field: "hrac")
        let count = try fields.mapHeader(field: "destinations")
        var destinations = [Address: EncryptedKeyFrag](minimumCapacity: count)
        var previous: Address?
        for index in 0..<count {
            let address = try Address(reading: &fields, field: "destinations key \(index)")
            // Strictly ascending keys are the only form the reference writes; anything else it
            // would silently re-sort or collapse, so the bytes could not round-trip.
            if let previous, !(previous < address) {
                throw .addressesNotStrictlyAscending(object: fields.object, index: index)
            }
            destinations[address] = try EncryptedKeyFrag(reading: &fields, field: "destinations[\(address)]")
            previous = address
        }
        let policyEncryptingKey = try fields.publicKey(field: "policy_encrypting_key")
        let publisherVerifyingKey = try fields.publicKey(field: "publisher_verifying_key")
        try Self.checkThreshold(Int(threshold), destinations: count)
        self.init(
            threshold: Int(threshold), hrac: hrac, destinations: destinations,
            policyEncryptingKey: policyEncryptingKey, publisherVerifyingKey: publisherVerifyingKey)
    }

    /// The headered bytes, exactly as nucypher-core 0.16 writes them.
    public var bytes: [UInt8] {
        ProtocolObjectKind.treasureMap.encode(body: messagePackBytes)
    }

    /// The bare MessagePack form, without the header, as nested in an ``AuthorizedTreasureMap``.
    public var messagePackBytes: [UInt8] {
        var body = BodyFieldWriter(reservingCapacity: 110 + 560 * destinations.count)
        write(to: &body)
        return body.bytes
    }

    /// Appends the bare form to an enclosing object's body, destinations in ascending key order.
    func write(to body: inout BodyFieldWriter) {
        body.arrayHeader(5)
        body.integer(UInt8(threshold))
        body.binary(hrac.bytes)
        body.mapHeader(destinations.count)
        for (address, encryptedKeyFrag) in destinations.sorted(by: { $0.key < $1.key }) {
            body.binary(address.bytes)
            encryptedKeyFrag.write(to: &body)
        }
        body.binary(policyEncryptingKey.compressedBytes)
        body.binary(publisherVerifyingKey.compressedBytes)
    }

    /// Alice signs the map for Bob and encrypts it to his encrypting key, with the system's secure
    /// random generator.
    ///
    /// - Parameters:
    ///   - signer: Alice's publisher signer.
    ///   - recipientKey: Bob's **encrypting** public key (the HRAC used his verifying key).
    /// - Throws: ``KMSPolicyError/encryptionFailed(object:_:)`` only if the random source or the
    ///   crypto backend fails.
    public func encrypt(signer: Signer, recipientKey: PublicKey) throws(KMSPolicyError) -> EncryptedTreasureMap {
        var rng = SystemRandom()
        return try encrypt(signer: signer, recipientKey: recipientKey, using: &rng)
    }

    /// ``encrypt(signer:recipientKey:)`` with randomness from `rng`.
    public func encrypt(
        signer: Signer, recipientKey: PublicKey, using rng: inout some RandomNumberGenerator
    ) throws(KMSPolicyError) -> EncryptedTreasureMap {
        try EncryptedTreasureMap(signer: signer, recipientKey: recipientKey, treasureMap: self, using: &rng)
    }
}
