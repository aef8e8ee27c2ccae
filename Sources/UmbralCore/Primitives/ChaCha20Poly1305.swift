internal import CUmbralOpenSSL

/// ChaCha20-Poly1305 AEAD (RFC 8439, "IETF" variant: 12-byte nonce, 16-byte tag) through
/// OpenSSL's `EVP_chacha20_poly1305` cipher.
///
/// UmbralCore uses it only under ``XChaCha20Poly1305``; it is exposed internally so the two
/// layers can be tested separately. Tag verification is OpenSSL's, in constant time.
enum ChaCha20Poly1305 {
    static let keyByteCount = 32
    static let nonceByteCount = 12
    static let tagByteCount = 16

    /// Encrypts `plaintext` and authenticates it with `aad`.
    ///
    /// - Returns: ciphertext ‖ tag, `plaintext.count + 16` bytes.
    /// - Throws: ``UmbralError/invalidLength(field:expected:actual:)`` for a key that is not 32
    ///   bytes or a nonce that is not 12; ``UmbralError/backendFailure(_:)`` if OpenSSL fails.
    static func seal(
        _ plaintext: some Collection<UInt8>, key: SecureBytes, nonce: some Collection<UInt8>,
        aad: some Collection<UInt8>
    ) throws(UmbralError) -> [UInt8] {
        try checkParameters(key: key, nonceCount: nonce.count)
        let context = try CipherContext()
        return try key.withUnsafeBytes { (key) throws(UmbralError) -> [UInt8] in
            try nonce.withContiguousBytes { (nonce) throws(UmbralError) -> [UInt8] in
                try aad.withContiguousBytes { (aad) throws(UmbralError) -> [UInt8] in
                    try plaintext.withContiguousBytes { (plaintext) throws(UmbralError) -> [UInt8] in
                        try context.seal(plaintext, key: key, nonce: nonce, aad: aad)
                    }
                }
            }
        }
    }

    /// Verifies and decrypts ciphertext ‖ tag.
    ///
    /// - Returns: the plaintext, `ciphertextAndTag.count − 16` bytes.
    /// - Throws: ``UmbralError/decryptionFailed`` if the input is shorter than the tag or the tag
    ///   does not verify; ``UmbralError/invalidLength(field:expected:actual:)`` for a bad key or
    ///   nonce length; ``UmbralError/backendFailure(_:)`` if OpenSSL fails.
    static func open(
        _ ciphertextAndTag: some Collection<UInt8>, key: SecureBytes, nonce: some Collection<UInt8>,
        aad: some Collection<UInt8>
    ) throws(UmbralError) -> [UInt8] {
        try checkParameters(key: key, nonceCount: nonce.count)
        guard ciphertextAndTag.count >= tagByteCount else { throw .decryptionFailed }
        let context = try CipherContext()
        return try key.withUnsafeBytes { (key) throws(UmbralError) -> [UInt8] in
            try nonce.withContiguousBytes { (nonce) throws(UmbralError) -> [UInt8] in
                try aad.withContiguousBytes { (aad) throws(UmbralError) -> [UInt8] in
                    try ciphertextAndTag.withContiguousBytes { (sealed) throws(UmbralError) -> [UInt8] in
                        try context.open(sealed, key: key, nonce: nonce, aad: aad)
                    }
                }
            }
        }
    }

    private static func checkParameters(key: SecureBytes, nonceCount: Int) throws(UmbralError) {
        guard key.count == keyByteCount else {
            throw .invalidLength(field: "ChaCha20-Poly1305 key", expected: "\(keyByteCount)", actual: key.count)
        }
        guard nonceCount == nonceByteCount else {
            throw .invalidLength(
                field: "ChaCha20-Poly1305 nonce", expected: "\(nonceByteCount)", actual: nonceCount)
        }
    }
}

extension ChaCha20Poly1305 {
    /// Owns one `EVP_CIPHER_CTX` for a single seal or open.
    private final class CipherContext {
        let pointer: OpaquePointer

        init() throws(UmbralError) {
            guard let pointer = EVP_CIPHER_CTX_new() else {
                throw EVPBackend.failure("EVP_CIPHER_CTX_new")
            }
            self.pointer = pointer
        }

        deinit {
            // Frees the cipher state, which OpenSSL clears: it holds the key schedule.
            EVP_CIPHER_CTX_free(pointer)
        }

        func seal(
            _ plaintext: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer,
            aad: UnsafeRawBufferPointer
        ) throws(UmbralError) -> [UInt8] {
            guard EVP_EncryptInit_ex2(pointer, EVPBackend.chaCha20Poly1305, bytes(key), bytes(nonce), nil) == 1 else {
                throw EVPBackend.failure("EVP_EncryptInit_ex2(ChaCha20-Poly1305)")
            }
            var sealed = [UInt8](repeating: 0, count: plaintext.count + tagByteCount)
            // Array's buffer accessors are `rethrows`, which erases the error type; a Result keeps it.
            try sealed.withUnsafeMutableBytes { sealed in
                Result { () throws(UmbralError) in try encrypt(plaintext, aad: aad, into: sealed) }
            }.get()
            return sealed
        }

