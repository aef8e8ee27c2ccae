internal import CUmbralOpenSSL

/// HMAC-SHA256 (RFC 2104) over OpenSSL's `EVP_MAC` "HMAC", incremental, with value semantics.
///
/// A keyed instance can be copied and each copy fed a different message; the context is
/// duplicated only when a shared copy is updated. HKDF and RFC 6979 both rely on this to key
/// once and authenticate several messages.
struct HMACSHA256: Sendable {
    /// The tag length in bytes.
    static let byteCount = 32

    private var context: Context

    /// A MAC keyed with the bytes in `key` (any length, including empty).
    init(key: UnsafeRawBufferPointer) {
        context = Context(key: key)
    }

    /// A MAC keyed with `key`.
    init(key: some Collection<UInt8>) {
        context = key.withContiguousBytes { Context(key: $0) }
    }

    /// A MAC keyed with a secret.
    init(key: SecureBytes) {
        context = key.withUnsafeBytes { Context(key: $0) }
    }

    /// Appends `bytes` to the message.
    mutating func update(_ bytes: some Collection<UInt8>) {
        bytes.withContiguousBytes { update($0) }
    }

    /// Appends a secret to the message.
    mutating func update(_ secret: SecureBytes) {
        secret.withUnsafeBytes { update($0) }
    }

    /// Appends the bytes in `buffer` to the message.
    mutating func update(_ buffer: UnsafeRawBufferPointer) {
        guard !buffer.isEmpty else { return }
        makeContextUnique()
        let status = EVP_MAC_update(
            context.pointer, buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), buffer.count)
        guard status == 1 else {
            fatalError("\(EVPBackend.failure("EVP_MAC_update(HMAC)"))")
        }
    }

    /// The tag of everything appended so far.
    consuming func finalize() -> [UInt8] {
        var mac = self
        return [UInt8](unsafeUninitializedCapacity: Self.byteCount) { tag, initialized in
            mac.writeTag(into: UnsafeMutableRawBufferPointer(tag))
            initialized = Self.byteCount
        }
    }

    /// The tag of everything appended so far, kept secret (HKDF blocks, RFC 6979's K and V).
    consuming func finalizeSecret() -> SecureBytes {
        var mac = self
        return SecureBytes(unsafeUninitializedCount: Self.byteCount) { mac.writeTag(into: $0) }
    }

    /// Finishes the MAC into the first 32 bytes of `output`; the context cannot be updated after.
    private mutating func writeTag(into output: UnsafeMutableRawBufferPointer) {
        precondition(output.count >= Self.byteCount, "HMAC-SHA256 output buffer is too small")
        makeContextUnique()
        var length = 0
        let status = EVP_MAC_final(
            context.pointer, output.baseAddress?.assumingMemoryBound(to: UInt8.self), &length, output.count)
        guard status == 1, length == Self.byteCount else {
            fatalError("\(EVPBackend.failure("EVP_MAC_final(HMAC)"))")
        }
    }

    /// The tag of `message` under `key`.
    static func authenticationCode(for message: some Collection<UInt8>, key: some Collection<UInt8>) -> [UInt8] {
        var mac = HMACSHA256(key: key)
        mac.update(message)
        return mac.finalize()
    }

    private mutating func makeContextUnique() {
        if !isKnownUniquelyReferenced(&context) {
            context = context.copy()
        }
    }
}

/// HMAC-SHA256 of `message` under `key`, as a 32-byte tag.
func hmacSHA256(key: some Collection<UInt8>, message: some Collection<UInt8>) -> [UInt8] {
    HMACSHA256.authenticationCode(for: message, key: key)
}

extension HMACSHA256 {
    /// Owns one `EVP_MAC_CTX`; mutated only through a uniquely referenced MAC.
    private final class Context: @unchecked Sendable {
        let pointer: OpaquePointer

        init(key: UnsafeRawBufferPointer) {
            guard let pointer = EVP_MAC_CTX_new(EVPBackend.hmac) else {
                fatalError("\(EVPBackend.failure("EVP_MAC_CTX_new(HMAC)"))")
            }
            self.pointer = pointer
            var parameters = [
                OSSL_PARAM_construct_utf8_string(
                    EVPBackend.cString(EVPBackend.ParameterName.digest),
                    EVPBackend.cString(EVPBackend.ParameterName.sha256), 0),
                OSSL_PARAM_construct_end(),
            ]
            // A null key pointer would mean "keep the previous key" (there is none), so an empty
            // key is passed as a valid pointer with length 0, which HMAC pads to the zero key.
            var empty: UInt8 = 0
            let status = withUnsafePointer(to: &empty) { emptyPointer in
                EVP_MAC_init(
                    pointer,
                    key.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? emptyPointer,
                    key.count, &parameters)
            }
            guard status == 1 else {
                fatalError("\(EVPBackend.failure("EVP_MAC_init(HMAC)"))")
            }
        }

        private init(copying other: Context) {
            guard let pointer = EVP_MAC_CTX_dup(other.pointer) else {
                fatalError("\(EVPBackend.failure("EVP_MAC_CTX_dup(HMAC)"))")
            }
            self.pointer = pointer
        }

        func copy() -> Context { Context(copying: self) }

        deinit {
            // The provider clears the keyed state when the context is freed.
            EVP_MAC_CTX_free(pointer)
        }
    }
}
