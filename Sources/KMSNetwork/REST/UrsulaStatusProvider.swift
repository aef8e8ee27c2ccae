/// Supplies the counts a node's ``UrsulaStatus`` reports beyond what the REST layer knows, such
/// as the arrangements and revocations its store holds.
public protocol UrsulaStatusProvider: Sendable {
    /// Named counts, reported under ``UrsulaStatus/counts``; names should be lowerCamelCase.
    func statusCounts() async -> [String: Int]
}

/// A provider with nothing to add.
public struct NoStatusCounts: UrsulaStatusProvider {
    /// The empty provider.
    public init() {}

    /// No counts.
    public func statusCounts() async -> [String: Int] { [:] }
}
