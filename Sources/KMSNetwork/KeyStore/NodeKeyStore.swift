#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import UmbralCore

/// Where an Ursula keeps her ``NodeKeys``: one file in her data directory, sealed under a
/// passphrase with `PassphraseSeal` (scrypt, then XChaCha20-Poly1305).
///
/// The file, `node-keys.sealed`, holds the 134-byte seal of signing key (32 bytes, big-endian) ‖
/// decrypting key (32 bytes), bound to the label `SwiftKMS Ursula node keys v1`. It is created with
/// mode 0600 through a temporary file that is synced and then linked into place, so a crash leaves
/// either no key file or a complete one, never a torn one, and two processes creating keys at once
/// cannot overwrite each other. A key file that group or others can read is refused, as ssh refuses
/// such private keys.
///
/// The passphrase is the caller's to obtain (``PassphraseSource``), never a command-line argument.
public struct NodeKeyStore: Sendable {
    /// The key file's name inside the data directory.
    public static let fileName = "node-keys.sealed"

    /// The associated data every node key seal is bound to, so a seal made for another purpose
    /// under the same passphrase does not open as node keys.
    static let label = Array("SwiftKMS Ursula node keys v1".utf8)

    /// The data directory.
    public let directory: String

    /// The key file's path.
    public let path: String

    /// The store for the data directory `directory`; nothing is read or created yet.
    ///
    /// - Parameter directory: The node's data directory.
    public init(directory: String) {
        self.directory = directory
        self.path = directory.hasSuffix("/") ? directory + Self.fileName : directory + "/" + Self.fileName
    }

    /// Whether a key file exists.
    public var keyFileExists: Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// Loads the keys if the key file exists, otherwise creates fresh keys and saves them.
    ///
    /// - Parameters:
    ///   - passphrase: The passphrase that opens (or will open) the key file.
    ///   - parameters: The scrypt cost for a new file; `ScryptParameters.interactive` outside tests.
    /// - Returns: The keys, and whether they were just created.
    /// - Throws: the errors of ``load(passphrase:)`` and ``save(_:passphrase:parameters:replacingExisting:)``.
    public func loadOrCreate(
        passphrase: SecretBytes, parameters: ScryptParameters = .interactive
    ) throws(KMSNetworkError) -> (keys: NodeKeys, created: Bool) {
        if keyFileExists {
            return (try load(passphrase: passphrase), false)
        }
        let keys = NodeKeys.random()
        do throws(KMSNetworkError) {
            try save(keys, passphrase: passphrase, parameters: parameters)
        } catch {
            // Another process created the keys first: theirs are the node's keys.
            guard case .nodeKeyFileExists = error else { throw error }
            return (try load(passphrase: passphrase), false)
        }
        return (keys, true)
    }

    /// Reads and opens the key file.
    ///
    /// - Parameter passphrase: The passphrase it was sealed under.
    /// - Returns: The keys.
    /// - Throws: ``KMSNetworkError/incorrectPassphrase(path:)`` for the wrong passphrase or an
    ///   altered file; ``KMSNetworkError/nodeKeyFileInvalid(path:reason:)`` for a missing, unreadable,
    ///   wrongly sized or group/other-readable file, or one that is not a version-1 seal.
    public func load(passphrase: SecretBytes) throws(KMSNetworkError) -> NodeKeys {
        let sealed = try readKeyFile()
        let plaintext: SecretBytes
        do throws(UmbralError) {
            plaintext = try PassphraseSeal.open(sealed, passphrase: passphrase, associatedData: Self.label)
        } catch {
            if error == .incorrectPassphrase { throw .incorrectPassphrase(path: path) }
            throw .nodeKeyFileInvalid(path: path, reason: "\(error)")
        }
        guard plaintext.count == 64 else {
            throw .nodeKeyFileInvalid(path: path, reason: "it holds \(plaintext.count) bytes of keys, not 64")
        }
        do {
            let signing = plaintext.withUnsafeBytes { SecretBytes(UnsafeRawBufferPointer(rebasing: $0[0..<32])) }
            let decrypting = plaintext.withUnsafeBytes { SecretBytes(UnsafeRawBufferPointer(rebasing: $0[32..<64])) }
            return NodeKeys(
                signingKey: try SecretKey(secretBytes: signing), decryptingKey: try SecretKey(secretBytes: decrypting))
        } catch {
            throw .nodeKeyFileInvalid(path: path, reason: "a stored key is not a valid secret key: \(error)")
        }
    }

