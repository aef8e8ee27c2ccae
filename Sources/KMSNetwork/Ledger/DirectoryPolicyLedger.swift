import Foundation
public import KMSPolicy

/// KMSPolicy's `PolicyLedger` in a directory that several processes share: the ledger of a
/// local network of `kms ursula run` processes, Alice and Bob, standing in for the staking and
/// policy contracts (KMSContracts simulates those in one process).
///
/// Layout: `stakes/<address>` (an empty file per staked address) and `policies/<hrac>` (one small
/// JSON record per policy). Every change is a whole file made beside its place and moved in with
/// `link` (which fails if the policy exists, so two Alices cannot both create it) or `rename`
/// (which replaces a record atomically), so a reader never sees half a record and a crash leaves
/// either the old record or the new one.
public struct DirectoryPolicyLedger: PolicyLedger {
    private struct Record: Codable {
        var owner: String
        var shares: Int
        var expiration: Int64
        var revoked: Bool
    }

    /// The ledger's directory.
    public let directory: String
    private let clock: any PolicyClock

    /// A ledger in `directory` (created if missing), checking expirations with `clock`.
    ///
    /// - Throws: `KMSPolicyError/storageFailed(_:)` if the directory cannot be made.
    public init(directory: String, clock: any PolicyClock = SystemPolicyClock()) throws(KMSPolicyError) {
        self.directory = directory
        self.clock = clock
        for sub in ["stakes", "policies"] {
            do {
                try FileManager.default.createDirectory(atPath: directory + "/" + sub, withIntermediateDirectories: true)
            } catch {
                throw .storageFailed("cannot create the ledger directory \(directory)/\(sub): \(error.localizedDescription)")
            }
        }
    }

    /// Registers a stake for `address` (the local network's stand-in for depositing tokens).
    public func stake(_ address: Address) throws(KMSPolicyError) {
        let path = stakePath(address)
        guard FileManager.default.fileExists(atPath: path) || FileManager.default.createFile(atPath: path, contents: Data()) else {
            throw .storageFailed("cannot record the stake of \(address) in \(directory)")
        }
    }

    /// Whether `address` registered a stake.
    public func isStaked(_ address: Address) async throws(KMSPolicyError) -> Bool {
        FileManager.default.fileExists(atPath: stakePath(address))
    }

    /// Records a new policy; fails if its HRAC is taken or it has already expired.
    public func createPolicy(_ record: PolicyRecord) async throws(KMSPolicyError) {
        let now = await clock.now()
        guard record.expiration > now else { throw .expirationNotInFuture(expiration: record.expiration, now: now) }
        let temporary = try write(record, besides: policyPath(record.hrac))
        defer { unlink(temporary) }
        guard link(temporary, policyPath(record.hrac)) == 0 else {
            if errno == EEXIST { throw .policyAlreadyExists(record.hrac) }
            throw .storageFailed("cannot record the policy \(record.hrac): errno \(errno)")
        }
    }

    /// The record of `hrac`, if it was ever created.
    public func policy(for hrac: HRAC) async throws(KMSPolicyError) -> PolicyRecord? {
        guard let data = FileManager.default.contents(atPath: policyPath(hrac)) else { return nil }
        guard let record = try? JSONDecoder().decode(Record.self, from: data), let owner = try? Address(text: record.owner) else {
            throw .storageFailed("the ledger record of \(hrac) is unreadable")
        }
        return PolicyRecord(hrac: hrac, owner: owner, shares: record.shares,
                            expiration: UnixTime(secondsSinceEpoch: record.expiration), isRevoked: record.revoked)
    }

    /// Marks the policy revoked, if `owner` owns it.
    public func revokePolicy(_ hrac: HRAC, owner: Address) async throws(KMSPolicyError) {
        guard let record = try await policy(for: hrac) else { throw .policyNotFound(hrac) }
        guard record.owner == owner else { throw .notPolicyOwner(hrac, caller: owner) }
        let temporary = try write(record.revoked, besides: policyPath(hrac))
        guard rename(temporary, policyPath(hrac)) == 0 else {
            unlink(temporary)
            throw .storageFailed("cannot revoke the policy \(hrac): errno \(errno)")
        }
    }

    private func stakePath(_ address: Address) -> String { "\(directory)/stakes/\(address.checksummed)" }
    private func policyPath(_ hrac: HRAC) -> String { "\(directory)/policies/\(hrac)" }

    /// Writes `record` to a fresh file next to `path`, synced to disk; returns its path.
    private func write(_ record: PolicyRecord, besides path: String) throws(KMSPolicyError) -> String {
        let body = Record(owner: record.owner.checksummed, shares: record.shares,
                          expiration: record.expiration.secondsSinceEpoch, revoked: record.isRevoked)
        let temporary = path + ".\(UUID().uuidString).tmp"
        guard let data = try? JSONEncoder().encode(body) else { throw .storageFailed("cannot encode a ledger record") }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw .storageFailed("cannot write \(temporary): errno \(errno)") }
        defer { close(fd) }
        let written = data.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        guard written == data.count, fsync(fd) == 0 else {
            unlink(temporary)
            throw .storageFailed("cannot write \(temporary): errno \(errno)")
        }
        return temporary
    }
}
