import NIOCore

/// Counts the requests being served, in all and per source address, so a flood is dropped at
/// the door instead of queueing without bound.
struct RequestSlots {
    private var total = 0
    private var perSource: [SocketAddress: Int] = [:]

    /// Takes a slot for a request from `source`; false if either limit is reached.
    mutating func take(for source: SocketAddress, total limit: Int, perPeer peerLimit: Int) -> Bool {
        let fromSource = perSource[source, default: 0]
        guard total < limit, fromSource < peerLimit else { return false }
        total += 1
        perSource[source] = fromSource + 1
        return true
    }

    /// Gives back a slot taken for `source`.
    mutating func release(for source: SocketAddress) {
        total -= 1
        let remaining = perSource[source, default: 1] - 1
        perSource[source] = remaining > 0 ? remaining : nil
    }
}
