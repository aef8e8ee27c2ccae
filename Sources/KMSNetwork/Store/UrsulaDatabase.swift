import Foundation
import GRDB
public import KMSPolicy
public import UmbralCore

/// An Ursula's durable store: the arrangements she accepted, the kFrags their publishers revoked,
/// and a log of the re-encryptions she served, in one SQLite file in her data directory.
///
/// **Nothing acknowledged is lost.** Each method returns only after its transaction committed in
/// write-ahead-log mode with `synchronous = FULL`, which makes SQLite `fsync` the log on every
/// commit. So once ``saveArrangement(_:)`` returns, the arrangement survives `kill -9` or a power
/// cut at any later moment, and a restarted Ursula serves it. A write that fails (full disk,
/// read-only directory) rolls back as a whole and throws; it never leaves half a row.
///
/// The schema evolves through named, append-only migrations run on open (`1-arrangements`,
/// `2-revocations`, `3-reencryption-log`; see ``migrationIdentifiers``). Reads run concurrently
/// on a pool of read-only connections; writes are serialised on one connection. All methods are
/// `async` and suspend rather than block while SQLite works. Deleted rows are overwritten on disk
/// (`secure_delete`), as the 2018 keystore did.
public final class UrsulaDatabase: Sendable {
    /// The file name of the database inside the data directory.
    public static let fileName = "ursula.sqlite"
    /// The read-only connections the database opens at most, on demand, beside its one writer.
    /// Each connection keeps the database file and its write-ahead log open.
    public static let maximumReaders = 5

    /// The identifiers of the schema migrations this version knows, in the order they run.
    /// Shipped identifiers never change; new ones are appended.
    public static var migrationIdentifiers: [String] { UrsulaDatabaseSchema.identifiers }

    /// The path of the database file.
    public let path: String

    private let pool: DatabasePool

    /// Set if the writer could not be put back to `synchronous = FULL` after a log entry.
    private let durabilityLost = Flag()

    /// Opens (creating if needed) the store in `directory` and brings its schema up to date.
    ///
    /// `directory` and its missing parents are created with mode 0700.
    ///
    /// - Parameter directory: The Ursula's data directory.
    /// - Throws: ``KMSNetworkError/dataDirectoryNotWritable(path:reason:)`` if the directory
    ///   cannot be created or written; ``KMSNetworkError/storageCorrupt(path:reason:)`` for a file
    ///   that is not a SQLite database; ``KMSNetworkError/storageFailed(operation:reason:)`` for a
    ///   database written by a newer version (unknown migrations) or any other failure.
    public convenience init(directory: String) throws(KMSNetworkError) {
        try self.init(directory: directory, maximumPageCount: nil)
    }

