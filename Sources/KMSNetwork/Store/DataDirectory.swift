#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The node's data directory: created owner-only if missing, and proven writable before anything
/// is stored in it, so a read-only or misnamed directory fails with one clear error instead of
/// surfacing later as a database error.
enum DataDirectory {
    /// Creates `path` (and missing parents) with mode 0700 if needed, then checks that a file can
    /// be created in it.
    ///
    /// - Throws: ``KMSNetworkError/dataDirectoryNotWritable(path:reason:)``.
    static func prepare(_ path: String) throws(KMSNetworkError) {
        try createIfMissing(path)
        // Root passes permission checks, so try the real thing: create and remove a file.
        let probe = path + "/.write-probe-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let descriptor = open(probe, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0 else {
            throw .dataDirectoryNotWritable(path: path, reason: errnoDescription())
        }
        close(descriptor)
        unlink(probe)
    }

    private static func createIfMissing(_ path: String) throws(KMSNetworkError) {
        var status = stat()
        if stat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else {
                throw .dataDirectoryNotWritable(path: path, reason: "it exists and is not a directory")
            }
            return
        }
        guard errno == ENOENT else {
            throw .dataDirectoryNotWritable(path: path, reason: errnoDescription())
        }
        let parent = parentPath(of: path)
        if parent != path, !parent.isEmpty {
            try createIfMissing(parent)
        }
        // Another process may create it between the stat and here; that is fine.
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
            throw .dataDirectoryNotWritable(path: path, reason: errnoDescription())
        }
    }

    private static func parentPath(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    /// The text of the current `errno`.
    static func errnoDescription() -> String {
        String(cString: strerror(errno))
    }
}
