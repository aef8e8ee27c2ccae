/// What Bob got from one retrieval: the cleartexts, who supplied the cFrags, and who let him down.
///
/// ``Bob/retrieveAndDecrypt(_:from:context:)`` returns it. An Ursula that was down, refused, or
/// answered with a bad signature or a cFrag that fails its proof is listed in ``faults`` even
/// when the others made up the threshold, so a lying Ursula is always named.
public struct Retrieval: Hashable, Sendable {
    /// The decrypted messages, in the order of the message kits Bob asked about.
    public let cleartexts: [[UInt8]]

    /// The Ursulas whose verified cFrags Bob used, in the order he asked them.
    public let contributors: [Address]

    /// Every Ursula Bob asked and could not use, in the order he asked them.
    public let faults: [UrsulaFault]

    /// A retrieval from its parts.
    ///
    /// - Parameters:
    ///   - cleartexts: The decrypted messages.
    ///   - contributors: The Ursulas whose cFrags were used.
    ///   - faults: The Ursulas that could not be used.
    public init(cleartexts: [[UInt8]], contributors: [Address], faults: [UrsulaFault]) {
        self.cleartexts = cleartexts
        self.contributors = contributors
        self.faults = faults
    }
}
