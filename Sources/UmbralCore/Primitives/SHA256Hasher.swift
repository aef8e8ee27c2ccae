internal import CUmbralOpenSSL

/// Incremental SHA-256 over an OpenSSL `EVP_MD_CTX`, with value semantics.
///
/// Copies of a hasher are independent: the context is shared until one copy is updated, and then
/// duplicated (copy-on-write). That makes a hasher primed with a common prefix cheap to reuse:
///
/// ```swift
/// var prefix = SHA256Hasher()
/// prefix.update(domainTag)
/// var h = prefix
/// h.update(input)
/// let digest = h.finalize()
/// ```
struct SHA256Hasher: Sendable {
    private var context: Context

    init() {
        context = Context()
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
        guard EVP_DigestUpdate(context.pointer, buffer.baseAddress, buffer.count) == 1 else {
            fatalError("\(EVPBackend.failure("EVP_DigestUpdate(SHA-256)"))")
        }
    }

    /// The digest of everything appended so far. The hasher can still be used afterwards (it is
    /// copied first if another copy shares its context).
    consuming func finalize() -> [UInt8] {
        makeContextUnique()
        return [UInt8](unsafeUninitializedCapacity: SHA256.byteCount) { digest, initialized in
            var length: UInt32 = 0
            guard EVP_DigestFinal_ex(context.pointer, digest.baseAddress, &length) == 1,
                length == UInt32(SHA256.byteCount)
            else {
                fatalError("\(EVPBackend.failure("EVP_DigestFinal_ex(SHA-256)"))")
            }
            initialized = SHA256.byteCount
        }
    }

    private mutating func makeContextUnique() {
        if !isKnownUniquelyReferenced(&context) {
            context = context.copy()
        }
    }
}

extension SHA256Hasher {
    /// Owns one `EVP_MD_CTX`; mutated only through a uniquely referenced hasher.
    private final class Context: @unchecked Sendable {
        let pointer: OpaquePointer

        init() {
            guard let pointer = EVP_MD_CTX_new() else {
                fatalError("\(EVPBackend.failure("EVP_MD_CTX_new"))")
            }
            self.pointer = pointer
            guard EVP_DigestInit_ex2(pointer, EVPBackend.sha256, nil) == 1 else {
                fatalError("\(EVPBackend.failure("EVP_DigestInit_ex2(SHA-256)"))")
            }
        }

        private init(copying other: Context) {
            guard let pointer = EVP_MD_CTX_new() else {
                fatalError("\(EVPBackend.failure("EVP_MD_CTX_new"))")
            }
            self.pointer = pointer
            guard EVP_MD_CTX_copy_ex(pointer, other.pointer) == 1 else {
                fatalError("\(EVPBackend.failure("EVP_MD_CTX_copy_ex"))")
            }
        }

        func copy() -> Context { Context(copying: self) }

        deinit {
            // EVP_MD_CTX_free cleanses the digest state, which may hold hashed secrets.
            EVP_MD_CTX_free(pointer)
        }
    }
}
