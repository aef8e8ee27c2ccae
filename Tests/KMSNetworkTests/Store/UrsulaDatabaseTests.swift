import Foundation
import KMSPolicy
import Testing
import UmbralCore

@testable import KMSNetwork

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Ursula's SQLite store")
struct UrsulaDatabaseTests {
    let fixtures = StoreFixtures()

    @Test("the migrations are exactly the shipped list, in order, and a new file applies them all")
    func migrationList() async throws {
        // Append-only: a new migration is added at the end of this list, never edited or inserted.
        #expect(UrsulaDatabase.migrationIdentifiers == ["1-arrangements", "2-revocations", "3-reencryption-log"])
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let database = try UrsulaDatabase(directory: directory.path)
        #expect(try await database.appliedMigrationIdentifiers() == UrsulaDatabase.migrationIdentifiers)
        #expect(database.path == directory.path + "/ursula.sqlite")
    }

    @Test("the writer commits in WAL mode with synchronous = FULL and secure_delete on")
    func durabilitySettings() async throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let database = try UrsulaDatabase(directory: directory.path)
        #expect(try await database.writerPragma("journal_mode") == "wal")
        #expect(try await database.writerPragma("synchronous") == "2", "2 is FULL; GRDB's pool default is NORMAL (1)")
        #expect(try await database.writerPragma("secure_delete") == "1")
        try database.close()
        let reopened = try UrsulaDatabase(directory: directory.path)
        #expect(try await reopened.writerPragma("synchronous") == "2")
    }

    @Test("an arrangement reads back exactly as saved; an unknown HRAC reads back nil")
    func arrangementRoundTrip() async throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let database = try UrsulaDatabase(directory: directory.path)
        let arrangement = try fixtures.arrangement("round trip")
        #expect(try await database.saveArrangement(arrangement) == .stored)
        let read = try await database.storedArrangement(for: arrangement.hrac)
        #expect(read == arrangement)
        #expect(read?.encryptedKeyFrag.bytes == arrangement.encryptedKeyFrag.bytes)
        #expect(try await database.storedArrangement(for: fixtures.hrac("never granted")) == nil)
        // The kFrag still opens for the Ursula after the trip through SQLite.
        let keyFrag = try #require(read).encryptedKeyFrag.decrypt(
            secretKey: fixtures.ursulaKey, hrac: arrangement.hrac, publisherVerifyingKey: fixtures.publisherKey)
        _ = keyFrag
    }

    @Test("saving the same arrangement again is idempotent and keeps the first acceptance time")
    func idempotentSave() async throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let database = try UrsulaDatabase(directory: directory.path)
        let arrangement = try fixtures.arrangement("retry")
        #expect(try await database.saveArrangement(arrangement) == .stored)
        #expect(try await database.saveArrangement(arrangement) == .alreadyStored)
        let later = StoredArrangement(
            hrac: arrangement.hrac, publisherVerifyingKey: arrangement.publisherVerifyingKey,
            encryptedKeyFrag: arrangement.encryptedKeyFrag, expiration: arrangement.expiration,
            acceptedAt: arrangement.acceptedAt.adding(seconds: 60))
        #expect(try await database.saveArrangement(later) == .alreadyStored)
        #expect(try await database.storedArrangement(for: arrangement.hrac)?.acceptedAt == arrangement.acceptedAt)
        #expect(try await database.statistics().arrangementCount == 1)
    }

    @Test("a different kFrag, publisher or expiration for a stored HRAC is a conflict, and the first stays")
    func conflictingSave() async throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let database = try UrsulaDatabase(directory: directory.path)
        let arrangement = try fixtures.arrangement("conflict")
        try await database.saveArrangement(arrangement)
        let otherKeyFrag = StoredArrangement(
            hrac: arrangement.hrac, publisherVerifyingKey: arrangement.publisherVerifyingKey,
            encryptedKeyFrag: try fixtures.encryptedKeyFrag(for: arrangement.hrac), expiration: arrangement.expiration,
            acceptedAt: arrangement.acceptedAt)
        let otherPublisher = StoredArrangement(
            hrac: arrangement.hrac, publisherVerifyingKey: SecretKey.random().publicKey,
            encryptedKeyFrag: arrangement.encryptedKeyFrag, expiration: arrangement.expiration,
            acceptedAt: arrangement.acceptedAt)
        let otherExpiration = StoredArrangement(
            hrac: arrangement.hrac, publisherVerifyingKey: arrangement.publisherVerifyingKey,
            encryptedKeyFrag: arrangement.encryptedKeyFrag, expiration: arrangement.expiration?.adding(days: 1),
            acceptedAt: arrangement.acceptedAt)
        for conflicting in [otherKeyFrag, otherPublisher, otherExpiration] {
            await #expect(throws: KMSNetworkError.arrangementConflict(hrac: arrangement.hrac.description)) {
                try await database.saveArrangement(conflicting)
            }
        }
        #expect(try await database.storedArrangement(for: arrangement.hrac) == arrangement)
        #expect(try await database.statistics().arrangementCount == 1)
    }

    @Test("a revocation binds the kFrag with its publisher, is idempotent, and is counted")
    func revocations() async throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let database = try UrsulaDatabase(directory: directory.path)
        let revoked = try fixtures.arrangement("revoked")
        let kept = try fixtures.arrangement("kept")
        try await database.saveArrangement(revoked)
        try await database.saveArrangement(kept)
        let order = fixtures.revocation(of: revoked)
        let now = UnixTime(secondsSinceEpoch: 1_800_000_000)
        #expect(try await database.isRevoked(revoked.encryptedKeyFrag, publisherVerifyingKey: fixtures.publisherKey) == false)
        #expect(try await database.recordRevocation(order, publisherVerifyingKey: fixtures.publisherKey, revokedAt: now))
        #expect(try await database.recordRevocation(order, publisherVerifyingKey: fixtures.publisherKey, revokedAt: now) == false)
        #expect(try await database.isRevoked(revoked.encryptedKeyFrag, publisherVerifyingKey: fixtures.publisherKey))
        #expect(try await database.isRevoked(kept.encryptedKeyFrag, publisherVerifyingKey: fixtures.publisherKey) == false)
        // Someone else's key does not revoke (or un-revoke) Alice's kFrag.
        let stranger = SecretKey.random().publicKey
        #expect(try await database.isRevoked(revoked.encryptedKeyFrag, publisherVerifyingKey: stranger) == false)
        #expect(try await database.statistics().revocationCount == 1)
    }

    @Test("served re-encryptions are logged per policy, with their capsule counts")
    func reencryptionLog() async throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let database = try UrsulaDatabase(directory: directory.path)
        let first = try fixtures.arrangement("first")
        let second = try fixtures.arrangement("second")
        let served = UnixTime(secondsSinceEpoch: 1_750_000_000)
        try await database.logReencryption(fixtures.request(for: first, capsuleCount: 3), servedAt: served)
        try await database.logReencryption(fixtures.request(for: first, capsuleCount: 2), servedAt: served)
        try await database.logReencryption(fixtures.request(for: second, capsuleCount: 1), servedAt: served)
        #expect(try await database.reencryptionCount(for: first.hrac) == 2)
        #expect(try await database.reencryptionCount(for: second.hrac) == 1)
        #expect(try await database.reencryptionCount(for: fixtures.hrac("none")) == 0)
        #expect(
            try await database.statistics()
                == UrsulaStoreStatistics(
                    arrangementCount: 0, revocationCount: 0, reencryptionCount: 3, reencryptedCapsuleCount: 6))
    }

    @Test("closing and reopening keeps every arrangement, revocation and log entry")
    func reopenKeepsEverything() async throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let arrangements = try (0..<5).map { try fixtures.arrangement("policy \($0)", acceptedAt: 1_700_000_000 + Int64($0)) }
        do {
            let database = try UrsulaDatabase(directory: directory.path)
            for arrangement in arrangements { try await database.saveArrangement(arrangement) }
            try await database.recordRevocation(
                fixtures.revocation(of: arrangements[0]), publisherVerifyingKey: fixtures.publisherKey,
                revokedAt: UnixTime(secondsSinceEpoch: 1_800_000_000))
            try await database.logReencryption(
                fixtures.request(for: arrangements[1], capsuleCount: 4), servedAt: UnixTime(secondsSinceEpoch: 1_800_000_001))
            try database.close()
            await #expect(throws: KMSNetworkError.self) { try await database.statistics() }
        }
        let reopened = try UrsulaDatabase(directory: directory.path)
        #expect(try await reopened.allArrangements() == arrangements)
        #expect(try await reopened.isRevoked(arrangements[0].encryptedKeyFrag, publisherVerifyingKey: fixtures.publisherKey))
        #expect(try await reopened.reencryptionCount(for: arrangements[1].hrac) == 1)
        #expect(
            try await reopened.statistics()
                == UrsulaStoreStatistics(
                    arrangementCount: 5, revocationCount: 1, reencryptionCount: 1, reencryptedCapsuleCount: 4))
        #expect(try await reopened.appliedMigrationIdentifiers() == UrsulaDatabase.migrationIdentifiers)
        try await reopened.checkIntegrity()
    }

    /// What `kill -9` leaves on disk is the database file, its write-ahead log and its shared-memory
    /// index as they are at that instant, with no clean close. Copying the three files byte for byte
    /// while the store is still open, and opening the copy, is that crash: every write that returned
    /// must be in the copy, recovered from the log.
    @Test("a copy of the open store's files, taken without closing (as kill -9 leaves them), holds every acknowledged write")
    func crashCopyKeepsAcknowledgedWrites() async throws {
        let live = TemporaryDirectory("crashLive")
        let crashed = TemporaryDirectory("crashCopy")
        defer {
            live.cleanUp()
            crashed.cleanUp()
        }
        let database = try UrsulaDatabase(directory: live.path)
        let fixtures = fixtures
        let arrangements = try (0..<60).map { try fixtures.arrangement("crash \($0)", acceptedAt: 1_700_000_000 + Int64($0)) }
        // Concurrent writers and readers, as the REST handlers would be.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for arrangement in arrangements {
                group.addTask {
                    let outcome = try await database.saveArrangement(arrangement)
                    let readBack = try await database.storedArrangement(for: arrangement.hrac)
                    #expect(outcome == .stored)
                    #expect(readBack == arrangement)
                }
            }
            try await group.waitForAll()
        }
        try await database.recordRevocation(
            fixtures.revocation(of: arrangements[7]), publisherVerifyingKey: fixtures.publisherKey,
            revokedAt: UnixTime(secondsSinceEpoch: 1_800_000_000))
        try await database.logReencryption(
            fixtures.request(for: arrangements[8], capsuleCount: 2), servedAt: UnixTime(secondsSinceEpoch: 1_800_000_001))

        // The acknowledged rows live in the log, not yet checkpointed into the main file: the copy
        // must recover them from it.
        let walSize = try FileManager.default.attributesOfItem(atPath: database.path + "-wal")[.size] as? Int ?? 0
        #expect(walSize > 0, "the writes should still be in the write-ahead log")
        try FileManager.default.createDirectory(atPath: crashed.path, withIntermediateDirectories: true)
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: database.path + suffix) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: database.path + suffix))
            try bytes.write(to: URL(fileURLWithPath: crashed.path + "/" + UrsulaDatabase.fileName + suffix))
        }

        let recovered = try UrsulaDatabase(directory: crashed.path)
        try await recovered.checkIntegrity()
        #expect(try await recovered.allArrangements() == arrangements)
        for arrangement in arrangements {
            #expect(try await recovered.storedArrangement(for: arrangement.hrac) == arrangement)
        }
        #expect(try await recovered.isRevoked(arrangements[7].encryptedKeyFrag, publisherVerifyingKey: fixtures.publisherKey))
        #expect(try await recovered.reencryptionCount(for: arrangements[8].hrac) == 1)
        // The live store is untouched by the copy and still works.
        #expect(try await database.statistics().arrangementCount == 60)
    }

    @Test("200 concurrent re-encryption requests read and log through one store without loss")
    func concurrentReencryptions() async throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let database = try UrsulaDatabase(directory: directory.path)
        let fixtures = fixtures
        let arrangement = try fixtures.arrangement("busy")
        try await database.saveArrangement(arrangement)
        let request = try fixtures.request(for: arrangement, capsuleCount: 1)
        let served = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<200 {
                group.addTask {
                    // What Ursula reads and writes for each request.
                    let stored = try await database.storedArrangement(for: arrangement.hrac)
                    let revoked = try await database.isRevoked(
                        arrangement.encryptedKeyFrag, publisherVerifyingKey: fixtures.publisherKey)
                    try await database.logReencryption(request, servedAt: UnixTime(secondsSinceEpoch: Int64(index)))
                    return stored == arrangement && !revoked
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(served == 200)
        #expect(try await database.reencryptionCount(for: arrangement.hrac) == 200)
        #expect(try await database.statistics().reencryptedCapsuleCount == 200)
        // Log entries commit without a sync; the writer is back to FULL for what follows.
        #expect(try await database.writerPragma("synchronous") == "2")
        try await database.saveArrangement(try fixtures.arrangement("after the log"))
        #expect(try await database.writerPragma("synchronous") == "2")
    }

    @Test("a full disk refuses the write with storageFull, rolls it back and keeps everything before it")
    func fullDisk() async throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        // 12 pages of 4 KiB: the schema takes a few, each arrangement about 600 bytes.
        let database = try UrsulaDatabase(directory: directory.path, maximumPageCount: 12)
        var saved: [StoredArrangement] = []
        var failure: KMSNetworkError?
        for index in 0..<200 {
            let arrangement = try fixtures.arrangement("fill \(index)", acceptedAt: 1_700_000_000 + Int64(index))
            do throws(KMSNetworkError) {
                try await database.saveArrangement(arrangement)
                saved.append(arrangement)
            } catch {
                failure = error
                // The refused arrangement is not half there.
                #expect(try await database.storedArrangement(for: arrangement.hrac) == nil)
                break
            }
        }
        #expect(failure == .storageFull(path: database.path))
        #expect(saved.count > 3)
        #expect(try await database.allArrangements() == saved)
        try await database.checkIntegrity()
        try database.close()

        // With room again, the same file takes more writes.
        let roomy = try UrsulaDatabase(directory: directory.path)
        try await roomy.saveArrangement(try fixtures.arrangement("after"))
        #expect(try await roomy.statistics().arrangementCount == saved.count + 1)
    }

    @Test("a data directory that cannot be created is refused with dataDirectoryNotWritable")
    func uncreatableDirectory() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        try FileManager.default.createDirectory(atPath: directory.path, withIntermediateDirectories: true)
        let file = directory.path + "/a-file"
        try Data("not a directory".utf8).write(to: URL(fileURLWithPath: file))
        for path in [file, file + "/data"] {
            let error = #expect(throws: KMSNetworkError.self) { try UrsulaDatabase(directory: path) }
            guard case .dataDirectoryNotWritable(let reportedPath, _)? = error else {
                Issue.record("expected dataDirectoryNotWritable, got \(String(describing: error))")
                continue
            }
            #expect(reportedPath == file || reportedPath == file + "/data")
        }
    }

    @Test("a read-only data directory is refused with dataDirectoryNotWritable, and its store is untouched")
    func readOnlyDirectory() async throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let arrangement = try fixtures.arrangement("before read-only")
        do {
            let database = try UrsulaDatabase(directory: directory.path)
            try await database.saveArrangement(arrangement)
            try database.close()
        }
        let contentsBefore = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        let bytesBefore = try Data(contentsOf: URL(fileURLWithPath: directory.path + "/" + UrsulaDatabase.fileName))
        try ReadOnlyDirectory.withReadOnly(directory.path) {
            let error = #expect(throws: KMSNetworkError.self) { try UrsulaDatabase(directory: directory.path) }
            guard case .dataDirectoryNotWritable(let path, let reason)? = error else {
                Issue.record("expected dataDirectoryNotWritable, got \(String(describing: error))")
                return
            }
            #expect(path == directory.path)
            #expect(!reason.isEmpty)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == contentsBefore)
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory.path + "/" + UrsulaDatabase.fileName)) == bytesBefore)
        let reopened = try UrsulaDatabase(directory: directory.path)
        #expect(try await reopened.storedArrangement(for: arrangement.hrac) == arrangement)
    }

    @Test("a file that is not SQLite is reported as storageCorrupt, not overwritten")
    func notADatabase() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        try FileManager.default.createDirectory(atPath: directory.path, withIntermediateDirectories: true)
        let path = directory.path + "/" + UrsulaDatabase.fileName
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) })
        try garbage.write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: KMSNetworkError.self) { try UrsulaDatabase(directory: directory.path) }
        guard case .storageCorrupt(let reportedPath, _)? = error else {
            Issue.record("expected storageCorrupt, got \(String(describing: error))")
            return
        }
        #expect(reportedPath == path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
    }

    @Test("a damaged row reads as storageCorrupt")
    func damagedRow() async throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let database = try UrsulaDatabase(directory: directory.path)
        let arrangement = try fixtures.arrangement("damaged")
        try await database.saveArrangement(arrangement)
        // A 33-byte blob that is not a point: the length check passes, the key parser refuses.
        try await database.executeForTesting(
            "UPDATE arrangements SET publisher_verifying_key = zeroblob(33)")
        let error = await #expect(throws: KMSNetworkError.self) { try await database.storedArrangement(for: arrangement.hrac) }
        guard case .storageCorrupt(let path, _)? = error else {
            Issue.record("expected storageCorrupt, got \(String(describing: error))")
            return
        }
        #expect(path == database.path)
    }

    @Test("a store written by a newer version (an unknown migration) is refused, not downgraded")
    func newerVersion() async throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        do {
            let database = try UrsulaDatabase(directory: directory.path)
            try await database.executeForTesting("INSERT INTO grdb_migrations (identifier) VALUES ('4-from-the-future')")
            try database.close()
        }
        let error = #expect(throws: KMSNetworkError.self) { try UrsulaDatabase(directory: directory.path) }
        guard case .storageFailed(_, let reason)? = error else {
            Issue.record("expected storageFailed, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("4-from-the-future"))
    }

    @Test("the schema refuses rows of the wrong shape even through raw SQL")
    func schemaChecks() async throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let database = try UrsulaDatabase(directory: directory.path)
        for sql in [
            "INSERT INTO arrangements VALUES (zeroblob(15), zeroblob(33), x'00', 1, 1)",
            "INSERT INTO arrangements VALUES (zeroblob(16), zeroblob(32), x'00', 1, 1)",
            "INSERT INTO arrangements VALUES (zeroblob(16), zeroblob(33), x'00', 'soon', 1)",
            "INSERT INTO reencryption_log (hrac, bob_verifying_key, request_digest, capsule_count, served_at) VALUES (zeroblob(16), zeroblob(33), zeroblob(32), 0, 1)",
        ] {
            await #expect(throws: KMSNetworkError.self, "\(sql)") { try await database.executeForTesting(sql) }
        }
        #expect(try await database.statistics().arrangementCount == 0)
    }
}

