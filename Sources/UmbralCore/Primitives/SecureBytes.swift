internal import CUmbralOpenSSL

/// A byte string holding secret material: keys, key seeds, HKDF output.
///
/// The bytes live in one heap buffer owned by a private class; when the last copy of the value
/// goes away, the buffer's whole capacity is overwritten with `OPENSSL_cleanse` before it is
/// freed. Copies share the buffer until one of them is mutated (copy-on-write), so the type has
/// value semantics without scattering extra copies of a secret.
///
/// Equality is constant-time in the contents (the length is not treated as secret), and
/// `description` never shows the contents.
///
/// Zeroization is best-effort: bytes that were copied out through ``withUnsafeBytes(_:)`` into
/// arrays, or that passed through registers and stack temporaries, are not covered.
struct SecureBytes: Sendable {
    private var storage: Storage

    /// `count` zero bytes.
    init(zeroedCount count: Int) {
        storage = Storage(capacity: count)
        storage.count = count
    }

    /// A secret copy of `bytes`. The source itself is not wiped; prefer
    /// ``init(unsafeUninitializedCount:initializingWith:)`` to produce secrets in place.
    init(_ bytes: some Collection<UInt8>) {
        let count = bytes.count
        storage = Storage(capacity: count)
        let target = UnsafeMutableRawBufferPointer(start: storage.pointer, count: count)
        target.copyBytes(from: bytes)
        storage.count = count
    }

    /// `count` bytes written in place by `initializer`, which must initialize all of them.
    ///
    /// If `initializer` throws, the partially written buffer is wiped like any other.
    init<E: Error>(
        unsafeUninitializedCount count: Int,
        initializingWith initializer: (UnsafeMutableRawBufferPointer) throws(E) -> Void
    ) throws(E) {
        storage = Storage(capacity: count)
        storage.count = count
        try initializer(UnsafeMutableRawBufferPointer(start: storage.pointer, count: count))
    }

    /// The number of bytes.
    var count: Int { storage.count }

    var isEmpty: Bool { storage.count == 0 }

    /// Lends the bytes for reading. The buffer must not escape `body`.
    func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: storage.pointer, count: storage.count))
    }

    /// Lends the bytes for writing, first giving this value its own buffer if it shares one.
    mutating func withUnsafeMutableBytes<R, E: Error>(
        _ body: (UnsafeMutableRawBufferPointer) throws(E) -> R
    ) throws(E) -> R {
        if !isKnownUniquelyReferenced(&storage) {
            storage = storage.copy()
        }
        return try body(UnsafeMutableRawBufferPointer(start: storage.pointer, count: storage.count))
    }

    /// Test hook: `observer` is called from the buffer's deinitializer, after the wipe and before
    /// the memory is freed, with the whole capacity. Set it before the value is shared; it applies
    /// to the buffer this value currently owns.
    func setWipeObserverForTesting(_ observer: @escaping @Sendable (UnsafeRawBufferPointer) -> Void) {
        storage.wipeObserver = observer
    }
}

extension SecureBytes {
    /// The buffer behind one or more `SecureBytes` values. Mutated only through a uniquely
    /// referenced `SecureBytes`, which is what makes the unchecked `Sendable` sound.
    private final class Storage: @unchecked Sendable {
        let pointer: UnsafeMutableRawPointer
        let capacity: Int
        var count = 0
        var wipeObserver: (@Sendable (UnsafeRawBufferPointer) -> Void)?

        /// A zero-filled buffer: every byte is initialized, whatever a caller's initializer does.
        init(capacity: Int) {
            // One byte minimum so the pointer is always a real allocation.
            self.capacity = Swift.max(capacity, 1)
            self.pointer = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 16)
            self.pointer.initializeMemory(as: UInt8.self, repeating: 0, count: self.capacity)
        }

        func copy() -> Storage {
            let other = Storage(capacity: count)
            other.pointer.copyMemory(from: pointer, byteCount: count)
            other.count = count
            return other
        }

        deinit {
            OPENSSL_cleanse(pointer, capacity)
            wipeObserver?(UnsafeRawBufferPointer(start: pointer, count: capacity))
            pointer.deallocate()
        }
    }
}

extension SecureBytes: Equatable {
    /// Compares the contents in constant time (for equal lengths); lengths are public.
    static func == (lhs: SecureBytes, rhs: SecureBytes) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.storage === rhs.storage { return true }
        return CRYPTO_memcmp(lhs.storage.pointer, rhs.storage.pointer, lhs.count) == 0
    }
}

extension SecureBytes: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The length only, never the contents.
    var description: String { "SecureBytes(\(count) bytes)" }

    var debugDescription: String { description }

    /// No children, so `dump` and debuggers' summaries show nothing of the buffer.
    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
