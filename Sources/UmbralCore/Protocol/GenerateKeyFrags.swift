extension Umbral {
    /// Splits Alice's re-encryption key for Bob into `shares` kFrags, any `threshold` of which
    /// let Ursulas transform Alice's capsules for Bob.
    ///
    /// - Parameters:
    ///   - delegating: Alice's secret key, the one the data was encrypted for.
    ///   - receiving: Bob's public key.
    ///   - signer: Alice's signer; Ursulas and Bob check kFrags against its verifying key.
    ///   - threshold: How many cFrags Bob needs, 1 ≤ threshold ≤ shares.
    ///   - shares: How many kFrags to make, one per Ursula.
    ///   - signDelegatingKey: Whether the kFrag signature also covers Alice's public key, so an
    ///     Ursula must know it to verify.
    ///   - signReceivingKey: Whether it also covers Bob's public key.
    /// - Returns: The kFrags, already verified since Alice made them.
    /// - Throws: ``UmbralError/invalidThreshold(threshold:shares:)``.
    public static func generateKeyFrags(
        delegating: SecretKey, receiving: PublicKey, signer: Signer, threshold: Int, shares: Int,
        signDelegatingKey: Bool = true, signReceivingKey: Bool = true
    ) throws(UmbralError) -> [VerifiedKeyFrag] {
        var rng = SystemRandom()
        return try generateKeyFrags(
            delegating: delegating, receiving: receiving, signer: signer, threshold: threshold, shares: shares,
            signDelegatingKey: signDelegatingKey, signReceivingKey: signReceivingKey, using: &rng)
    }

    /// Splits Alice's re-encryption key for Bob into kFrags, as
    /// ``generateKeyFrags(delegating:receiving:signer:threshold:shares:signDelegatingKey:signReceivingKey:)``
    /// does, with randomness from `rng`.
    ///
    /// Exists so known-answer and property tests can reproduce a batch exactly.
    ///
    /// - Parameters:
    ///   - delegating: Alice's secret key, the one the data was encrypted for.
    ///   - receiving: Bob's public key.
    ///   - signer: Alice's signer; Ursulas and Bob check kFrags against its verifying key.
    ///   - threshold: How many cFrags Bob needs, 1 ≤ threshold ≤ shares.
    ///   - shares: How many kFrags to make, one per Ursula.
    ///   - signDelegatingKey: Whether the kFrag signature also covers Alice's public key, so an
    ///     Ursula must know it to verify.
    ///   - signReceivingKey: Whether it also covers Bob's public key.
    ///   - rng: The source of the batch's ephemeral key, the polynomial's coefficients, the kFrag
    ///     ids and the signatures' hedging bytes. It must be cryptographically secure outside
    ///     tests: whoever can predict it and holds a single kFrag can compute Alice's secret key.
    /// - Returns: The kFrags, already verified since Alice made them.
    /// - Throws: ``UmbralError/invalidThreshold(threshold:shares:)``.
    public static func generateKeyFrags(
        delegating: SecretKey, receiving: PublicKey, signer: Signer, threshold: Int, shares: Int,
        signDelegatingKey: Bool = true, signReceivingKey: Bool = true,
        using rng: inout some RandomNumberGenerator
    ) throws(UmbralError) -> [VerifiedKeyFrag] {
        guard threshold >= 1, shares >= threshold else {
            throw .invalidThreshold(threshold: threshold, shares: shares)
        }
        let delegatingKey = delegating.publicKey.point.withCachedEncoding()
        let receivingKey = receiving.point

        // One ephemeral key per batch links every kFrag to Bob: d = H(X, pk_B, x_p·pk_B).
        let privatePrecursor = Scalar.random(using: &rng)
        let precursor = Point.generatorMultiple(privatePrecursor).withCachedEncoding()
        let dhPoint = (privatePrecursor * receivingKey).withCachedEncoding()
        let d = DomainSeparation.hashToSharedSecret(precursor: precursor, receivingKey: receivingKey, dhPoint: dhPoint)
        guard let dInverse = d.inverted() else { preconditionFailure("hash-to-scalar never returns zero") }

        // f(0) = sk_A / d, so Bob's Lagrange combination at 0, multiplied by d, reopens the capsule.
        var coefficients = [delegating.scalar * dInverse]
        for _ in 1..<threshold {
            coefficients.append(Scalar.random(using: &rng))
        }

        var keyFrags = [VerifiedKeyFrag]()
        keyFrags.reserveCapacity(shares)
        for _ in 0..<shares {
            let id = rng.umbralRandomBytes(32)
            let x = DomainSeparation.hashToPolynomialArgument(
                precursor: precursor, receivingKey: receivingKey, dhPoint: dhPoint, keyFragID: id)
            let key = evaluatePolynomial(coefficients, at: x)
            let commitment = (key * Point.parameterU).withCachedEncoding()
            let receiverMessage = DomainSeparation.keyFragSignatureMessage(
                id: id, commitment: commitment, precursor: precursor,
                delegatingKey: delegatingKey, receivingKey: receivingKey)
            let signatureForReceiver = signer.sign(receiverMessage, using: &rng)
            let proxyMessage = DomainSeparation.keyFragSignatureMessage(
                id: id, commitment: commitment, precursor: precursor,
                delegatingKey: signDelegatingKey ? delegatingKey : nil,
                receivingKey: signReceivingKey ? receivingKey : nil)
            let signatureForProxy = signer.sign(proxyMessage, using: &rng)
            keyFrags.append(VerifiedKeyFrag(keyFrag: KeyFrag(
                id: id, key: key, precursor: precursor, commitment: commitment,
                signatureForProxy: signatureForProxy, signatureForReceiver: signatureForReceiver,
                delegatingKeySigned: signDelegatingKey, receivingKeySigned: signReceivingKey)))
        }
        return keyFrags
    }

    /// Σ cⱼ·xʲ by Horner's rule.
    static func evaluatePolynomial(_ coefficients: [Scalar], at x: Scalar) -> Scalar {
        var result = coefficients[coefficients.count - 1]
        for coefficient in coefficients.dropLast().reversed() {
            result = result * x + coefficient
        }
        return result
    }
}
