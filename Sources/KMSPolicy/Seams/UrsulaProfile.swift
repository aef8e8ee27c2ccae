public import UmbralCore

/// What everyone else knows about one Ursula: her staking-provider address and her two public keys.
///
/// Alice seals each kFrag to an Ursula's ``encryptingKey`` and files it in the treasure map under
/// her ``stakingProviderAddress``; Bob checks the signature on her re-encryption responses with her
/// ``verifyingKey``. In the deployed network these three come from her signed ``NodeMetadata``; a
/// ``PolicyTransport`` hands them out through ``PolicyTransport/profile(of:)``.
public struct UrsulaProfile: Hashable, Sendable, CustomStringConvertible {
    /// The staking provider's address, which names this Ursula in treasure maps and revocations.
    public let stakingProviderAddress: Address

    /// The key Alice encrypts this Ursula's kFrag to.
    public let encryptingKey: PublicKey

    /// The key that checks this Ursula's signatures on re-encryption responses.
    public let verifyingKey: PublicKey

    /// A profile from its three parts.
    ///
    /// - Parameters:
    ///   - stakingProviderAddress: The address that names the Ursula.
    ///   - encryptingKey: Her Umbral encrypting public key.
    ///   - verifyingKey: Her Umbral verifying (signing) public key.
    public init(stakingProviderAddress: Address, encryptingKey: PublicKey, verifyingKey: PublicKey) {
        self.stakingProviderAddress = stakingProviderAddress
        self.encryptingKey = encryptingKey
        self.verifyingKey = verifyingKey
    }

    /// The profile a node announces in its metadata; the signature is not checked here.
    ///
    /// - Parameter nodeMetadata: The node's metadata; call ``NodeMetadata/verify()`` first.
    public init(nodeMetadata: NodeMetadata) {
        self.init(
            stakingProviderAddress: nodeMetadata.payload.stakingProviderAddress,
            encryptingKey: nodeMetadata.payload.encryptingKey,
            verifyingKey: nodeMetadata.payload.verifyingKey)
    }

    /// `Ursula(` and her checksummed address `)`.
    public var description: String {
        "Ursula(\(stakingProviderAddress))"
    }
}
