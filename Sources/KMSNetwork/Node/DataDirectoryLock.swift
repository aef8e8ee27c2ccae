#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock on an Ursula's data directory for as long as her node lives.
///
/// Two processes on one directory would announce the same identity from two addresses and
/// interleave writes to one key file; the second one is refused instead. The lock is `flock(2)` on
/// a file in the directory, so the kernel drops it when the process dies, even by `kill -9`, and a
/// restart never finds a stale lock.
final class DataDirectoryLock: Sendable {
    /// The lock file's name inside the data directory.
    static let fileName = "ursula.lock"

    private let descriptor: Int32

    /// Takes the lock on `directory`, which must exist.
    ///
    /// - Throws: ``KMSNetworkError/dataDirectoryInUse(path:)`` if another node holds it, or
    ///   ``KMSNetworkError/dataDirectoryNotWritable(path:reason:)`` if the lock file cannot be opened.
    init(directory: String) throws(KMSNetworkError) {
        let descriptor = open(directory + "/" + Self.fileName, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .dataDirectoryNotWritable(path: directory, reason: DataDirectory.errnoDescription())
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let reason = DataDirectory.errnoDescription()
            close(descriptor)
            if busy { throw .dataDirectoryInUse(path: directory) }
            throw .dataDirectoryNotWritable(path: directory, reason: reason)
        }
        self.descriptor = descriptor
    }

    deinit {
        // Closing the descriptor releases the lock.
        close(descriptor)
    }
}