/// Makes a directory read-only for the length of a closure. Permission bits do not stop root, so
/// when the tests run as root the directory is also marked immutable (`chattr +i`, through the
/// `FS_IOC_SETFLAGS` ioctl), which root cannot write through either.
enum ReadOnlyDirectory {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func withReadOnly(_ path: String, _ body: () throws -> Void) throws {
        guard chmod(path, 0o500) == 0 else { throw Failure(description: "chmod 500 \(path) failed") }
        defer { chmod(path, 0o700) }
        #if os(Linux)
        if geteuid() == 0 {
            try setImmutable(path, true)
        }
        defer { if geteuid() == 0 { try? setImmutable(path, false) } }
        #endif
        // The premise of the test: nobody, root included, can now create a file here.
        let probe = open(path + "/probe", O_CREAT | O_WRONLY, 0o600)
        if probe >= 0 {
            close(probe)
            unlink(path + "/probe")
            throw Failure(description: "\(path) is still writable; cannot test a read-only directory")
        }
        try body()
    }

    #if os(Linux)
    private static func setImmutable(_ path: String, _ immutable: Bool) throws {
        let getFlags: UInt = 0x8008_6601  // FS_IOC_GETFLAGS
        let setFlags: UInt = 0x4008_6602  // FS_IOC_SETFLAGS
        let immutableFlag: CInt = 0x10  // FS_IMMUTABLE_FL
        let descriptor = open(path, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { throw Failure(description: "cannot open \(path)") }
        defer { close(descriptor) }
        var flags: CInt = 0
        guard ioctl(descriptor, getFlags, &flags) == 0 else {
            throw Failure(description: "FS_IOC_GETFLAGS failed on \(path): \(String(cString: strerror(errno)))")
        }
        flags = immutable ? flags | immutableFlag : flags & ~immutableFlag
        guard ioctl(descriptor, setFlags, &flags) == 0 else {
            throw Failure(description: "FS_IOC_SETFLAGS failed on \(path): \(String(cString: strerror(errno)))")
        }
    }
    #endif
}
