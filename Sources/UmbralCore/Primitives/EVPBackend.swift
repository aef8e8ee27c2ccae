internal import CUmbralOpenSSL

/// The OpenSSL EVP algorithm objects the symmetric primitives use, fetched once.
///
/// Explicit fetching avoids OpenSSL 3's implicit provider lookup on every operation. A fetched
/// `EVP_MD`, `EVP_MAC` or `EVP_CIPHER` is immutable and reference-counted by OpenSSL, so sharing
/// one across threads is safe; they are never freed.
enum EVPBackend {
    nonisolated(unsafe) static let sha256: OpaquePointer = fetched(
        EVP_MD_fetch(nil, "SHA2-256", nil), "SHA2-256")

    nonisolated(unsafe) static let hmac: OpaquePointer = fetched(
        EVP_MAC_fetch(nil, "HMAC", nil), "HMAC")

    nonisolated(unsafe) static let chaCha20Poly1305: OpaquePointer = fetched(
        EVP_CIPHER_fetch(nil, "ChaCha20-Poly1305", nil), "ChaCha20-Poly1305")

    /// A missing default-provider algorithm means libcrypto itself is unusable; nothing sensible
    /// can continue, so this traps rather than throwing from every hash call.
    private static func fetched(_ algorithm: OpaquePointer?, _ name: String) -> OpaquePointer {
        guard let algorithm else {
            fatalError("OpenSSL could not fetch \(name): \(drainErrorQueue())")
        }
        return algorithm
    }

    /// `OSSL_PARAM` keys and values. C string constants must outlive the `OSSL_PARAM` arrays that
    /// point at them; static string literals live as long as the program.
    enum ParameterName {
        /// `OSSL_MAC_PARAM_DIGEST`.
        static let digest: StaticString = "digest"
        /// The digest name given to HMAC.
        static let sha256: StaticString = "SHA2-256"
    }

    /// A static string literal as the `char *` OpenSSL wants for parameter keys and values it only
    /// reads; valid for the life of the program.
    static func cString(_ literal: StaticString) -> UnsafeMutablePointer<CChar> {
        UnsafeMutableRawPointer(mutating: literal.utf8Start).assumingMemoryBound(to: CChar.self)
    }

    /// A `.backendFailure` naming the failed call and OpenSSL's queued errors, which it clears so
    /// they cannot be blamed on a later, unrelated call on this thread.
    static func failure(_ function: String) -> UmbralError {
        .backendFailure("\(function) failed: \(drainErrorQueue())")
    }

    private static func drainErrorQueue() -> String {
        var messages: [String] = []
        var code = ERR_get_error()
        while code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            code = ERR_get_error()
        }
        return messages.isEmpty ? "no OpenSSL error queued" : messages.joined(separator: "; ")
    }
}
