import NIOCore

/// The RPCs a socket sent and still waits for, by message id.
///
/// Python matches a reply by id alone; here the reply must also come from the address the request
/// went to, so a third party that sees an id cannot answer in the peer's place.
struct PendingRequests {
    struct Entry {
        let method: DHTMethod
        let remote: SocketAddress
        let continuation: CheckedContinuation<Result<DHTResponse, KMSNetworkError>, Never>
        var timeout: Scheduled<Void>?
    }

    private(set) var entries: [RPCMessageID: Entry] = [:]
    private(set) var isClosed = false

    var count: Int { entries.count }

    /// Registers a request; false when closed or when `limit` requests are already waiting.
    mutating func insert(_ entry: Entry, for id: RPCMessageID, limit: Int) -> Bool {
        guard !isClosed, entries.count < limit, entries[id] == nil else { return false }
        entries[id] = entry
        return true
    }

    /// Attaches the timer to a request still waiting; false if it was already answered.
    mutating func attach(_ timeout: Scheduled<Void>, to id: RPCMessageID) -> Bool {
        guard entries[id] != nil else { return false }
        entries[id]?.timeout = timeout
        return true
    }

    /// Takes out the request `id` if a reply from `source` answers it.
    mutating func takeReply(_ id: RPCMessageID, from source: SocketAddress) -> Entry? {
        guard let entry = entries[id], entry.remote == source else { return nil }
        entries[id] = nil
        return entry
    }

    /// Takes out the request `id` whatever happened to it (timeout, failed write).
    mutating func take(_ id: RPCMessageID) -> Entry? {
        entries.removeValue(forKey: id)
    }

    /// Refuses new requests and hands back every waiting one.
    mutating func close() -> [Entry] {
        isClosed = true
        defer { entries = [:] }
        return Array(entries.values)
    }
}
