// The agent's own implementations of KMSPolicy's seams, so that its flows run through the real
// characters (Alice, Bob, Ursula) with the counterparties played by Python.

import Dispatch
import KMSPolicy
import UmbralCore

// MARK: - Running the characters' async API from the agent's synchronous loop

private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}

/// Runs `body` to completion on the cooperative pool and returns (or throws) its outcome.
func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do {
            box.result = .success(try await body())
        } catch {
            box.result = .failure(error)
        }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

// MARK: - Ledger

/// A ledger that knows exactly what the request told the agent: which staking providers are staked
/// and which policies are paid for (with their owner, expiration and revocation).
actor AgentLedger: PolicyLedger {
    private let staked: Set<Address>
    private var policies: [HRAC: PolicyRecord]

    init(staked: Set<Address>, policies: [PolicyRecord] = []) {
        self.staked = staked
        self.policies = Dictionary(policies.map { ($0.hrac, $0) }, uniquingKeysWith: { _, last in last })
    }

    func isStaked(_ address: Address) -> Bool {
        staked.contains(address)
    }

    func createPolicy(_ record: PolicyRecord) throws(KMSPolicyError) {
        guard policies[record.hrac] == nil else { throw .policyAlreadyExists(record.hrac) }
        policies[record.hrac] = record
    }

    func policy(for hrac: HRAC) -> PolicyRecord? {
        policies[hrac]
    }

    func revokePolicy(_ hrac: HRAC, owner: Address) throws(KMSPolicyError) {
        guard let record = policies[hrac] else { throw .policyNotFound(hrac) }
        guard record.owner == owner else { throw .notPolicyOwner(hrac, caller: owner) }
        policies[hrac] = record.revoked
    }

    /// Every recorded policy.
    func records() -> [PolicyRecord] {
        Array(policies.values)
    }
}

/// A clock fixed at one moment (the request's `now`).
struct FixedClock: PolicyClock {
    let time: UnixTime
    func now() async -> UnixTime { time }
}

// MARK: - Alice's transport

/// Alice's transport: it knows the Ursulas Python named and records every arrangement and
/// treasure map Alice sends. It carries no re-encryption or revocation (Alice's grant uses neither).
actor AliceTransport: PolicyTransport {
    private let profiles: [Address: UrsulaProfile]
    private(set) var published: [(hrac: HRAC, bytes: [UInt8])] = []
    private(set) var arranged: [Address: [UInt8]] = [:]

    init(profiles: [UrsulaProfile]) {
        self.profiles = Dictionary(profiles.map { ($0.stakingProviderAddress, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func knownUrsulas() -> [UrsulaProfile] {
        profiles.values.sorted { $0.stakingProviderAddress < $1.stakingProviderAddress }
    }

    func profile(of address: Address) throws(KMSPolicyError) -> UrsulaProfile {
        guard let profile = profiles[address] else { throw .unknownUrsula(address) }
        return profile
    }

    /// Records the arrangement for an Ursula Python named; nucypher-core has no such step, so
    /// the agent keeps them only to report what Alice sent.
    func arrange(_ arrangement: Arrangement, at address: Address) throws(KMSPolicyError) {
        guard profiles[address] != nil else { throw .unknownUrsula(address) }
        arranged[address] = arrangement.bytes
    }

    func reencrypt(_ request: ReencryptionRequest, at address: Address) throws(KMSPolicyError) -> ReencryptionResponse {
        throw .ursulaUnreachable(address, reason: "Alice's transport in the interop agent carries no re-encryption")
    }

    func revoke(_ order: RevocationOrder, publisherVerifyingKey: PublicKey) throws(KMSPolicyError) {
        throw .ursulaUnreachable(
            order.stakingProviderAddress, reason: "Alice's transport in the interop agent carries no revocation")
    }

    func publish(_ treasureMap: EncryptedTreasureMap, for hrac: HRAC) {
        published.append((hrac, treasureMap.bytes))
    }

    func treasureMap(for hrac: HRAC) throws(KMSPolicyError) -> EncryptedTreasureMap {
        guard let entry = published.last(where: { $0.hrac == hrac }) else { throw .treasureMapNotFound(hrac) }
        return try EncryptedTreasureMap(bytes: entry.bytes)
    }

    /// What Alice published, in order, as (HRAC, encrypted treasure map bytes).
    func publications() -> [(hrac: HRAC, bytes: [UInt8])] {
        published
    }
}

// MARK: - Bob's transport

/// Bob's transport: it answers `reencrypt(_:at:)` with the response Python made for that address
/// (or the parse error its bytes raise, as a refusal), reports every other Ursula as unreachable,
/// and records the request Bob sent to each Ursula it answered for.
actor BobTransport: PolicyTransport {
    private let profiles: [Address: UrsulaProfile]
    private let answers: [Address: Result<ReencryptionResponse, KMSPolicyError>]
    private var requests: [Address: [UInt8]] = [:]

    init(profiles: [UrsulaProfile], answers: [Address: Result<ReencryptionResponse, KMSPolicyError>]) {
        self.profiles = Dictionary(profiles.map { ($0.stakingProviderAddress, $0) }, uniquingKeysWith: { first, _ in first })
        self.answers = answers
    }

    func knownUrsulas() -> [UrsulaProfile] {
        profiles.values.sorted { $0.stakingProviderAddress < $1.stakingProviderAddress }
    }

    func profile(of address: Address) throws(KMSPolicyError) -> UrsulaProfile {
        guard let profile = profiles[address] else {
            throw .ursulaUnreachable(address, reason: "Python gave no response for her")
        }
        return profile
    }

    func reencrypt(_ request: ReencryptionRequest, at address: Address) throws(KMSPolicyError) -> ReencryptionResponse {
        guard let answer = answers[address] else {
            throw .ursulaUnreachable(address, reason: "Python gave no response for her")
        }
        requests[address] = request.bytes
        return try answer.get()
    }

    func revoke(_ order: RevocationOrder, publisherVerifyingKey: PublicKey) throws(KMSPolicyError) {
        throw .ursulaUnreachable(order.stakingProviderAddress, reason: "Bob's transport carries no revocation")
    }

    func arrange(_ arrangement: Arrangement, at address: Address) throws(KMSPolicyError) {
        throw .ursulaUnreachable(address, reason: "Bob's transport carries no arrangements")
    }

    func publish(_ treasureMap: EncryptedTreasureMap, for hrac: HRAC) throws(KMSPolicyError) {
        throw .treasureMapNotFound(hrac)
    }

    func treasureMap(for hrac: HRAC) throws(KMSPolicyError) -> EncryptedTreasureMap {
        throw .treasureMapNotFound(hrac)
    }

    /// The request Bob sent to each Ursula he reached.
    func sentRequests() -> [Address: [UInt8]] {
        requests
    }
}

// MARK: - Randomness Alice drew

/// The system's secure generator, remembering every value it hands out.
struct RecordingRandomNumberGenerator: RandomNumberGenerator {
    private var system = SystemRandom()
    private(set) var drawn: [UInt64] = []

    mutating func next() -> UInt64 {
        let value = system.next()
        drawn.append(value)
        return value
    }
}

/// Hands out recorded values again, in order (then fresh system values, which would show as a
/// mismatch in Python's checks).
struct ReplayRandomNumberGenerator: RandomNumberGenerator {
    private let values: [UInt64]
    private var index = 0
    private var system = SystemRandom()

    init(_ values: [UInt64]) {
        self.values = values
    }

    mutating func next() -> UInt64 {
        guard index < values.count else { return system.next() }
        defer { index += 1 }
        return values[index]
    }
}
