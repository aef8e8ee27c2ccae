#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import UmbralCore

/// A file named by a command-line option, with the typed reads and writes of umbral-pre's file
/// forms: secret keys as 32 raw bytes, public keys as 33 compressed bytes, and capsules, kFrags
/// and cFrags in their MessagePack form.
///
/// Every error names the option and the path, e.g. `--capsule 'c.bin': …`.
struct FileOption: CustomStringConvertible {
    let option: String
    let path: String

    init(_ option: String, _ path: String) {
        self.option = option
        self.path = path
    }

    var description: String { "\(option) '\(path)'" }

    // MARK: Typed reads

    func readSecretKey() throws(CommandError) -> SecretKey {
        var bytes = try readBytes()
        defer { wipe(&bytes) }
        return try decode(bytes, SecretKey.init(bigEndianBytes:))
    }

    func readPublicKey() throws(CommandError) -> PublicKey {
        try decode(readBytes(), PublicKey.init(compressedBytes:))
    }

    func readCapsule() throws(CommandError) -> Capsule {
        try decode(readBytes(), Capsule.init(messagePackBytes:))
    }

    func readKeyFrag() throws(CommandError) -> KeyFrag {
        try decode(readBytes(), KeyFrag.init(messagePackBytes:))
    }

    func readCapsuleFrag() throws(CommandError) -> CapsuleFrag {
        try decode(readBytes(), CapsuleFrag.init(messagePackBytes:))
    }

    private func decode<T>(
        _ bytes: [UInt8], _ parse: ([UInt8]) throws(UmbralError) -> T
    ) throws(CommandError) -> T {
        do {
            return try parse(bytes)
        } catch {
            throw .invalidInput("\(self): \(error)")
        }
    }

    /// The whole file. A secret key read through here is wiped by the caller once parsed.
    func readBytes() throws(CommandError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io("\(self): cannot open: \(systemError())") }
        defer { close(fd) }

        var contents = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        defer { wipe(&chunk) }
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count == 0 { return contents }
            if count < 0 {
                if errno == EINTR { continue }
                throw .io("\(self): cannot read: \(systemError())")
            }
            contents.append(contentsOf: chunk[..<count])
        }
    }

    // MARK: Atomic writes

    /// Writes a secret key, readable by its owner only.
    func writeSecretKey(_ secretKey: SecretKey) throws(CommandError) {
        var bytes = secretKey.bigEndianBytes
        defer { wipe(&bytes) }
        try write(bytes, mode: 0o600)
    }

    /// Replaces the file with `bytes` atomically: the bytes go to a fresh file in the same
    /// directory, which is synced and then renamed over the target, so a crash leaves either the
    /// old file or the complete new one, never a truncated key or object.
    ///
    /// - Parameter mode: The permissions the file is created with (before the umask). Secrets
    ///   pass 0600 so they are never readable by others, not even between create and chmod.
    func write(_ bytes: [UInt8], mode: mode_t = 0o666) throws(CommandError) {
        let (directory, name) = splitPath()
        let temporary = "\(directory)/.\(name).\(String(UInt64.random(in: .min ... .max), radix: 36)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .io("\(self): cannot create a file in '\(directory)': \(systemError())") }

        var failure: String?
        if !writeAll(fd, bytes) { failure = "cannot write: \(systemError())" }
        if failure == nil, fsync(fd) != 0 { failure = "cannot sync: \(systemError())" }
        if close(fd) != 0, failure == nil { failure = "cannot close: \(systemError())" }
        if failure == nil, rename(temporary, path) != 0 { failure = "cannot replace: \(systemError())" }
        if let failure {
            unlink(temporary)
            throw .io("\(self): \(failure)")
        }
        syncDirectory(directory)
    }

    /// The directory (`.` for a bare name) and the file name.
    private func splitPath() -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = slash == path.startIndex ? "/" : String(path[..<slash])
        return (directory, String(path[path.index(after: slash)...]))
    }

    /// Makes the rename itself durable. Best effort: the file is already complete and in place,
    /// and some file systems refuse to sync a directory.
    private func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}

/// Writes all of `bytes` to `fd`, resuming after partial writes and interruptions; false (with
/// `errno` set) on failure.
private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { buffer in
        var written = 0
        while written < buffer.count {
            let count = write(fd, buffer.baseAddress! + written, buffer.count - written)
            if count >= 0 {
                written += count
            } else if errno != EINTR {
                return false
            }
        }
        return true
    }
}

/// The description of the current `errno`, e.g. "No such file or directory".
private func systemError() -> String {
    String(cString: strerror(errno))
}

/// Zeroes a buffer that held secret bytes, in a way the optimizer may not drop as a dead store.
func wipe(_ bytes: inout [UInt8]) {
    bytes.withUnsafeMutableBytes { buffer in
        guard let base = buffer.baseAddress else { return }
        #if canImport(Darwin)
        _ = memset_s(base, buffer.count, 0, buffer.count)
        #else
        explicit_bzero(base, buffer.count)
        #endif
    }
}
