/// The proof that a cFrag was computed with the committed key share rk.
///
/// A Chaum–Pedersen-style proof of equal discrete logs: the Ursula shows that E₁ = rk·E,
/// V₁ = rk·V and u₁ = rk·U share one rk, with nonce commitments (e₂, v₂, u₂) = t·(E, V, U) and
/// response z = rk·h + t.
struct CapsuleFragProof: Sendable, Hashable {
    let e2: Point
    let v2: Point
    /// u₁ = rk·U, the commitment Alice signed in the kFrag.
    let keyFragCommitment: Point
    /// u₂ = t·U.
    let keyFragPok: Point
    /// z = rk·h + t.
    let signature: Scalar
    /// The kFrag's signature for the receiver, which covers both public keys.
    let keyFragSignature: Signature

    /// The challenge h for this proof over `capsule` and the cFrag's (E₁, V₁).
    func challenge(capsule: Capsule, e1: Point, v1: Point) -> Scalar {
        DomainSeparation.hashToCapsuleFragVerification(
            e: capsule.e, e1: e1, e2: e2, v: capsule.v, v1: v1, v2: v2,
            u: Point.parameterU, u1: keyFragCommitment, u2: keyFragPok)
    }

    /// z·E = e₂ + h·E₁, z·V = v₂ + h·V₁ and z·U = u₂ + h·u₁. All values are public, so each check
    /// is one variable-time multi-scalar multiplication (z·X − h·X₁ = X₂).
    func holds(capsule: Capsule, e1: Point, v1: Point) -> Bool {
        let h = challenge(capsule: capsule, e1: e1, v1: v1)
        let minusH = h.negated
        return Point.linearCombination([(signature, capsule.e), (minusH, e1)]) == e2
            && Point.linearCombination([(signature, capsule.v), (minusH, v1)]) == v2
            && Point.linearCombination([(signature, Point.parameterU), (minusH, keyFragCommitment)]) == keyFragPok
    }

    static func == (a: CapsuleFragProof, b: CapsuleFragProof) -> Bool {
        a.e2 == b.e2 && a.v2 == b.v2 && a.keyFragCommitment == b.keyFragCommitment
            && a.keyFragPok == b.keyFragPok && a.signature == b.signature && a.keyFragSignature == b.keyFragSignature
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(e2.compressedBytes)
        hasher.combine(signature.bigEndianBytes)
    }
}
