import Foundation
import KMSNetwork
import KMSPolicy
import UmbralCore

/// The policies the workload has granted and not yet revoked, shared by the workers.
actor PolicyPool {
    /// How many live policies the workload keeps, about.
    static let bound = 12

    private var live: [Policy] = []
    private var granted = 0

    var count: Int { live.count }

    func nextLabel() -> [UInt8] {
        granted += 1
        return Array("soak/\(granted)".utf8)
    }

    func add(_ policy: Policy) { live.append(policy) }

    func random() -> Policy? { live.randomElement() }

    /// Whether the policy is still in the pool (not taken out to be revoked).
    func isLive(_ hrac: HRAC) -> Bool { live.contains { $0.hrac == hrac } }

    /// The oldest policy, taken out of the pool, while more than `keeping` remain.
    func takeOldest(keeping: Int) -> Policy? {
        guard live.count > keeping else { return nil }
        return live.removeFirst()
    }
}

/// One kind of operation of the mixed workload, each checked for the right outcome.
enum SoakOperation: String, CaseIterable, Sendable {
    case grant, retrieve, revoke, lookup

    /// How often each operation is drawn: mostly retrievals, as on a real network.
    var weight: Int {
        switch self {
        case .grant: 3
        case .retrieve: 5
        case .revoke: 1
        case .lookup: 1
        }
    }

    /// Draws one of `allowed` by weight.
    static func draw(from allowed: [SoakOperation]) -> SoakOperation {
        var ticket = Int.random(in: 0..<allowed.map(\.weight).reduce(0, +))
        for operation in allowed {
            if ticket < operation.weight { return operation }
            ticket -= operation.weight
        }
        return allowed[allowed.count - 1]
    }
}

/// Alice, Bob and a DHT client against the soak's Ursulas.
struct SoakCharacters: Sendable {
    let alice: Alice
    let bob: Bob
    let dht: KademliaServer
    let ursulas: [Address]
    let threshold: Int
    let pool: PolicyPool

    /// Runs one operation; throws a description of what went wrong.
    func perform(_ operation: SoakOperation) async throws {
        switch operation {
        case .grant:
            // A steady number of live policies: past the bound, each grant first revokes the oldest.
            if await pool.count >= PolicyPool.bound { try await perform(.revoke) }
            let policy = try await alice.grant(
                to: bob.card, label: await pool.nextLabel(), threshold: threshold, shares: ursulas.count,
                expiration: UnixTime(secondsSinceEpoch: Int64(Date().timeIntervalSince1970) + 3600))
            await pool.add(policy)
        case .retrieve:
            guard let policy = await pool.random() else { return try await perform(.grant) }
            let plaintext = Array("soak \(UUID().uuidString)".utf8)
            let kit = try Enrico(policyEncryptingKey: policy.policyEncryptingKey).encrypt(plaintext)
            let retrieval: Retrieval
            do throws(KMSPolicyError) {
                retrieval = try await bob.retrieveAndDecrypt([kit], from: policy.treasureMap)
            } catch {
                // Another worker may have revoked this policy since it was drawn: then a refusal
                // is the right answer.
                guard case .notEnoughHonestUrsulas = error, await !pool.isLive(policy.hrac) else { throw error }
                return
            }
            guard retrieval.cleartexts == [plaintext] else { throw SoakFailure("a retrieval decrypted to other bytes") }
        case .revoke:
            guard let policy = await pool.takeOldest(keeping: 4) else { return try await perform(.grant) }
            let faults = try await alice.revoke(policy)
            guard faults.isEmpty else { throw SoakFailure("revocation could not reach \(faults)") }
            let kit = try Enrico(policyEncryptingKey: policy.policyEncryptingKey).encrypt([1])
            let refused: Bool
            do throws(KMSPolicyError) {
                _ = try await bob.retrieveAndDecrypt([kit], from: policy.treasureMap)
                refused = false
            } catch {
                guard case .notEnoughHonestUrsulas = error else { throw error }
                refused = true
            }
            guard refused else { throw SoakFailure("Bob decrypted under a revoked policy") }
        case .lookup:
            let address = ursulas.randomElement()!
            guard case .bytes? = try await dht.get(DHTDirectory.nodeMetadataKey(for: address)) else {
                throw SoakFailure("the DHT lost \(address)'s metadata")
            }
        }
    }
}

struct SoakFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
