public import KMSPolicy
public import UmbralCore

extension CapsuleFragEvidence {
    /// Evidence against a misbehaving Ursula, made with real Umbral operations: a fresh Alice
    /// delegates to a fresh Bob, the Ursula re-encrypts one capsule correctly and hands that same
    /// cFrag back as the answer for a second capsule, signing the response with her key.
    ///
    /// The second cFrag fails its correctness proof, as Bob's check finds; simulations use this
    /// to play an Ursula who cheats.
    ///
    /// - Parameters:
    ///   - ursula: The cheating Ursula's staking address.
    ///   - signer: Her signer, whose verifying key she published on the chain.
    ///   - rng: The randomness for every key and encryption.
    /// - Returns: Evidence whose cFrag at index 1 is bad.
    /// - Throws: ``KMSContractsError/malformedEvidence(reason:)`` if an Umbral step fails.
    public static func swappedCapsuleFrag(
        by ursula: Address, signer: Signer, using rng: inout some RandomNumberGenerator
    ) throws(KMSContractsError) -> CapsuleFragEvidence {
        let aliceSigner = Signer(SecretKey.random(using: &rng))
        let delegating = SecretKey.random(using: &rng)
        let bob = SecretKey.random(using: &rng)
        do throws(UmbralError) {
            let keyFrag = try Umbral.generateKeyFrags(
                delegating: delegating, receiving: bob.publicKey, signer: aliceSigner, threshold: 1, shares: 1,
                using: &rng)[0]
            let first = try Umbral.encrypt(Array("first".utf8), for: delegating.publicKey, using: &rng).capsule
            let second = try Umbral.encrypt(Array("second".utf8), for: delegating.publicKey, using: &rng).capsule
            let capsuleFrag = Umbral.reencrypt(first, with: keyFrag)
            let response = ReencryptionResponse(
                signer: signer,
                capsulesAndVerifiedCapsuleFrags: [(capsule: first, capsuleFrag: capsuleFrag), (capsule: second, capsuleFrag: capsuleFrag)])
            return CapsuleFragEvidence(
                ursula: ursula, capsules: [first, second], response: response, index: 1,
                aliceVerifyingKey: aliceSigner.verifyingKey, policyEncryptingKey: delegating.publicKey,
                bobEncryptingKey: bob.publicKey)
        } catch {
            throw .malformedEvidence(reason: "could not forge evidence: \(error)")
        }
    }
}