    /// Seals `keys` under `passphrase` and writes the key file atomically (mode 0600, synced).
    ///
    /// - Parameters:
    ///   - keys: The keys to keep.
    ///   - passphrase: The passphrase; not empty.
    ///   - parameters: The scrypt cost; `ScryptParameters.interactive` outside tests.
    ///   - replacingExisting: Whether an existing key file may be replaced (to change the
    ///     passphrase); by default an existing file is an error.
    /// - Throws: ``KMSNetworkError/nodeKeyFileExists(path:)``;
    ///   ``KMSNetworkError/passphraseUnavailable(reason:)`` for an empty passphrase;
    ///   ``KMSNetworkError/dataDirectoryNotWritable(path:reason:)``; or
    ///   ``KMSNetworkError/storageFailed(operation:reason:)`` if writing fails (a full disk).
    public func save(
        _ keys: NodeKeys, passphrase: SecretBytes, parameters: ScryptParameters = .interactive,
        replacingExisting: Bool = false
    ) throws(KMSNetworkError) {
        guard !passphrase.isEmpty else { throw .passphraseUnavailable(reason: "the passphrase is empty") }
        if !replacingExisting, keyFileExists { throw .nodeKeyFileExists(path: path) }
        let plaintext = SecretBytes(unsafeUninitializedCount: 64) { buffer in
            keys.signingKey.secretBytes.withUnsafeBytes {
                UnsafeMutableRawBufferPointer(rebasing: buffer[0..<32]).copyMemory(from: $0)
            }
            keys.decryptingKey.secretBytes.withUnsafeBytes {
                UnsafeMutableRawBufferPointer(rebasing: buffer[32..<64]).copyMemory(from: $0)
            }
        }
        let sealed: [UInt8]
        do {
            sealed = try PassphraseSeal.seal(
                plaintext, passphrase: passphrase, parameters: parameters, associatedData: Self.label)
        } catch {
            throw .storageFailed(operation: "seal the node keys", reason: "\(error)")
        }
        try DataDirectory.prepare(directory)
        try writeAtomically(sealed, replacingExisting: replacingExisting)
    }

    // MARK: Files

    private func readKeyFile() throws(KMSNetworkError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .nodeKeyFileInvalid(path: path, reason: "cannot open it: \(DataDirectory.errnoDescription())")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw .nodeKeyFileInvalid(path: path, reason: DataDirectory.errnoDescription())
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw .nodeKeyFileInvalid(path: path, reason: "it is not a regular file")
        }
        let mode = status.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw .nodeKeyFileInvalid(
                path: path, reason: "its mode \(String(mode, radix: 8)) lets others read it; it must be 600")
        }
        let expected = PassphraseSeal.sealedByteCount(secretByteCount: 64)
        guard Int(status.st_size) == expected else {
            throw .nodeKeyFileInvalid(path: path, reason: "it has \(status.st_size) bytes, not \(expected)")
        }
        var bytes = [UInt8](repeating: 0, count: expected)
        var filled = 0
        while filled < expected {
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, expected - filled) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                throw .nodeKeyFileInvalid(
                    path: path, reason: count == 0 ? "it ended early" : DataDirectory.errnoDescription())
            }
            filled += count
        }
        return bytes
    }

    /// Writes through a temporary file in the same directory: write, `fsync`, then `link` (no
    /// clobbering) or `rename` (replacing) into place, then `fsync` the directory so the new name
    /// is durable too.
    private func writeAtomically(_ bytes: [UInt8], replacingExisting: Bool) throws(KMSNetworkError) {
        let temporary = directory + "/.\(Self.fileName).\(getpid()).\(UInt64.random(in: 0...UInt64.max)).tmp"
        let descriptor = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .dataDirectoryNotWritable(path: directory, reason: DataDirectory.errnoDescription())
        }
        var linked = false
        defer { if !linked { unlink(temporary) } }
        do {
            defer { close(descriptor) }
            // The umask cannot widen 0600, but an odd umask could narrow it below what we read back.
            guard fchmod(descriptor, 0o600) == 0 else { throw failure("set the key file's mode") }
            var written = 0
            while written < bytes.count {
                let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { throw failure("write the key file") }
                written += count
            }
            guard fsync(descriptor) == 0 else { throw failure("sync the key file") }
        }
        if replacingExisting {
            guard rename(temporary, path) == 0 else { throw failure("move the key file into place") }
        } else {
            guard link(temporary, path) == 0 else {
                if errno == EEXIST { throw .nodeKeyFileExists(path: path) }
                throw failure("link the key file into place")
            }
            unlink(temporary)
        }
        linked = true
        let directoryDescriptor = open(directory, O_RDONLY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            defer { close(directoryDescriptor) }
            guard fsync(directoryDescriptor) == 0 else { throw failure("sync the data directory") }
        }
    }

    private func failure(_ operation: String) -> KMSNetworkError {
        .storageFailed(operation: operation + " at \(path)", reason: DataDirectory.errnoDescription())
    }
}
