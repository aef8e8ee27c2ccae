extension Umbral {
    /// What an Ursula does for Bob: transforms `capsule` with her kFrag into a cFrag, with a proof
    /// that she used the key share Alice committed to.
    ///
    /// Takes only a ``VerifiedKeyFrag``: an Ursula verifies what Alice sent before using it.
    ///
    /// - Parameters:
    ///   - capsule: The capsule Bob asks about; it self-verified when it was parsed.
    ///   - keyFrag: This Ursula's kFrag from Alice.
    /// - Returns: The cFrag for Bob, who checks it with
    ///   ``CapsuleFrag/verify(capsule:verifyingKey:delegatingKey:receivingKey:)``.
    public static func reencrypt(_ capsule: Capsule, with keyFrag: VerifiedKeyFrag) -> VerifiedCapsuleFrag {
        var rng = SystemRandom()
        return reencrypt(capsule, with: keyFrag, using: &rng)
    }

    /// Transforms `capsule` into a cFrag, as ``reencrypt(_:with:)`` does, with the proof's nonce
    /// drawn from `rng`.
    ///
    /// Exists so known-answer and property tests can reproduce a cFrag exactly.
    ///
    /// - Parameters:
    ///   - capsule: The capsule Bob asks about; it self-verified when it was parsed.
    ///   - keyFrag: This Ursula's kFrag from Alice.
    ///   - rng: The source of the proof's nonce t. It must be cryptographically secure outside
    ///     tests: whoever can predict it and sees the cFrag can compute this Ursula's key share.
    /// - Returns: The cFrag for Bob, who checks it with
    ///   ``CapsuleFrag/verify(capsule:verifyingKey:delegatingKey:receivingKey:)``.
    public static func reencrypt(
        _ capsule: Capsule, with keyFrag: VerifiedKeyFrag, using rng: inout some RandomNumberGenerator
    ) -> VerifiedCapsuleFrag {
        let kfrag = keyFrag.unverified
        let rk = kfrag.key
        // Each new point is hashed for the proof and then serialized: encode it once.
        let e1 = (rk * capsule.e).withCachedEncoding()
        let v1 = (rk * capsule.v).withCachedEncoding()

        let t = Scalar.random(using: &rng)
        let e2 = (t * capsule.e).withCachedEncoding()
        let v2 = (t * capsule.v).withCachedEncoding()
        let u2 = (t * Point.parameterU).withCachedEncoding()
        let h = DomainSeparation.hashToCapsuleFragVerification(
            e: capsule.e, e1: e1, e2: e2, v: capsule.v, v1: v1, v2: v2,
            u: Point.parameterU, u1: kfrag.commitment, u2: u2)
        let proof = CapsuleFragProof(
            e2: e2, v2: v2, keyFragCommitment: kfrag.commitment, keyFragPok: u2, signature: rk * h + t,
            keyFragSignature: kfrag.signatureForReceiver)
        return VerifiedCapsuleFrag(capsuleFrag: CapsuleFrag(
            e1: e1, v1: v1, keyFragID: kfrag.id, precursor: kfrag.precursor, proof: proof))
    }
}
