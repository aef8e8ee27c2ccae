/// Every hash-to-scalar of the scheme, with its domain-separation tag, in one place.
///
/// Each hashes `u32be(len(dst)) ‖ dst ‖ inputs…` with SHA-256 and maps the digest to a non-zero
/// scalar with ``Scalar/fromDigest(_:)``. Points are hashed in their 33-byte compressed form.
struct ScalarDigest {
    private var hasher = SHA256Hasher()

    init(dst: [UInt8]) {
        let length = UInt32(dst.count)
        hasher.update([UInt8(length >> 24), UInt8((length >> 16) & 0xff), UInt8((length >> 8) & 0xff), UInt8(length & 0xff)])
        hasher.update(dst)
    }

    init(dst: String) {
        self.init(dst: Array(dst.utf8))
    }

    func chaining(_ point: Point) -> ScalarDigest {
        chaining(point.compressedBytes)
    }

    func chaining(_ bytes: [UInt8]) -> ScalarDigest {
        var copy = self
        copy.hasher.update(bytes)
        return copy
    }

    func chaining(_ secret: SecureBytes) -> ScalarDigest {
        var copy = self
        copy.hasher.update(secret)
        return copy
    }

    func finalize() -> Scalar {
        Scalar.fromDigest(hasher.finalize())
    }
}

enum DomainSeparation {
    /// h in the capsule's self-verification s·G = V + h·E.
    static func hashCapsulePoints(e: Point, v: Point) -> Scalar {
        ScalarDigest(dst: "CAPSULE_POINTS").chaining(e).chaining(v).finalize()
    }

    /// d, the shared secret that links a kFrag batch to the receiver's key.
    static func hashToSharedSecret(precursor: Point, receivingKey: Point, dhPoint: Point) -> Scalar {
        ScalarDigest(dst: "SHARED_SECRET").chaining(precursor).chaining(receivingKey).chaining(dhPoint).finalize()
    }

    /// xᵢ, the point at which the secret-sharing polynomial is evaluated for one kFrag.
    static func hashToPolynomialArgument(
        precursor: Point, receivingKey: Point, dhPoint: Point, keyFragID: [UInt8]
    ) -> Scalar {
        ScalarDigest(dst: "POLYNOMIAL_ARG")
            .chaining(precursor).chaining(receivingKey).chaining(dhPoint).chaining(keyFragID)
            .finalize()
    }

    /// h, the challenge of the re-encryption proof (e-points, then v-points, then u-points).
    static func hashToCapsuleFragVerification(
        e: Point, e1: Point, e2: Point, v: Point, v1: Point, v2: Point, u: Point, u1: Point, u2: Point
    ) -> Scalar {
        [e, e1, e2, v, v1, v2, u, u1, u2]
            .reduce(ScalarDigest(dst: "CFRAG_VERIFICATION")) { $0.chaining($1) }
            .finalize()
    }

    /// The message a kFrag's signatures cover: id ‖ commitment ‖ precursor ‖ flagged keys.
    static func keyFragSignatureMessage(
        id: [UInt8], commitment: Point, precursor: Point, delegatingKey: Point?, receivingKey: Point?
    ) -> [UInt8] {
        var message = id + commitment.compressedBytes + precursor.compressedBytes
        for key in [delegatingKey, receivingKey] {
            if let key {
                message.append(0x01)
                message += key.compressedBytes
            } else {
                message.append(0x00)
            }
        }
        return message
    }
}
