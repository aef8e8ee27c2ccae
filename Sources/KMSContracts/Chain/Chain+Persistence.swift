#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The save-file envelope: a format name and version around the whole chain.
private struct ChainSnapshot: Codable {
    static let formatName = "KMSContracts chain"
    static let currentVersion = 1

    var format: String
    var version: Int
    var chain: Chain
}

extension Chain {
    /// The chain as JSON: every contract's storage, the event log and the time, with amounts as
    /// decimal strings.
    ///
    /// - Returns: UTF-8 JSON bytes.
    /// - Throws: ``KMSContractsError/persistenceFailed(path:reason:)`` if encoding fails.
    public func snapshotBytes() throws(KMSContractsError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            let snapshot = ChainSnapshot(format: ChainSnapshot.formatName, version: ChainSnapshot.currentVersion, chain: self)
            return Array(try encoder.encode(snapshot))
        } catch {
            throw .persistenceFailed(path: "", reason: "encoding failed: \(error)")
        }
    }

    /// A chain from bytes made by ``snapshotBytes()``.
    ///
    /// - Parameter snapshotBytes: The JSON.
    /// - Throws: ``KMSContractsError/persistenceFailed(path:reason:)`` for bytes that are not a
    ///   saved chain of this format version.
    public init(snapshotBytes: [UInt8]) throws(KMSContractsError) {
        try self.init(snapshotBytes: snapshotBytes, path: "")
    }

    /// Saves the chain to `path` atomically: the bytes go to a temporary file in the same
    /// directory, which is then renamed over `path`, so a crash leaves the old file or the new
    /// one, never half of one.
    ///
    /// - Parameter path: The file to write.
    /// - Throws: ``KMSContractsError/persistenceFailed(path:reason:)``.
    public func save(to path: String) throws(KMSContractsError) {
        let bytes = try snapshotBytes()
        let temporary = "\(path).tmp-\(getpid())"
        guard let file = fopen(temporary, "wb") else {
            throw .persistenceFailed(path: path, reason: "cannot create \(temporary): errno \(errno)")
        }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        let flushed = fflush(file) == 0 && fsync(fileno(file)) == 0
        fclose(file)
        guard written == bytes.count, flushed else {
            unlink(temporary)
            throw .persistenceFailed(path: path, reason: "short write to \(temporary)")
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw .persistenceFailed(path: path, reason: "rename failed: errno \(code)")
        }
    }

    /// Restores a chain saved by ``save(to:)``.
    ///
    /// - Parameter path: The saved file.
    /// - Throws: ``KMSContractsError/persistenceFailed(path:reason:)``.
    public init(contentsOf path: String) throws(KMSContractsError) {
        guard let file = fopen(path, "rb") else {
            throw .persistenceFailed(path: path, reason: "cannot open: errno \(errno)")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        guard ferror(file) == 0 else { throw .persistenceFailed(path: path, reason: "read error") }
        try self.init(snapshotBytes: bytes, path: path)
    }

    private init(snapshotBytes: [UInt8], path: String) throws(KMSContractsError) {
        let snapshot: ChainSnapshot
        do {
            snapshot = try JSONDecoder().decode(ChainSnapshot.self, from: Data(snapshotBytes))
        } catch {
            throw .persistenceFailed(path: path, reason: "not a saved chain: \(error)")
        }
        guard snapshot.format == ChainSnapshot.formatName, snapshot.version == ChainSnapshot.currentVersion else {
            throw .persistenceFailed(
                path: path, reason: "format \(snapshot.format) version \(snapshot.version) is not supported")
        }
        self = snapshot.chain
    }
}
