import UmbralCore

/// A Kademlia node with Python kademlia 2.2.3's behaviour, independent of any transport.
///
/// The server side (`handle…` methods) is what a transport calls for incoming RPCs; the client
/// side (``bootstrap(_:)``, ``set(_:forKey:)``, ``get(_:)``, ``refresh()``) sends through the
/// ``KademliaRPC`` it was given. Time comes from an injected ``KademliaClock`` and nothing runs
/// on a timer: whoever owns the node calls ``refresh()`` hourly.
public actor KademliaNode {
    /// This node's id and address.
    public nonisolated let contact: NodeContact
    /// Bucket size and lookup width (20 in the reference).
    public nonisolated let k: Int
    /// Parallel queries per lookup round (3 in the reference).
    public nonisolated let alpha: Int
    /// Age after which buckets are refreshed and stored values republished (3600 s).
    public nonisolated let refreshInterval: Double

    /// The routing table, as it stands now.
    public private(set) var routingTable: RoutingTable
    private var storage: KademliaStore
    private let rpc: any KademliaRPC
    private let clock: any KademliaClock
    private let valuePolicy: DHTValuePolicy
    // Peers already being pinged or sent stores from the welcome (`admit` and `complete`): this stops two nodes that keep
    // each other in their replacement caches from re-triggering those RPCs without end.
    private var pingsInFlight: Set<NodeID> = []
    private var pushesInFlight: Set<NodeID> = []
    // Where welcome work goes when an owner runs it in the background (see `deferFollowUps()`);
    // nil means it is done inline, before the call that caused it returns.
    private var followUpQueue: AsyncStream<KademliaFollowUp>.Continuation?

    /// Creates a node that sends through `rpc` and reads time from `clock`, keeping only the
    /// values `valuePolicy` accepts.
    public init(contact: NodeContact, rpc: any KademliaRPC, clock: any KademliaClock,
                k: Int = 20, alpha: Int = 3, refreshInterval: Double = 3600,
                store: KademliaStore = KademliaStore(), valuePolicy: DHTValuePolicy = .acceptAll) {
        self.contact = contact
        self.valuePolicy = valuePolicy
        self.k = k
        self.alpha = alpha
        self.refreshInterval = refreshInterval
        self.rpc = rpc
        self.clock = clock
        self.storage = store
        self.routingTable = RoutingTable(localID: contact.id, k: k, now: clock.now())
    }

    // MARK: Serving incoming RPCs

    /// Answers `ping`: welcomes the sender and returns this node's id.
    public func handlePing(from sender: NodeContact) async -> NodeID {
        await answered(answerPing(from: sender))
    }

    /// Answers `store`: welcomes the sender, then stores the value and returns true if the value
    /// policy accepts it, or returns false and stores nothing (as validating nkms nodes did).
    public func handleStore(from sender: NodeContact, key: [UInt8], value: DHTValue) async -> Bool {
        await answered(answerStore(from: sender, key: key, value: value))
    }

    /// Answers `find_node`: up to k known contacts near `target`, never the sender's address.
    public func handleFindNode(from sender: NodeContact, target: NodeID) async -> [NodeContact] {
        await answered(answerFindNode(from: sender, target: target))
    }

    /// Answers `find_value`: the stored value, or else what `find_node` would return; throws
    /// (the reference sends no reply) when a missing key is not 20 bytes.
    public func handleFindValue(from sender: NodeContact, key: [UInt8]) async throws(KMSNetworkError) -> FindValueResult {
        guard let reply = await answered(answerFindValue(from: sender, key: key)) else {
            throw .invalidNodeIDLength(actual: key.count)
        }
        return reply
    }

    // The `answer…` forms give the reply at once and leave the welcome's RPCs (pushing values to
    // the sender, pinging a full bucket's oldest entry) to `complete(_:)`, so a transport can send
    // the reply first, as the reference does by scheduling those RPCs in the background.

    /// The reply to `ping` and the welcome work it leaves; see ``complete(_:)``.
    public func answerPing(from sender: NodeContact) -> (reply: NodeID, followUp: KademliaFollowUp) {
        (contact.id, admit(sender))
    }

    /// The reply to `store` and the welcome work it leaves; see ``complete(_:)``.
    public func answerStore(from sender: NodeContact, key: [UInt8], value: DHTValue) -> (reply: Bool, followUp: KademliaFollowUp) {
        let followUp = admit(sender)
        guard accepts(value, key: key) else { return (false, followUp) }
        storage.set(value, for: key, now: clock.now())
        return (true, followUp)
    }

    /// The reply to `find_node` and the welcome work it leaves; see ``complete(_:)``.
    public func answerFindNode(from sender: NodeContact, target: NodeID) -> (reply: [NodeContact], followUp: KademliaFollowUp) {
        let followUp = admit(sender)
        return (routingTable.neighbours(of: target, excluding: sender.address, now: clock.now()), followUp)
    }

    /// The reply to `find_value` and the welcome work it leaves; see ``complete(_:)``. The reply
    /// is nil (the reference sends none) when a key the node lacks is not 20 bytes.
    public func answerFindValue(from sender: NodeContact, key: [UInt8]) -> (reply: FindValueResult?, followUp: KademliaFollowUp) {
        let followUp = admit(sender)
        let now = clock.now()
        if let value = storage.value(for: key, now: now) { return (.value(value), followUp) }
        guard let target = try? NodeID(bytes: key) else { return (nil, followUp) }
        return (.contacts(routingTable.neighbours(of: target, excluding: sender.address, now: now)), followUp)
    }

    /// Does the RPCs that welcoming a sender calls for, after its reply has gone out.
    public func complete(_ followUp: KademliaFollowUp) async {
        guard let newcomer = followUp.newcomer else { return }
        let rpc = self.rpc
        if !followUp.pushes.isEmpty {
            var answered = true
            for item in followUp.pushes where answered {
                answered = (try? await rpc.store(key: item.key, value: item.value, at: newcomer)) != nil
            }
            pushesInFlight.remove(newcomer.id)
            if !answered { routingTable.remove(newcomer.id) }
        }
        if let oldest = followUp.oldestToPing {
            let alive = (try? await rpc.ping(oldest.address)) != nil
            pingsInFlight.remove(oldest.id)
            if !alive { routingTable.remove(oldest.id) }
        }
    }

    /// From now on, the welcome work this node's own lookups cause (pushing values to peers it
    /// just met, pinging a full bucket's oldest entry) is not awaited by the lookup but handed out
    /// through the returned stream, for the owner to ``complete(_:)`` concurrently, as the
    /// reference schedules it in the background. ``KademliaServer`` does this; the in-memory
    /// transport keeps the inline behaviour, which makes simulations deterministic.
    public func deferFollowUps() -> AsyncStream<KademliaFollowUp> {
        let (stream, continuation) = AsyncStream.makeStream(of: KademliaFollowUp.self)
        followUpQueue?.finish()
        followUpQueue = continuation
        return stream
    }

    /// Stops handing out welcome work; anything later is done inline again.
    public func stopDeferringFollowUps() {
        followUpQueue?.finish()
        followUpQueue = nil
    }

    private func answered<Reply>(_ answer: (reply: Reply, followUp: KademliaFollowUp)) async -> Reply {
        await complete(answer.followUp)
        return answer.reply
    }

    // MARK: Client operations

    /// Joins the network through `seeds`: pings them all, then looks up this node's own id
    /// starting from the ones that answered, which fills the routing table. Returns the contacts
    /// that lookup ended with.
    @discardableResult
    public func bootstrap(_ seeds: [NodeAddress]) async -> [NodeContact] {
        let rpc = self.rpc
        // Seeds answer a plain ping, which (as in the reference) does not touch the routing table.
        let answers = await withTaskGroup(of: NodeContact?.self) { group in
            for address in seeds {
                group.addTask { (try? await rpc.ping(address)).map { NodeContact(id: $0, address: address) } }
            }
            var contacts: [NodeContact] = []
            for await answer in group { if let answer { contacts.append(answer) } }
            return contacts
        }
        return await nodeLookup(target: contact.id, seeds: answers).contacts
    }

    /// Stores `value` under the 20-byte digest `key` at the k nodes nearest to it (and here, if
    /// this node is nearer than the farthest of them); returns how many stores were acknowledged.
    ///
    /// Returns 0 without sending anything when the routing table is empty or the lookup found
    /// nobody alive (where the reference returns false or raises, respectively).
    @discardableResult
    public func set(_ value: DHTValue, forKey key: [UInt8]) async throws(KMSNetworkError) -> Int {
        let target = try NodeID(bytes: key)
        return await publish(value, key: key, target: target)
    }

    /// The value under the 20-byte digest `key`: from local storage, else by an iterative lookup.
    public func get(_ key: [UInt8]) async throws(KMSNetworkError) -> DHTValue? {
        try await lookup(key).value
    }

    /// Looks `key` up like ``get(_:)`` and reports the rounds and queries it took.
    public func lookup(_ key: [UInt8]) async throws(KMSNetworkError) -> KademliaLookupReport {
        let target = try NodeID(bytes: key)
        let now = clock.now()
        if let value = storage.value(for: key, now: now) {
            return KademliaLookupReport(value: value, rounds: 0, queries: 0)
        }
        let seeds = routingTable.neighbours(of: target, now: now)
        guard !seeds.isEmpty else { return KademliaLookupReport(value: nil, rounds: 0, queries: 0) }
        return await valueLookup(key: key, target: target, seeds: seeds)
    }

    /// The hourly maintenance: looks up a random id in every bucket unused for an hour, then
    /// republishes every value not written for an hour.
    public func refresh() async {
        let now = clock.now()
        var rng = SystemRandom()
        let targets = routingTable.lonelyBuckets(now: now, interval: refreshInterval).map { $0.randomID(using: &rng) }
        // Seeds are taken for every target first, then the lookups run together, as the
        // reference gathers them; each is seeded with only α contacts.
        let lookups = targets.map { ($0, routingTable.neighbours(of: $0, count: alpha, now: now)) }
        await withTaskGroup(of: Void.self) { group in
            for (target, seeds) in lookups {
                group.addTask { _ = await self.nodeLookup(target: target, seeds: seeds) }
            }
        }
        for (key, value) in storage.items(olderThan: refreshInterval, now: clock.now()) {
            guard let target = try? NodeID(bytes: key) else { continue }
            await publish(value, key: key, target: target)
        }
    }

    /// Keeps `value` under the 20-byte digest `key` in this node's own storage, if the value policy
    /// accepts it, without any network traffic; returns whether it was kept.
    ///
    /// A node that owns a value (an Ursula's own metadata) keeps a copy this way, so lookups that
    /// reach it find the value even before any other node stored it.
    @discardableResult
    public func storeLocally(_ value: DHTValue, forKey key: [UInt8]) -> Bool {
        guard key.count == DHTKey.byteCount, accepts(value, key: key) else { return false }
        storage.set(value, for: key, now: clock.now())
        return true
    }

    /// The value stored here under `key`, without any network traffic.
    public func storedValue(forKey key: [UInt8]) -> DHTValue? {
        storage.value(for: key, now: clock.now())
    }

    private func accepts(_ value: DHTValue, key: [UInt8]) -> Bool {
        guard let key = try? DHTKey(bytes: key) else { return false }
        return valuePolicy.accepts(value, key)
    }

    // MARK: Lookups

    @discardableResult
    private func publish(_ value: DHTValue, key: [UInt8], target: NodeID) async -> Int {
        let seeds = routingTable.neighbours(of: target, now: clock.now())
        guard !seeds.isEmpty else { return 0 }
        let nodes = await nodeLookup(target: target, seeds: seeds).contacts
        guard let farthest = nodes.map({ $0.id.distance(to: target) }).max() else { return 0 }
        if contact.id.distance(to: target) < farthest, accepts(value, key: key) {
            storage.set(value, for: key, now: clock.now())
        }
        let rpc = self.rpc
        let replies = await query(nodes) { try await rpc.store(key: key, value: value, at: $0) }
        await settle(replies)
        return replies.count { $0.reply == true }
    }

    /// The reference's NodeSpiderCrawl: query α uncontacted nodes among the k nearest per round
    /// (all of them when a round changed nothing) until every one of the k nearest was contacted.
    private func nodeLookup(target: NodeID, seeds: [NodeContact]) async -> (contacts: [NodeContact], rounds: Int) {
        var shortlist = Shortlist(target: target, size: k, contacts: seeds)
        var previous: [NodeID]?
        var rounds = 0
        let rpc = self.rpc
        while !shortlist.hasContactedAll {
            let batch = Self.nextBatch(&shortlist, previous: &previous, alpha: alpha)
            rounds += 1
            let replies = await query(batch) { try await rpc.findNode(target: target, at: $0) }
            for (_, reply) in replies { if let reply { shortlist.push(reply) } }
            shortlist.remove(Set(replies.filter { $0.reply == nil }.map(\.peer.id)))
            await settle(replies)
        }
        return (Array(shortlist.nearest), rounds)
    }

    /// The reference's ValueSpiderCrawl: like a node lookup, but the first round in which any
    /// value arrives ends it with the most common value, which is also cached at the nearest
    /// node seen so far that answered without it.
    private func valueLookup(key: [UInt8], target: NodeID, seeds: [NodeContact]) async -> KademliaLookupReport {
        var shortlist = Shortlist(target: target, size: k, contacts: seeds)
        var nearestWithoutValue = Shortlist(target: target, size: 1)
        var previous: [NodeID]?
        var rounds = 0
        var queries = 0
        let rpc = self.rpc
        while !shortlist.hasContactedAll {
            let batch = Self.nextBatch(&shortlist, previous: &previous, alpha: alpha)
            rounds += 1
            queries += batch.count
            let replies = await query(batch) { try await rpc.findValue(key: key, at: $0) }
            var found: [DHTValue] = []
            for (peer, reply) in replies {
                switch reply {
                case .value(let value)?:
                    found.append(value)
                case .contacts(let contacts)?:
                    nearestWithoutValue.push([peer])
                    shortlist.push(contacts)
                case nil:
                    break
                }
            }
            shortlist.remove(Set(replies.filter { $0.reply == nil }.map(\.peer.id)))
            await settle(replies)
            guard let value = Self.mostCommon(found) else { continue }
            if let cache = nearestWithoutValue.popNearest() {
                let stored = try? await rpc.store(key: key, value: value, at: cache)
                await respond(cache, answered: stored != nil)
            }
            return KademliaLookupReport(value: value, rounds: rounds, queries: queries)
        }
        return KademliaLookupReport(value: nil, rounds: rounds, queries: queries)
    }

    private static func nextBatch(_ shortlist: inout Shortlist, previous: inout [NodeID]?, alpha: Int) -> [NodeContact] {
        let ids = shortlist.nearestIDs
        // An unchanged shortlist means the last round learnt nothing nearer: query everyone left.
        let count = ids == previous ? ids.count : alpha
        previous = ids
        let batch = Array(shortlist.uncontacted.prefix(count))
        for peer in batch { shortlist.markContacted(peer) }
        return batch
    }

    /// The most frequent value, ties going to the one seen first.
    private static func mostCommon(_ values: [DHTValue]) -> DHTValue? {
        var counts: [DHTValue: Int] = [:]
        for value in values { counts[value, default: 0] += 1 }
        var best: (value: DHTValue, count: Int)?
        for value in values {
            let count = counts[value, default: 0]
            if count > best?.count ?? 0 { best = (value, count) }
        }
        return best?.value
    }

    /// Sends one RPC to each peer in parallel; a nil reply means no answer. Replies keep batch order.
    private func query<Reply: Sendable>(_ peers: [NodeContact],
                                        _ call: @escaping @Sendable (NodeContact) async throws -> Reply)
        async -> [(peer: NodeContact, reply: Reply?)] {
        await withTaskGroup(of: (Int, Reply?).self) { group in
            for (index, peer) in peers.enumerated() {
                group.addTask { (index, try? await call(peer)) }
            }
            var replies = [Reply?](repeating: nil, count: peers.count)
            for await (index, reply) in group { replies[index] = reply }
            return Array(zip(peers, replies)).map { (peer: $0.0, reply: $0.1) }
        }
    }

    private func settle<Reply>(_ replies: [(peer: NodeContact, reply: Reply?)]) async {
        for (peer, reply) in replies { await respond(peer, answered: reply != nil) }
    }

    // MARK: Routing table upkeep

    /// After each RPC this node sent: a silent peer is dropped, an answering one welcomed.
    private func respond(_ peer: NodeContact, answered: Bool) async {
        if answered {
            let followUp = admit(peer)
            guard !followUp.isEmpty else { return }
            if let queue = followUpQueue, case .enqueued = queue.yield(followUp) { return }
            await complete(followUp)
        } else {
            routingTable.remove(peer.id)
        }
    }

    /// The part of the reference's `welcome_if_new` that needs no network: a peer that is not a
    /// primary contact joins the table, and the plan says which stored values it should get
    /// (those for which it is nearer than our farthest neighbour while we are nearer than our
    /// nearest) and, when its bucket was full, which oldest entry to ping.
    ///
    /// Keys are compared to ids directly, without the reference's extra SHA-1 of the digest.
    private func admit(_ newcomer: NodeContact) -> KademliaFollowUp {
        guard newcomer.id != contact.id, routingTable.isNew(newcomer.id) else { return KademliaFollowUp() }
        let now = clock.now()
        var pushes: [(key: [UInt8], value: DHTValue)] = []
        for item in storage.items(now: now) {
            guard let keyNode = try? NodeID(bytes: item.key) else { continue }
            let neighbours = routingTable.neighbours(of: keyNode, now: now)
            guard let nearest = neighbours.first, let farthest = neighbours.last else {
                pushes.append(item)
                continue
            }
            if newcomer.id.distance(to: keyNode) < farthest.id.distance(to: keyNode),
               contact.id.distance(to: keyNode) < nearest.id.distance(to: keyNode) {
                pushes.append(item)
            }
        }
        let outcome = routingTable.add(newcomer, now: now)
        var followUp = KademliaFollowUp(newcomer: newcomer)
        if !pushes.isEmpty, pushesInFlight.insert(newcomer.id).inserted {
            followUp.pushes = pushes.map { KademliaFollowUp.Push(key: $0.key, value: $0.value) }
        }
        if case .cached(let oldest) = outcome, oldest.id != newcomer.id, pingsInFlight.insert(oldest.id).inserted {
            followUp.oldestToPing = oldest
        }
        return followUp
    }
}
