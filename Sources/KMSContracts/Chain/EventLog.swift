/// The chain's event log: every ``LoggedEvent``, oldest first, as a random-access collection.
///
/// The log is stored in chunks of 4096 events, so the copy a transaction works on shares every
/// full chunk with the chain and appending copies at most one chunk.
public struct EventLog: RandomAccessCollection, Hashable, Sendable, Codable {
    private static let chunkSize = 4_096
    private var chunks: [[LoggedEvent]]

    /// An empty log.
    public init() {
        chunks = []
    }

    /// The index of the oldest event, 0.
    public var startIndex: Int { 0 }

    /// One past the newest event's index: the number of events.
    public var endIndex: Int {
        guard let last = chunks.last else { return 0 }
        return (chunks.count - 1) * Self.chunkSize + last.count
    }

    /// The event at `position`.
    ///
    /// - Parameter position: An index in `0..<count`.
    public subscript(position: Int) -> LoggedEvent {
        chunks[position / Self.chunkSize][position % Self.chunkSize]
    }

    mutating func append(_ event: LoggedEvent) {
        if chunks.isEmpty || chunks[chunks.count - 1].count == Self.chunkSize {
            var chunk: [LoggedEvent] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(event)
    }

    /// Reads a log saved by ``encode(to:)``: a flat array of events.
    ///
    /// - Parameter decoder: The decoder.
    /// - Throws: What decoding the events throws.
    public init(from decoder: any Decoder) throws {
        self.init()
        for event in try [LoggedEvent](from: decoder) { append(event) }
    }

    /// Writes the events as one flat array.
    ///
    /// - Parameter encoder: The encoder.
    /// - Throws: What encoding the events throws.
    public func encode(to encoder: any Encoder) throws {
        try Array(self).encode(to: encoder)
    }
}
