// The Alice → Bob story on an in-memory NuCypher network, each step timed.
//
// Alice grants Bob 2-of-3 access to one label, Enrico encrypts a message for it, Bob finds the
// treasure map and has two Ursulas re-encrypt the capsule, then decrypts. One Ursula goes down and
// Bob still decrypts, naming her. Finally Alice revokes the policy and every Ursula refuses Bob.

import KMSPolicy

@main
struct PolicyStory {
    static func main() async throws {
        print("SwiftKMS policy story: Alice grants Bob 2-of-3, Enrico encrypts, Bob decrypts, Alice revokes")
        print()

        let net = await step("Three staked Ursulas join an in-memory network") {
            await MockNet(ursulaCount: 3)
        }
        for ursula in net.ursulas {
            print("    Ursula \(ursula.stakingProviderAddress)")
        }

        let (alice, bob) = await step("Alice and Bob make their keys") {
            (net.makeAlice(), net.makeBob())
        }
        let label = Array("vitals/2024".utf8)
        let expiration = await net.clock.now().adding(days: 30)

        let policy = try await step("Alice grants Bob 2-of-3 over \"vitals/2024\" for 30 days") {
            try await alice.grant(to: bob.card, label: label, threshold: 2, shares: 3, expiration: expiration)
        }
        print("    policy \(policy.hrac), expires \(policy.expiration)")
        print("    treasure map: \(policy.encryptedTreasureMap.bytes.count) bytes, sealed to Bob")

        let message = "heart rate 61 bpm"
        let kit = try await step("Enrico encrypts a reading for the policy key") {
            try Enrico(policyEncryptingKey: policy.policyEncryptingKey).encrypt(Array(message.utf8))
        }
        print("    message kit: \(kit.bytes.count) bytes")

        let map = try await step("Bob finds the treasure map and checks Alice's signature") {
            try await bob.findTreasureMap(label: label, publisherVerifyingKey: alice.verifyingKey)
        }
        print("    \(map.threshold) of \(map.destinations.count) Ursulas needed")

        let retrieval = try await step("Bob has two Ursulas re-encrypt, verifies their cFrags and decrypts") {
            try await bob.retrieveAndDecrypt([kit], from: map)
        }
        try expect(retrieval.cleartexts == [Array(message.utf8)], "Bob should read Enrico's message")
        print("    Bob reads: \"\(String(decoding: retrieval.cleartexts[0], as: UTF8.self))\"")
        print("    cFrags from: \(retrieval.contributors.map(\.description).joined(separator: ", "))")

        let downAddress = net.ursulas[0].stakingProviderAddress
        await net.network.setOffline(downAddress)
        let degraded = try await step("One Ursula goes down; Bob asks the others") {
            try await bob.retrieveAndDecrypt([kit], from: map)
        }
        try expect(degraded.cleartexts == [Array(message.utf8)], "Bob should still read the message")
        for fault in degraded.faults {
            print("    not used: \(fault)")
        }
        await net.network.setOffline(downAddress, false)

        let unconfirmed = try await step("Alice revokes the policy at every Ursula and on the ledger") {
            try await alice.revoke(policy)
        }
        try expect(unconfirmed.isEmpty, "every Ursula should confirm the revocation")

        let refusal = await step("Bob asks again after the revocation") { () async -> KMSPolicyError? in
            do throws(KMSPolicyError) {
                _ = try await bob.retrieveAndDecrypt([kit], from: map)
                return nil
            } catch {
                return error
            }
        }
        guard let refusal else { throw StoryError("the Ursulas should have refused a revoked policy") }
        print("    refused: \(refusal)")
        print()
        print("The story ran as expected.")
    }

    /// Runs one step of the story and prints how long it took.
    @MainActor
    static func step<T>(_ title: String, _ body: () async throws -> T) async rethrows -> T {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try await body()
        print("\(pad(milliseconds(clock.now - start), to: 10)) ms  \(title)")
        return result
    }

    /// A duration in milliseconds with two decimals.
    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let hundredths = seconds * 100_000 + attoseconds / 10_000_000_000_000
        let whole = hundredths / 100
        let fraction = hundredths % 100
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// `text` right-aligned in `width` columns.
    static func pad(_ text: String, to width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// Stops the story with a message when `condition` is false.
    static func expect(_ condition: Bool, _ message: String) throws {
        guard condition else { throw StoryError(message) }
    }
}

/// A step of the story did not turn out as told.
struct StoryError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