    /// `maximumPageCount` caps the file size (SQLite's `max_page_count`), so tests can make the
    /// "disk" fill up.
    init(directory: String, maximumPageCount: Int?) throws(KMSNetworkError) {
        try DataDirectory.prepare(directory)
        let path = directory.hasSuffix("/") ? directory + Self.fileName : directory + "/" + Self.fileName
        self.path = path
        var configuration = Configuration()
        configuration.label = "UrsulaDatabase"
        // A second process on the same file waits for the lock instead of failing at once.
        configuration.busyMode = .timeout(5)
        configuration.maximumReaderCount = Self.maximumReaders
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA secure_delete = ON")
            if let maximumPageCount, !db.configuration.readonly {
                try db.execute(sql: "PRAGMA max_page_count = \(maximumPageCount)")
            }
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // DatabasePool sets `synchronous = NORMAL` after the preparation functions (a commit
            // could then be lost to a power cut); FULL syncs the log on every commit. It is set
            // on the writer, the one connection that commits, for its whole life.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            let migrator = UrsulaDatabaseSchema.migrator
            if try pool.read({ db in try migrator.hasBeenSuperseded(db) }) {
                let unknown = try pool.read { db in
                    try migrator.appliedIdentifiers(db).subtracting(UrsulaDatabaseSchema.identifiers).sorted()
                }
                throw KMSNetworkError.storageFailed(
                    operation: "open \(path)",
                    reason: "it was written by a newer version (unknown migrations \(unknown.joined(separator: ", ")))")
            }
            try migrator.migrate(pool)
        } catch {
            throw Self.storeError(error, operation: "open \(path)", path: path)
        }
    }

    /// Closes the connections. Later calls fail with
    /// ``KMSNetworkError/storageFailed(operation:reason:)``. Dropping the last reference closes
    /// them too; closing explicitly reports a failure instead of ignoring it.
    ///
    /// - Throws: ``KMSNetworkError/storageFailed(operation:reason:)``.
    public func close() throws(KMSNetworkError) {
        do {
            try pool.close()
        } catch {
            throw Self.storeError(error, operation: "close \(path)", path: path)
        }
    }

    // MARK: Arrangements

    /// Stores an arrangement Ursula accepted; call it before answering "accepted".
    ///
    /// Idempotent: the same arrangement again (Alice retrying) is ``ArrangementSaveOutcome/alreadyStored``
    /// and changes nothing. A different arrangement for an HRAC already stored is refused.
    ///
    /// - Parameter arrangement: The arrangement.
    /// - Returns: Whether it was new.
    /// - Throws: ``KMSNetworkError/arrangementConflict(hrac:)`` if the HRAC is stored with another
    ///   kFrag, publisher or expiration; ``KMSNetworkError/storageFull(path:)``; or
    ///   ``KMSNetworkError/storageFailed(operation:reason:)``.
    @discardableResult
    public func saveArrangement(_ arrangement: StoredArrangement) async throws(KMSNetworkError)
        -> ArrangementSaveOutcome
    {
        let path = path
        return try await write("save the arrangement for \(arrangement.hrac)") { db in
            if let row = try Row.fetchOne(
                db, sql: "SELECT * FROM arrangements WHERE hrac = ?", arguments: [Data(arrangement.hrac.bytes)])
            {
                guard try Self.arrangement(from: row, path: path).hasSameTerms(as: arrangement) else {
                    throw KMSNetworkError.arrangementConflict(hrac: arrangement.hrac.description)
                }
                return .alreadyStored
            }
            try db.execute(
                sql: """
                    INSERT INTO arrangements (hrac, publisher_verifying_key, encrypted_kfrag, expiration, accepted_at)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [
                    Data(arrangement.hrac.bytes), Data(arrangement.publisherVerifyingKey.compressedBytes),
                    Data(arrangement.encryptedKeyFrag.bytes), arrangement.expiration?.secondsSinceEpoch,
                    arrangement.acceptedAt.secondsSinceEpoch,
                ])
            return .stored
        }
    }

    /// The arrangement stored for `hrac`, if any.
    ///
    /// - Parameter hrac: The policy's HRAC.
    /// - Returns: The arrangement, or `nil` if Ursula never accepted one for this policy.
    /// - Throws: ``KMSNetworkError/storageCorrupt(path:reason:)`` if the stored row does not parse;
    ///   ``KMSNetworkError/storageFailed(operation:reason:)``.
    public func storedArrangement(for hrac: HRAC) async throws(KMSNetworkError) -> StoredArrangement? {
        let path = path
        return try await read("read the arrangement for \(hrac)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM arrangements WHERE hrac = ?", arguments: [Data(hrac.bytes)])
                .map { row in try Self.arrangement(from: row, path: path) }
        }
    }

    /// Every stored arrangement, oldest first (by acceptance time, then HRAC).
    ///
    /// - Returns: The arrangements.
    /// - Throws: as ``storedArrangement(for:)``.
    public func allArrangements() async throws(KMSNetworkError) -> [StoredArrangement] {
        let path = path
        return try await read("list the arrangements") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM arrangements ORDER BY accepted_at, hrac")
                .map { row in try Self.arrangement(from: row, path: path) }
        }
    }

    // MARK: Revocations

    /// Records that the publisher revoked a kFrag at this Ursula; call it after checking the order
    /// (`RevocationOrder.verify(aliceVerifyingKey:)`) and before answering.
    ///
    /// Idempotent: a second order for the same kFrag and publisher changes nothing.
    ///
    /// - Parameters:
    ///   - order: The verified revocation order; its kFrag is the one revoked, and its bytes are
    ///     kept as evidence.
    ///   - publisherVerifyingKey: The publisher that signed the order.
    ///   - revokedAt: When Ursula accepted the order.
    /// - Returns: `true` if the revocation is new, `false` if it was already recorded.
    /// - Throws: ``KMSNetworkError/storageFull(path:)`` or
    ///   ``KMSNetworkError/storageFailed(operation:reason:)``.
    @discardableResult
    public func recordRevocation(
        _ order: RevocationOrder, publisherVerifyingKey: PublicKey, revokedAt: UnixTime
    ) async throws(KMSNetworkError) -> Bool {
        try await write("record a revocation") { db in
            try db.execute(
                sql: """
                    INSERT INTO revocations (encrypted_kfrag, publisher_verifying_key, revocation_order, revoked_at)
                    VALUES (?, ?, ?, ?)
                    ON CONFLICT (encrypted_kfrag, publisher_verifying_key) DO NOTHING
                    """,
                arguments: [
                    Data(order.encryptedKeyFrag.bytes), Data(publisherVerifyingKey.compressedBytes), Data(order.bytes),
                    revokedAt.secondsSinceEpoch,
                ])
            return db.changesCount == 1
        }
    }

    /// Whether `publisherVerifyingKey` revoked `encryptedKeyFrag` at this Ursula.
    ///
    /// - Parameters:
    ///   - encryptedKeyFrag: The kFrag, as a request or treasure map carries it.
    ///   - publisherVerifyingKey: The publisher named alongside it.
    /// - Returns: `true` once a revocation for this pair was recorded.
    /// - Throws: ``KMSNetworkError/storageFailed(operation:reason:)``.
    public func isRevoked(
        _ encryptedKeyFrag: EncryptedKeyFrag, publisherVerifyingKey: PublicKey
    ) async throws(KMSNetworkError) -> Bool {
        try await read("check a revocation") { db in
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM revocations
                                   WHERE encrypted_kfrag = ? AND publisher_verifying_key = ?)
                    """,
                arguments: [Data(encryptedKeyFrag.bytes), Data(publisherVerifyingKey.compressedBytes)]) ?? false
        }
    }

    // MARK: Re-encryption log

    /// Logs a re-encryption Ursula served: the policy, Bob's verifying key, the Keccak-256 digest
    /// of the request bytes and the number of capsules.
    ///
    /// The log is a record, not an acknowledgement, so its commits skip the `fsync` that
    /// arrangements and revocations pay for (one per commit, several milliseconds; about four
    /// times the throughput). A killed process loses no entry, since the operating system holds
    /// the write; a power cut can lose the last few, never a row of another table, because the next
    /// durable commit syncs the whole write-ahead log.
    ///
    /// - Parameters:
    ///   - request: The request she answered.
    ///   - servedAt: When she answered it.
    /// - Throws: ``KMSNetworkError/storageFull(path:)`` or
    ///   ``KMSNetworkError/storageFailed(operation:reason:)``.
    public func logReencryption(_ request: ReencryptionRequest, servedAt: UnixTime) async throws(KMSNetworkError) {
        let digest = Keccak256.hash(request.bytes)
        try await writeWithoutSync("log a re-encryption for \(request.hrac)") { db in
            try db.execute(
                sql: """
                    INSERT INTO reencryption_log (hrac, bob_verifying_key, request_digest, capsule_count, served_at)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [
                    Data(request.hrac.bytes), Data(request.bobVerifyingKey.compressedBytes), Data(digest),
                    request.capsules.count, servedAt.secondsSinceEpoch,
                ])
        }
    }

    /// Logs a re-encryption served for the policy `hrac` when the request itself is not at hand;
    /// Bob's key and the request digest stay empty.
    ///
    /// - Parameters:
    ///   - hrac: The policy's HRAC.
    ///   - capsuleCount: How many capsules were re-encrypted; at least 1.
    ///   - servedAt: When they were.
    /// - Throws: ``KMSNetworkError/storageFull(path:)`` or
    ///   ``KMSNetworkError/storageFailed(operation:reason:)`` (also for a count below 1).
    public func logReencryption(hrac: HRAC, capsuleCount: Int, servedAt: UnixTime) async throws(KMSNetworkError) {
        try await writeWithoutSync("log a re-encryption for \(hrac)") { db in
            try db.execute(
                sql: "INSERT INTO reencryption_log (hrac, capsule_count, served_at) VALUES (?, ?, ?)",
                arguments: [Data(hrac.bytes), capsuleCount, servedAt.secondsSinceEpoch])
        }
    }

    /// How many re-encryption requests were served for the policy `hrac`.
    ///
    /// - Parameter hrac: The policy's HRAC.
    /// - Returns: The number of logged requests.
    /// - Throws: ``KMSNetworkError/storageFailed(operation:reason:)``.
    public func reencryptionCount(for hrac: HRAC) async throws(KMSNetworkError) -> Int {
        try await read("count re-encryptions for \(hrac)") { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM reencryption_log WHERE hrac = ?", arguments: [Data(hrac.bytes)])
                ?? 0
        }
    }

    // MARK: Status

    /// What the store holds, read in one consistent snapshot.
    ///
    /// - Returns: The counts.
    /// - Throws: ``KMSNetworkError/storageFailed(operation:reason:)``.
    public func statistics() async throws(KMSNetworkError) -> UrsulaStoreStatistics {
        try await read("count the stored rows") { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT (SELECT count(*) FROM arrangements),
                           (SELECT count(*) FROM revocations),
                           (SELECT count(*) FROM reencryption_log),
                           (SELECT coalesce(sum(capsule_count), 0) FROM reencryption_log)
                    """)
            return UrsulaStoreStatistics(
                arrangementCount: row?[0] ?? 0, revocationCount: row?[1] ?? 0, reencryptionCount: row?[2] ?? 0,
                reencryptedCapsuleCount: row?[3] ?? 0)
        }
    }

    /// Runs SQLite's full `integrity_check`, for a node to call at start-up or from an operator
    /// command. It reads the whole file, so it takes time proportional to its size.
    ///
    /// - Throws: ``KMSNetworkError/storageCorrupt(path:reason:)`` with SQLite's first findings if
    ///   the check does not answer "ok".
    public func checkIntegrity() async throws(KMSNetworkError) {
        let path = path
        try await read("check integrity") { db in
            let findings = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            guard findings == ["ok"] else {
                throw KMSNetworkError.storageCorrupt(path: path, reason: findings.prefix(5).joined(separator: "; "))
            }
        }
    }

    /// The value of `PRAGMA name` on the writer connection, for tests of the durability settings.
    func writerPragma(_ name: String) async throws(KMSNetworkError) -> String? {
        do {
            return try await pool.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA \(name)") }
        } catch {
            throw Self.storeError(error, operation: "read PRAGMA \(name)", path: path)
        }
    }

    /// The migrations recorded as applied in the file, in the order they ran; for tests.
    func appliedMigrationIdentifiers() async throws(KMSNetworkError) -> [String] {
        try await read("list the applied migrations") { db in
            try UrsulaDatabaseSchema.migrator.appliedMigrations(db)
        }
    }

    /// Runs raw SQL on the writer, bypassing every check; for tests that damage the file.
    func executeForTesting(_ sql: String) async throws(KMSNetworkError) {
        try await write("execute test SQL") { db in try db.execute(sql: sql) }
    }

    // MARK: Plumbing

    private func write<T: Sendable>(
        _ operation: String, _ updates: @escaping @Sendable (Database) throws -> T
    ) async throws(KMSNetworkError) -> T {
        guard !durabilityLost.isSet else {
            throw .storageFailed(operation: operation, reason: "the writer could not be set back to synchronous = FULL")
        }
        do {
            return try await pool.write(updates)
        } catch {
            throw Self.storeError(error, operation: operation, path: path)
        }
    }

    /// A write committed with `synchronous = NORMAL`: in WAL mode the commit is not synced, and a
    /// crash may lose it (only it: the database stays consistent). The writer goes back to FULL
    /// before anything else runs on it; if that fails, every later write is refused rather than
    /// committed without its sync.
    private func writeWithoutSync<T: Sendable>(
        _ operation: String, _ updates: @escaping @Sendable (Database) throws -> T
    ) async throws(KMSNetworkError) -> T {
        do {
            return try await pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                var result: Result<T, any Error>
                do {
                    var value: T?
                    try db.inTransaction {
                        value = try updates(db)
                        return .commit
                    }
                    result = .success(value!)
                } catch {
                    result = .failure(error)
                }
                do {
                    try db.execute(sql: "PRAGMA synchronous = FULL")
                } catch {
                    durabilityLost.set()
                    throw error
                }
                return try result.get()
            }
        } catch {
            throw Self.storeError(error, operation: operation, path: path)
        }
    }

    private func read<T: Sendable>(
        _ operation: String, _ value: @escaping @Sendable (Database) throws -> T
    ) async throws(KMSNetworkError) -> T {
        do {
            return try await pool.read(value)
        } catch {
            throw Self.storeError(error, operation: operation, path: path)
        }
    }

    /// Decodes one `arrangements` row; a row that does not parse means the file was damaged or
    /// written by something else, since every row was checked on the way in.
    private static func arrangement(from row: Row, path: String) throws -> StoredArrangement {
        func blob(_ column: String) throws -> [UInt8] {
            guard let data = row[column] as Data? else {
                throw KMSNetworkError.storageCorrupt(path: path, reason: "arrangements.\(column) is not a blob")
            }
            return Array(data)
        }
        do {
            return StoredArrangement(
                hrac: try HRAC(bytes: blob("hrac")),
                publisherVerifyingKey: try PublicKey(compressedBytes: blob("publisher_verifying_key")),
                encryptedKeyFrag: try EncryptedKeyFrag(bytes: blob("encrypted_kfrag")),
                expiration: (row["expiration"] as Int64?).map(UnixTime.init(secondsSinceEpoch:)),
                acceptedAt: UnixTime(secondsSinceEpoch: row["accepted_at"]))
        } catch let error as KMSNetworkError {
            throw error
        } catch {
            throw KMSNetworkError.storageCorrupt(path: path, reason: "a stored arrangement does not parse: \(error)")
        }
    }

    /// One ``KMSNetworkError`` for any failure inside GRDB: errors this type threw pass through,
    /// SQLite result codes are sorted into full disk, corruption, read-only and the rest.
    static func storeError(_ error: any Error, operation: String, path: String) -> KMSNetworkError {
        if let error = error as? KMSNetworkError { return error }
        guard let error = error as? DatabaseError else {
            return .storageFailed(operation: operation, reason: "\(error)")
        }
        let reason = error.message ?? "SQLite error \(error.extendedResultCode.rawValue)"
        switch error.resultCode {
        case .SQLITE_FULL:
            return .storageFull(path: path)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return .storageCorrupt(path: path, reason: reason)
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN:
            return .dataDirectoryNotWritable(path: path, reason: reason)
        default:
            return .storageFailed(operation: operation, reason: reason)
        }
    }
}

/// A flag that is set once and read from any thread.
private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }

    func set() { lock.withLock { value = true } }
}
