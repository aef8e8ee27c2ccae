/// The candidate list of an iterative lookup: the reference's `NodeHeap`.
///
/// It remembers every contact pushed (once per id) but shows only the `size` nearest to the
/// target, and records which ids have been queried. Removing a contact forgets it, so a later
/// reply may push it back; it stays marked as contacted and is not queried again.
struct Shortlist: Sendable {
    let target: NodeID
    let size: Int
    private var sorted: [NodeContact] = []
    private var members: Set<NodeID> = []
    private(set) var contacted: Set<NodeID> = []

    init(target: NodeID, size: Int, contacts: [NodeContact] = []) {
        self.target = target
        self.size = size
        push(contacts)
    }

    /// The `size` nearest contacts, nearest first.
    var nearest: ArraySlice<NodeContact> { sorted.prefix(size) }

    var nearestIDs: [NodeID] { nearest.map(\.id) }

    /// The nearest contacts not yet queried, nearest first.
    var uncontacted: [NodeContact] { nearest.filter { !contacted.contains($0.id) } }

    var hasContactedAll: Bool { uncontacted.isEmpty }

    mutating func push(_ contacts: [NodeContact]) {
        for contact in contacts where members.insert(contact.id).inserted {
            let distance = contact.id.distance(to: target)
            let index = sorted.firstIndex { $0.id.distance(to: target) > distance } ?? sorted.endIndex
            sorted.insert(contact, at: index)
        }
    }

    mutating func remove(_ ids: Set<NodeID>) {
        sorted.removeAll { ids.contains($0.id) }
        members.subtract(ids)
    }

    mutating func markContacted(_ contact: NodeContact) {
        contacted.insert(contact.id)
    }

    /// Drops the nearest contact and returns it.
    mutating func popNearest() -> NodeContact? {
        guard !sorted.isEmpty else { return nil }
        let first = sorted.removeFirst()
        members.remove(first.id)
        return first
    }
}
