public import UmbralCore

/// Alice's signed instruction to one Ursula to drop the kFrag she holds for a policy
/// (`Revo` 3.0).
///
/// Alice makes one per Ursula of a policy, quoting the ``EncryptedKeyFrag`` that the
/// ``TreasureMap`` holds for that Ursula's staking-provider address. The Ursula reads it, checks
/// it with ``verify(aliceVerifyingKey:)`` against the publisher key of the policy, and deletes
/// the kFrag it names.
///
/// Wire form: header, then `[staking_provider_address: bin20, encrypted_kfrag: EncryptedKeyFrag
/// (bare), signature: bin64]`. The signature covers the address followed by the **headered**
/// `EKFr` bytes (see ``signedMessage(stakingProviderAddress:encryptedKeyFrag:)``). Parsing refuses
/// bytes after the body, non-canonical MessagePack and high-S signatures; the reference accepts
/// all three (a high-S signature then fails to verify).
public struct RevocationOrder: Sendable, Hashable {
    /// The staking-provider address of the Ursula that should drop the kFrag.
    public let stakingProviderAddress: Address

    /// The kFrag to drop, as the treasure map holds it.
    public let encryptedKeyFrag: EncryptedKeyFrag

    /// Alice's signature over ``signedMessage(stakingProviderAddress:encryptedKeyFrag:)``.
    public let signature: Signature

    /// Alice revokes the kFrag `encryptedKeyFrag` held by the Ursula at `stakingProviderAddress`.
    ///
    /// - Parameters:
    ///   - signer: Alice's publisher signer, the one that signed the policy's kFrags.
    ///   - stakingProviderAddress: The address the treasure map files the kFrag under.
    ///   - encryptedKeyFrag: The kFrag, as the treasure map holds it.
    public init(signer: Signer, stakingProviderAddress: Address, encryptedKeyFrag: EncryptedKeyFrag) {
        self.stakingProviderAddress = stakingProviderAddress
        self.encryptedKeyFrag = encryptedKeyFrag
        self.signature = signer.sign(
            Self.signedMessage(stakingProviderAddress: stakingProviderAddress, encryptedKeyFrag: encryptedKeyFrag))
    }

    /// Reads the headered bytes (`Revo` 3.0).
    ///
    /// - Throws: a header error from ``ProtocolObjectKind/decodeBody(_:)``,
    ///   ``KMSPolicyError/malformedBody(object:_:)`` for MessagePack that is malformed,
    ///   non-canonical, shaped wrongly (an address that is not 20 bytes) or followed by extra
    ///   bytes, and ``KMSPolicyError/invalidUmbralValue(object:field:_:)`` for a capsule or
    ///   signature that does not parse.
    public init(bytes: some Collection<UInt8>) throws(KMSPolicyError) {
        self = try BodyFieldReader.decode(.revocationOrder, from: bytes, object: "RevocationOrder") {
            (fields) throws(KMSPolicyError) in
            try fields.structHeader(count: 3)
            return RevocationOrder(
                stakingProviderAddress: try Address(reading: &fields, field: "staking_provider_address"),
                encryptedKeyFrag: try EncryptedKeyFrag(reading: &fields, field: "encrypted_kfrag"),
                signature: try fields.signature(field: "signature"))
        }
    }

    private init(stakingProviderAddress: Address, encryptedKeyFrag: EncryptedKeyFrag, signature: Signature) {
        self.stakingProviderAddress = stakingProviderAddress
        self.encryptedKeyFrag = encryptedKeyFrag
        self.signature = signature
    }

    /// The headered bytes, exactly as nucypher-core 0.16 writes them.
    public var bytes: [UInt8] {
        var body = BodyFieldWriter(reservingCapacity: 100 + 109 + encryptedKeyFrag.ciphertext.count)
        body.arrayHeader(3)
        body.binary(stakingProviderAddress.bytes)
        encryptedKeyFrag.write(to: &body)
        body.binary(signature.bytes)
        return ProtocolObjectKind.revocationOrder.encode(body: body.bytes)
    }

    /// The message Alice signs: the 20 address bytes followed by the kFrag's headered
    /// ``EncryptedKeyFrag/bytes`` (`EKFr` 0003 0000 ‖ body), not its bare nested form.
    public static func signedMessage(stakingProviderAddress: Address, encryptedKeyFrag: EncryptedKeyFrag) -> [UInt8] {
        stakingProviderAddress.bytes + encryptedKeyFrag.bytes
    }

    /// The Ursula checks that Alice signed the order and learns what to drop.
    ///
    /// - Parameter aliceVerifyingKey: The policy's publisher verifying key.
    /// - Returns: The staking-provider address and the kFrag to drop.
    /// - Throws: ``KMSPolicyError/invalidRevocationOrderSignature``.
    public func verify(aliceVerifyingKey: PublicKey) throws(KMSPolicyError) -> (Address, EncryptedKeyFrag) {
        let message = Self.signedMessage(stakingProviderAddress: stakingProviderAddress, encryptedKeyFrag: encryptedKeyFrag)
        guard signature.verify(message, with: aliceVerifyingKey) else { throw .invalidRevocationOrderSignature }
        return (stakingProviderAddress, encryptedKeyFrag)
    }
}
