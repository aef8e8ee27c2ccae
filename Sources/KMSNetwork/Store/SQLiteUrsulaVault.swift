public import KMSPolicy
public import UmbralCore

/// KMSPolicy's storage seam on Ursula's SQLite store: an `UrsulaVault` whose every write is on
/// disk before it returns, so a restarted Ursula serves every arrangement she accepted.
///
/// A thin adapter over ``UrsulaDatabase``: it stamps writes with `clock`'s time and translates
/// store failures into KMSPolicy's errors (``KMSNetworkError/arrangementConflict(hrac:)`` becomes
/// `KMSPolicyError.conflictingArrangement`, anything else `KMSPolicyError.storageFailed` with the
/// store's explanation). Several vaults may share one database.
public struct SQLiteUrsulaVault: UrsulaVault {
    /// The store underneath, for status counts and maintenance.
    public let database: UrsulaDatabase

    private let clock: any PolicyClock

    /// A vault over `database`, reading the time for acceptance and revocation stamps from `clock`.
    ///
    /// - Parameters:
    ///   - database: The opened store.
    ///   - clock: Where the time stamps come from; the system clock by default.
    public init(database: UrsulaDatabase, clock: any PolicyClock = SystemPolicyClock()) {
        self.database = database
        self.clock = clock
    }

    /// Keeps `arrangement`, stamped with the current time; the same arrangement again changes
    /// nothing.
    ///
    /// - Parameter arrangement: The arrangement Ursula accepted.
    /// - Throws: `KMSPolicyError.conflictingArrangement` if another is kept for the HRAC;
    ///   `KMSPolicyError.storageFailed` if it could not be written.
    public func storeArrangement(_ arrangement: Arrangement) async throws(KMSPolicyError) {
        let stored = StoredArrangement(arrangement, acceptedAt: await clock.now())
        do throws(KMSNetworkError) {
            try await database.saveArrangement(stored)
        } catch {
            if case .arrangementConflict = error { throw .conflictingArrangement(arrangement.hrac) }
            throw .storageFailed(error.description)
        }
    }

    /// The arrangement accepted for `hrac`, if any.
    ///
    /// - Parameter hrac: The policy's HRAC.
    /// - Returns: The arrangement, or `nil`.
    /// - Throws: `KMSPolicyError.storageFailed` if it could not be read.
    public func arrangement(for hrac: HRAC) async throws(KMSPolicyError) -> Arrangement? {
        try await translated { () throws(KMSNetworkError) in try await database.storedArrangement(for: hrac)?.arrangement }
    }

    /// Keeps the revocation of `order`'s kFrag by `publisherVerifyingKey`, stamped with the current
    /// time; a repeated revocation changes nothing.
    ///
    /// - Parameters:
    ///   - order: The verified order.
    ///   - publisherVerifyingKey: The publisher that signed it.
    /// - Throws: `KMSPolicyError.storageFailed` if it could not be written.
    public func storeRevocation(_ order: RevocationOrder, publisherVerifyingKey: PublicKey) async throws(KMSPolicyError) {
        let now = await clock.now()
        try await translated { () throws(KMSNetworkError) in
            _ = try await database.recordRevocation(order, publisherVerifyingKey: publisherVerifyingKey, revokedAt: now)
        }
    }

    /// Whether `publisherVerifyingKey` revoked `encryptedKeyFrag` here.
    ///
    /// - Parameters:
    ///   - encryptedKeyFrag: The kFrag.
    ///   - publisherVerifyingKey: The publisher.
    /// - Returns: `true` once such a revocation was kept.
    /// - Throws: `KMSPolicyError.storageFailed` if it could not be read.
    public func isRevoked(
        _ encryptedKeyFrag: EncryptedKeyFrag, publisherVerifyingKey: PublicKey
    ) async throws(KMSPolicyError) -> Bool {
        try await translated { () throws(KMSNetworkError) in
            try await database.isRevoked(encryptedKeyFrag, publisherVerifyingKey: publisherVerifyingKey)
        }
    }

    /// Logs that `capsuleCount` capsules of the policy `hrac` were re-encrypted at `time`.
    ///
    /// - Parameters:
    ///   - hrac: The policy's HRAC.
    ///   - capsuleCount: How many capsules; at least 1.
    ///   - time: When.
    /// - Throws: `KMSPolicyError.storageFailed` if it could not be written.
    public func recordReencryption(hrac: HRAC, capsuleCount: Int, at time: UnixTime) async throws(KMSPolicyError) {
        try await translated { () throws(KMSNetworkError) in
            try await database.logReencryption(hrac: hrac, capsuleCount: capsuleCount, servedAt: time)
        }
    }

    /// Runs `body`, turning a store error into the KMSPolicy error the seam promises.
    private func translated<T>(
        _ body: () async throws(KMSNetworkError) -> T
    ) async throws(KMSPolicyError) -> T {
        do {
            return try await body()
        } catch {
            throw .storageFailed(error.description)
        }
    }
}
