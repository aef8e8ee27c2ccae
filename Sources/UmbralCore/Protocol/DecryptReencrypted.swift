extension Umbral {
    /// What Bob does with enough cFrags: combines them into the capsule's key and decrypts.
    ///
    /// - Parameters:
    ///   - ciphertext: The ciphertext from ``encrypt(_:for:)``.
    ///   - capsule: Its capsule.
    ///   - capsuleFrags: At least `threshold` verified cFrags of that capsule from distinct kFrags
    ///     of one batch, in any order.
    ///   - receivingKey: Bob's secret key.
    ///   - delegatingKey: Alice's public key, which the data was encrypted for.
    /// - Returns: The plaintext, after its authentication tag has been checked.
    /// - Throws: ``UmbralError/noCapsuleFrags``, ``UmbralError/mismatchedCapsuleFrags`` (cFrags of
    ///   different batches), ``UmbralError/repeatingCapsuleFrags`` (two from one kFrag),
    ///   ``UmbralError/reencryptedValidationFailed`` (too few cFrags, or the wrong keys or capsule);
    ///   then, from decryption, ``UmbralError/ciphertextTooShort(_:)``,
    ///   ``UmbralError/decryptionFailed`` or ``UmbralError/backendFailure(_:)``.
    public static func decryptReencrypted(
        _ ciphertext: [UInt8], capsule: Capsule, capsuleFrags: [VerifiedCapsuleFrag], receivingKey: SecretKey,
        delegatingKey: PublicKey
    ) throws(UmbralError) -> [UInt8] {
        let keySeed = try capsule.openReencrypted(
            receivingKey: receivingKey, delegatingKey: delegatingKey, capsuleFrags: capsuleFrags.map(\.unverified))
        return try DEM(keySeed: keySeed).decrypt(ciphertext, aad: capsule.simpleBytes)
    }
}

extension Capsule {
    /// Rebuilds the key seed from cFrags: E′ = Σλᵢ·E₁ᵢ, V′ = Σλᵢ·V₁ᵢ, checked against the capsule
    /// (pk_A·(s/d) = h·E′ + V′) before the seed d·(E′ + V′) is returned.
    ///
    /// The Lagrange coefficients derive from Bob's secret Diffie–Hellman point, so every
    /// multiplication here uses the constant-time ladder.
    func openReencrypted(
        receivingKey: SecretKey, delegatingKey: PublicKey, capsuleFrags: [CapsuleFrag]
    ) throws(UmbralError) -> SecureBytes {
        guard let first = capsuleFrags.first else { throw .noCapsuleFrags }
        let precursor = first.precursor
        guard capsuleFrags.allSatisfy({ $0.precursor == precursor }) else { throw .mismatchedCapsuleFrags }

        let bobPublic = receivingKey.publicKey.point.withCachedEncoding()
        let dhPoint = (receivingKey.scalar * precursor).withCachedEncoding()
        let xs = capsuleFrags.map {
            DomainSeparation.hashToPolynomialArgument(
                precursor: precursor, receivingKey: bobPublic, dhPoint: dhPoint, keyFragID: $0.keyFragID)
        }
        let lambdas = try Capsule.lagrangeCoefficientsAtZero(xs)

        var ePrime = lambdas[0] * capsuleFrags[0].e1
        var vPrime = lambdas[0] * capsuleFrags[0].v1
        for index in capsuleFrags.indices.dropFirst() {
            ePrime = ePrime + lambdas[index] * capsuleFrags[index].e1
            vPrime = vPrime + lambdas[index] * capsuleFrags[index].v1
        }

        let d = DomainSeparation.hashToSharedSecret(precursor: precursor, receivingKey: bobPublic, dhPoint: dhPoint)
        guard let dInverse = d.inverted() else { preconditionFailure("hash-to-scalar never returns zero") }
        let h = DomainSeparation.hashCapsulePoints(e: e, v: v)
        let combined = ePrime + vPrime
        // Whether the cFrags check out is public (Bob reports it); the comparison's result is
        // computed from secret-derived points, so it is declassified (ConstantTimeCheck).
        guard !combined.isIdentity, declassified((s * dInverse) * delegatingKey.point == h * ePrime + vPrime) else {
            throw .reencryptedValidationFailed
        }
        return SecureBytes((d * combined).compressedBytes)
    }

    /// λᵢ = Πⱼ≠ᵢ xⱼ / (xⱼ − xᵢ), with all denominators inverted at once (Montgomery's trick).
    static func lagrangeCoefficientsAtZero(_ xs: [Scalar]) throws(UmbralError) -> [Scalar] {
        var numerators = [Scalar]()
        var denominators = [Scalar]()
        for (i, xi) in xs.enumerated() {
            var numerator = Scalar.one
            var denominator = Scalar.one
            for (j, xj) in xs.enumerated() where j != i {
                let difference = xj - xi
                // xᵢ = xⱼ means two cFrags of one kFrag, which their public ids show anyway;
                // otherwise equal hashes of Bob's secret point are a 2⁻²⁵⁶ event. Declassified
                // (ConstantTimeCheck) so the branch is on a public bit.
                guard !declassified(difference.isZero) else { throw .repeatingCapsuleFrags }
                numerator = numerator * xj
                denominator = denominator * difference
            }
            numerators.append(numerator)
            denominators.append(denominator)
        }
        let inverses = batchInvert(denominators)
        return zip(numerators, inverses).map { $0 * $1 }
    }

    /// Inverts non-zero scalars with a single field inversion.
    static func batchInvert(_ values: [Scalar]) -> [Scalar] {
        guard !values.isEmpty else { return [] }
        var prefix = [Scalar]()
        prefix.reserveCapacity(values.count)
        var running = Scalar.one
        for value in values {
            running = running * value
            prefix.append(running)
        }
        guard var inverse = running.inverted() else { preconditionFailure("batchInvert needs non-zero values") }
        var result = [Scalar](repeating: Scalar.one, count: values.count)
        for index in values.indices.reversed() {
            result[index] = index == 0 ? inverse : inverse * prefix[index - 1]
            inverse = inverse * values[index]
        }
        return result
    }
}
