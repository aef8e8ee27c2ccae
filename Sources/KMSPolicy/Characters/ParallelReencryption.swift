public import UmbralCore

extension Ursula {
    /// Re-encrypts `capsules` with one kFrag, spreading the capsules over the cores, and returns
    /// the cFrags in the capsules' order.
    ///
    /// This is the work of ``reencrypt(_:)`` once the request has passed its checks, exposed for
    /// benchmarks and tests. A single capsule is re-encrypted inline; several run as child tasks of
    /// one task group, one capsule each, on the cooperative pool (as many threads as cores).
    ///
    /// The result is byte for byte what a serial loop of `Umbral.reencrypt(_:with:using:)` over the
    /// capsules would give with the same generator: each cFrag's proof needs one 32-byte nonce, so
    /// the four 64-bit words of every capsule are drawn from `rng` up front, in capsule order, and
    /// replayed to that capsule's task. Should `Umbral.reencrypt` ever ask for more (a nonce draw
    /// rejected as ≥ n, probability about 2⁻¹²⁸), that task continues with the system's secure
    /// generator, so the nonce is never predictable, only no longer reproducible.
    ///
    /// - Parameters:
    ///   - capsules: The capsules to re-encrypt.
    ///   - keyFrag: This Ursula's verified kFrag.
    ///   - rng: The source of the proofs' nonces; it must be cryptographically secure outside tests.
    /// - Returns: One cFrag per capsule, in order.
    public static func reencrypt(
        _ capsules: [Capsule], with keyFrag: VerifiedKeyFrag, using rng: inout some RandomNumberGenerator
    ) async -> [VerifiedCapsuleFrag] {
        let nonces = ProofNonceWords.draw(capsuleCount: capsules.count, from: &rng)
        return await reencrypt(capsules, with: keyFrag, nonces: nonces)
    }

    /// The parallel part of ``reencrypt(_:with:using:)``, with the nonce words already drawn.
    static func reencrypt(
        _ capsules: [Capsule], with keyFrag: VerifiedKeyFrag, nonces: [ProofNonceWords]
    ) async -> [VerifiedCapsuleFrag] {
        precondition(capsules.count == nonces.count, "one nonce draw per capsule")
        if capsules.count == 1 {
            var replay = nonces[0]
            return [Umbral.reencrypt(capsules[0], with: keyFrag, using: &replay)]
        }
        return await withTaskGroup(of: (Int, VerifiedCapsuleFrag).self) { group in
            for (index, capsule) in capsules.enumerated() {
                let draw = nonces[index]
                group.addTask {
                    var replay = draw
                    return (index, Umbral.reencrypt(capsule, with: keyFrag, using: &replay))
                }
            }
            var results = [VerifiedCapsuleFrag?](repeating: nil, count: capsules.count)
            for await (index, capsuleFrag) in group {
                results[index] = capsuleFrag
            }
            return results.map { capsuleFrag in
                guard let capsuleFrag else { preconditionFailure("every child task returns its cFrag") }
                return capsuleFrag
            }
        }
    }
}

/// The random words one capsule's re-encryption consumes, drawn ahead from Ursula's generator and
/// replayed in order, then continued by the system's secure generator if ever exhausted.
struct ProofNonceWords: RandomNumberGenerator, Sendable {
    /// One proof nonce: a 32-byte scalar, read as four `next()` words.
    static let wordsPerCapsule = 4

    private let words: [UInt64]
    private var position = 0

    init(words: [UInt64]) {
        self.words = words
    }

    /// `capsuleCount` draws of ``wordsPerCapsule`` words each, in capsule order.
    static func draw(capsuleCount: Int, from rng: inout some RandomNumberGenerator) -> [ProofNonceWords] {
        (0..<capsuleCount).map { _ in
            ProofNonceWords(words: (0..<wordsPerCapsule).map { _ in rng.next() })
        }
    }

    mutating func next() -> UInt64 {
        guard position < words.count else {
            var system = SystemRandom()
            return system.next()
        }
        defer { position += 1 }
        return words[position]
    }
}
