public import KMSPolicy
public import UmbralCore

/// Bob's evidence that an Ursula returned a bad cFrag: her signed re-encryption response, the
/// capsules he sent, which cFrag failed, and the keys it was checked against.
///
/// It is what Bob holds when `ReencryptionResponse/verify(capsules:aliceVerifyingKey:ursulaVerifyingKey:policyEncryptingKey:bobEncryptingKey:)`
/// fails with `KMSPolicyError/invalidCapsuleFrag(index:_:)`. Ursula's signature over the
/// response ties the cFrag to her; the kFrag signature inside the cFrag, made by Alice over both
/// public keys, ties the keys to the policy, so Bob cannot frame an Ursula with the wrong keys.
public struct CapsuleFragEvidence: Hashable, Sendable {
    /// The accused Ursula's staking address (the miner).
    public let ursula: Address
    /// The capsules of Bob's request, in order.
    public let capsules: [Capsule]
    /// Ursula's signed response.
    public let response: ReencryptionResponse
    /// The position of the bad cFrag.
    public let index: Int
    /// Alice's (the publisher's) verifying key.
    public let aliceVerifyingKey: PublicKey
    /// The policy's encrypting (delegating) public key.
    public let policyEncryptingKey: PublicKey
    /// Bob's encrypting (receiving) public key.
    public let bobEncryptingKey: PublicKey

    /// Evidence from its parts.
    ///
    /// - Parameters:
    ///   - ursula: The accused Ursula's staking address.
    ///   - capsules: The capsules Bob sent.
    ///   - response: Ursula's signed response to them.
    ///   - index: Which cFrag failed.
    ///   - aliceVerifyingKey: Alice's verifying key.
    ///   - policyEncryptingKey: The policy's public key.
    ///   - bobEncryptingKey: Bob's encrypting key.
    public init(
        ursula: Address, capsules: [Capsule], response: ReencryptionResponse, index: Int,
        aliceVerifyingKey: PublicKey, policyEncryptingKey: PublicKey, bobEncryptingKey: PublicKey
    ) {
        self.ursula = ursula
        self.capsules = capsules
        self.response = response
        self.index = index
        self.aliceVerifyingKey = aliceVerifyingKey
        self.policyEncryptingKey = policyEncryptingKey
        self.bobEncryptingKey = bobEncryptingKey
    }

    /// Keccak-256 of the capsule and the cFrag in question (their MessagePack forms), in hex:
    /// the key under which the adjudicator remembers it judged them.
    public var evidenceHash: String {
        guard capsules.indices.contains(index), response.capsuleFrags.indices.contains(index) else { return "" }
        let digest = Keccak256.hash(capsules[index].messagePackBytes + response.capsuleFrags[index].messagePackBytes)
        let digits = Array("0123456789abcdef")
        return String(digest.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0f)]] })
    }
}
