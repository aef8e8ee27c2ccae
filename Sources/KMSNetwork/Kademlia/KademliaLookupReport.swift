/// The outcome of a value lookup, with the work it took.
public struct KademliaLookupReport: Hashable, Sendable {
    /// The value found, or nil when every reachable candidate lacked it.
    public let value: DHTValue?
    /// Parallel query rounds run (0 when the value was held locally).
    public let rounds: Int
    /// `find_value` RPCs sent.
    public let queries: Int

    /// Creates a report.
    public init(value: DHTValue?, rounds: Int, queries: Int) {
        self.value = value
        self.rounds = rounds
        self.queries = queries
    }
}
