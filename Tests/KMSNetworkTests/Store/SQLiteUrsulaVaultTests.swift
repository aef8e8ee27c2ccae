import KMSPolicy
import Testing
import UmbralCore

@testable import KMSNetwork

@Suite("UrsulaVault on SQLite")
struct SQLiteUrsulaVaultTests {
    let fixtures = StoreFixtures()

    @Test("the vault keeps arrangements, revocations and re-encryptions across a reopen, stamped by its clock")
    func vaultRoundTrip() async throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let clock = ManualPolicyClock(start: UnixTime(secondsSinceEpoch: 1_760_000_000))
        let first = try fixtures.arrangement("vault").arrangement
        let second = try fixtures.arrangement("vault 2").arrangement
        do {
            let vault = SQLiteUrsulaVault(database: try UrsulaDatabase(directory: directory.path), clock: clock)
            try await vault.storeArrangement(first)
            try await vault.storeArrangement(first)  // Alice retries: nothing changes
            try await vault.storeArrangement(second)
            try await vault.storeRevocation(
                RevocationOrder(
                    signer: fixtures.aliceSigner, stakingProviderAddress: fixtures.ursulaAddress,
                    encryptedKeyFrag: second.encryptedKeyFrag),
                publisherVerifyingKey: fixtures.publisherKey)
            try await vault.recordReencryption(hrac: first.hrac, capsuleCount: 3, at: UnixTime(secondsSinceEpoch: 1_760_000_100))
            try vault.database.close()
        }
        let vault = SQLiteUrsulaVault(database: try UrsulaDatabase(directory: directory.path), clock: clock)
        #expect(try await vault.arrangement(for: first.hrac) == first)
        #expect(try await vault.arrangement(for: second.hrac) == second)
        #expect(try await vault.arrangement(for: fixtures.hrac("unknown")) == nil)
        #expect(try await vault.database.storedArrangement(for: first.hrac)?.acceptedAt == UnixTime(secondsSinceEpoch: 1_760_000_000))
        #expect(try await vault.database.storedArrangement(for: first.hrac)?.expiration == nil)
        #expect(try await vault.isRevoked(second.encryptedKeyFrag, publisherVerifyingKey: fixtures.publisherKey))
        #expect(try await vault.isRevoked(first.encryptedKeyFrag, publisherVerifyingKey: fixtures.publisherKey) == false)
        #expect(try await vault.database.reencryptionCount(for: first.hrac) == 1)
        #expect(
            try await vault.database.statistics()
                == UrsulaStoreStatistics(
                    arrangementCount: 2, revocationCount: 1, reencryptionCount: 1, reencryptedCapsuleCount: 3))
    }

    @Test("a different arrangement for a kept HRAC is conflictingArrangement; store failures are storageFailed")
    func vaultErrors() async throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let vault = SQLiteUrsulaVault(database: try UrsulaDatabase(directory: directory.path))
        let kept = try fixtures.arrangement("kept").arrangement
        try await vault.storeArrangement(kept)
        let rival = Arrangement(
            hrac: kept.hrac, publisherVerifyingKey: kept.publisherVerifyingKey,
            encryptedKeyFrag: try fixtures.encryptedKeyFrag(for: kept.hrac))
        await #expect(throws: KMSPolicyError.conflictingArrangement(kept.hrac)) {
            try await vault.storeArrangement(rival)
        }
        #expect(try await vault.arrangement(for: kept.hrac) == kept)
        // A re-encryption of no capsules breaks the log's CHECK: refused, as storageFailed.
        let error = await #expect(throws: KMSPolicyError.self) {
            try await vault.recordReencryption(hrac: kept.hrac, capsuleCount: 0, at: UnixTime(secondsSinceEpoch: 1))
        }
        guard case .storageFailed(let reason)? = error else {
            Issue.record("expected storageFailed, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("log a re-encryption"))
        try vault.database.close()
        await #expect(throws: KMSPolicyError.self) { try await vault.arrangement(for: kept.hrac) }
    }
}
