/// Secret bytes handed across module boundaries: a passphrase, a sealed key, a key file's contents.
///
/// The bytes live in one heap buffer that is overwritten with `OPENSSL_cleanse` when the last copy
/// of the value goes away; copies share it until one is written (copy-on-write). The contents are
/// reachable only through ``withUnsafeBytes(_:)``, equality is constant-time for equal lengths, and
/// ``description`` shows the length only.
///
/// Zeroization is best-effort: bytes copied out of ``withUnsafeBytes(_:)`` into arrays or strings,
/// and the source a value was copied from in ``init(_:)``, are not covered.
public struct SecretBytes: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    var storage: SecureBytes

    init(storage: SecureBytes) {
        self.storage = storage
    }

    /// A protected copy of `bytes`. The source itself is not wiped: prefer
    /// ``init(unsafeUninitializedCount:initializingWith:)`` to write a secret straight into
    /// protected memory.
    ///
    /// - Parameter bytes: The secret.
    public init(_ bytes: some Collection<UInt8>) {
        storage = SecureBytes(bytes)
    }

    /// `count` bytes written in place by `initializer`, which must write all of them (the buffer
    /// starts zero-filled). If `initializer` throws, the buffer is wiped like any other.
    ///
    /// - Parameters:
    ///   - count: The number of bytes.
    ///   - initializer: Writes the secret into the buffer; the buffer must not escape it.
    /// - Throws: whatever `initializer` throws.
    public init<E: Error>(
        unsafeUninitializedCount count: Int,
        initializingWith initializer: (UnsafeMutableRawBufferPointer) throws(E) -> Void
    ) throws(E) {
        storage = try SecureBytes(unsafeUninitializedCount: count, initializingWith: initializer)
    }

    /// The number of bytes; lengths are not treated as secret.
    public var count: Int { storage.count }

    /// Whether there are no bytes.
    public var isEmpty: Bool { storage.isEmpty }

    /// Lends the bytes for reading. The buffer must not escape `body`.
    ///
    /// - Parameter body: Reads the bytes.
    /// - Returns: What `body` returns.
    /// - Throws: whatever `body` throws.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try storage.withUnsafeBytes(body)
    }

    /// Compares the contents in constant time when the lengths are equal.
    public static func == (lhs: SecretBytes, rhs: SecretBytes) -> Bool {
        lhs.storage == rhs.storage
    }

    /// `SecretBytes(n bytes)`: the length only, never the contents.
    public var description: String { "SecretBytes(\(count) bytes)" }

    /// The same as ``description``.
    public var debugDescription: String { description }

    /// No children, so `dump` and debuggers show nothing of the buffer.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
