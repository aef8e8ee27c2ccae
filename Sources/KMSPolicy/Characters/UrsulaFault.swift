public import UmbralCore

/// One Ursula that Bob could not use, and why: he names her so the fault can be pursued.
///
/// Bob collects these while he retrieves cFrags. Faults do not stop him while enough other Ursulas
/// answer honestly; they are reported in ``Retrieval/faults``, and in
/// ``KMSPolicyError/notEnoughHonestUrsulas(threshold:honest:faults:)`` when too few did.
public struct UrsulaFault: Hashable, Sendable, CustomStringConvertible {
    /// What was wrong with an Ursula's part in a retrieval.
    public enum Reason: Hashable, Sendable, CustomStringConvertible {
        /// She could not be reached (down, or unknown to the transport); the text says how.
        case unreachable(String)
        /// She answered with a refusal, such as a revoked or expired policy.
        case refused(KMSPolicyError)
        /// Her response's signature is not hers over Bob's capsules and the cFrags she sent.
        case invalidSignature
        /// The cFrag at `index` (in capsule order) fails its correctness proof: she re-encrypted
        /// with the wrong key share or for another capsule.
        case invalidCapsuleFrag(index: Int, UmbralError)
        /// Her response has a different number of cFrags than Bob sent capsules.
        case wrongCapsuleFragCount(capsules: Int, capsuleFrags: Int)

        /// The reason in a few words.
        public var description: String {
            switch self {
            case let .unreachable(reason): "down (\(reason))"
            case let .refused(error): "refused: \(error)"
            case .invalidSignature: "bad signature on her response"
            case let .invalidCapsuleFrag(index, error): "bad cFrag proof for capsule \(index): \(error)"
            case let .wrongCapsuleFragCount(capsules, capsuleFrags):
                "answered \(capsuleFrags) cFrag(s) for \(capsules) capsule(s)"
            }
        }
    }

    /// The staking-provider address of the Ursula at fault.
    public let address: Address

    /// What she did wrong, or why she could not be used.
    public let reason: Reason

    /// A fault from its parts.
    ///
    /// - Parameters:
    ///   - address: The Ursula's staking-provider address.
    ///   - reason: Why she could not be used.
    public init(address: Address, reason: Reason) {
        self.address = address
        self.reason = reason
    }

    /// `<address>: <reason>`.
    public var description: String {
        "\(address): \(reason)"
    }
}