        func open(
            _ sealed: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer,
            aad: UnsafeRawBufferPointer
        ) throws(UmbralError) -> [UInt8] {
            let ciphertextCount = sealed.count - tagByteCount
            // OpenSSL takes a mutable pointer for SET_TAG although it only copies from it.
            var tag = Array(sealed[ciphertextCount...])
            guard EVP_DecryptInit_ex2(pointer, EVPBackend.chaCha20Poly1305, bytes(key), bytes(nonce), nil) == 1 else {
                throw EVPBackend.failure("EVP_DecryptInit_ex2(ChaCha20-Poly1305)")
            }
            guard EVP_CIPHER_CTX_ctrl(pointer, EVP_CTRL_AEAD_SET_TAG, Int32(tagByteCount), &tag) == 1 else {
                throw EVPBackend.failure("EVP_CTRL_AEAD_SET_TAG(ChaCha20-Poly1305)")
            }
            let ciphertext = UnsafeRawBufferPointer(rebasing: sealed[..<ciphertextCount])
            var plaintext = [UInt8](repeating: 0, count: ciphertextCount)
            let verified = try plaintext.withUnsafeMutableBytes { plaintext in
                Result { () throws(UmbralError) -> Bool in try decrypt(ciphertext, aad: aad, into: plaintext) }
            }.get()
            guard verified else { throw .decryptionFailed }
            return plaintext
        }

        /// Encrypts into `output` (plaintext count + 16 bytes) and appends the tag.
        private func encrypt(
            _ plaintext: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
        ) throws(UmbralError) {
            try feedAAD(aad, update: EVP_EncryptUpdate)
            let written = try process(plaintext, into: output, update: EVP_EncryptUpdate)
            var finalCount: Int32 = 0
            guard EVP_EncryptFinal_ex(pointer, mutableBytes(output)! + written, &finalCount) == 1,
                written + Int(finalCount) == plaintext.count
            else {
                throw EVPBackend.failure("EVP_EncryptFinal_ex(ChaCha20-Poly1305)")
            }
            let tag = output.baseAddress! + plaintext.count
            guard EVP_CIPHER_CTX_ctrl(pointer, EVP_CTRL_AEAD_GET_TAG, Int32(tagByteCount), tag) == 1 else {
                throw EVPBackend.failure("EVP_CTRL_AEAD_GET_TAG(ChaCha20-Poly1305)")
            }
        }

        /// Decrypts into `output` and reports whether the tag verified. On a mismatch the output,
        /// which OpenSSL wrote before checking the tag, is wiped.
        private func decrypt(
            _ ciphertext: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer,
            into output: UnsafeMutableRawBufferPointer
        ) throws(UmbralError) -> Bool {
            try feedAAD(aad, update: EVP_DecryptUpdate)
            let written = try process(ciphertext, into: output, update: EVP_DecryptUpdate)
            var finalCount: Int32 = 0
            var scratch: UInt8 = 0
            // Final only checks the tag (a stream cipher has nothing left to write), and an empty
            // output may have no address; a scratch byte stands in for it.
            let verified =
                EVP_DecryptFinal_ex(pointer, &scratch, &finalCount) == 1 && written + Int(finalCount) == output.count
            guard verified else {
                OPENSSL_cleanse(output.baseAddress, output.count)
                // A tag mismatch may queue an error; it is an outcome, not a backend failure.
                ERR_clear_error()
                return false
            }
            return true
        }

        private typealias Update = (
            OpaquePointer?, UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<Int32>?, UnsafePointer<UInt8>?, Int32
        ) -> Int32

        private func feedAAD(_ aad: UnsafeRawBufferPointer, update: Update) throws(UmbralError) {
            var offset = 0
            while offset < aad.count {
                let chunk = Swift.min(aad.count - offset, CipherContext.maximumChunk)
                var ignored: Int32 = 0
                guard update(pointer, nil, &ignored, bytes(aad)! + offset, Int32(chunk)) == 1 else {
                    throw EVPBackend.failure("EVP_CipherUpdate(AAD)")
                }
                offset += chunk
            }
        }

        /// Runs `input` through the cipher in chunks that fit OpenSSL's `int` lengths.
        private func process(
            _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, update: Update
        ) throws(UmbralError) -> Int {
            var consumed = 0
            var written = 0
            while consumed < input.count {
                let chunk = Swift.min(input.count - consumed, CipherContext.maximumChunk)
                var count: Int32 = 0
                let status = update(
                    pointer, mutableBytes(output)! + written, &count, bytes(input)! + consumed, Int32(chunk))
                guard status == 1 else {
                    throw EVPBackend.failure("EVP_CipherUpdate")
                }
                consumed += chunk
                written += Int(count)
            }
            return written
        }

        private static let maximumChunk = 1 << 30

        private func bytes(_ buffer: UnsafeRawBufferPointer) -> UnsafePointer<UInt8>? {
            buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
        }

        private func mutableBytes(_ buffer: UnsafeMutableRawBufferPointer) -> UnsafeMutablePointer<UInt8>? {
            buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
        }
    }
}
