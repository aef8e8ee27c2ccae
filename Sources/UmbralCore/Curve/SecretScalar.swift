internal import CUmbralOpenSSL

/// A scalar that outlives a single operation (a secret key, a kFrag's key share), kept in one heap
/// box whose limbs are wiped with `OPENSSL_cleanse` when the last reference goes.
///
/// Transient copies made while computing live in registers and on the stack and are not wiped;
/// Swift gives no handle on those.
struct SecretScalar: Sendable {
    private final class Box: @unchecked Sendable {
        var value: Scalar

        init(_ value: Scalar) {
            self.value = value
        }

        deinit {
            withUnsafeMutableBytes(of: &value) { bytes in
                OPENSSL_cleanse(bytes.baseAddress, bytes.count)
            }
        }
    }

    private let box: Box

    init(_ value: Scalar) {
        box = Box(value)
    }

    /// The scalar; never mutated after creation.
    var value: Scalar { box.value }
}

extension Scalar {
    /// Lends the 32 big-endian bytes in a temporary (stack) buffer that is wiped with
    /// `OPENSSL_cleanse` when `body` returns: how a secret scalar is handed to a C library without
    /// leaving an unwiped heap copy behind.
    func withBigEndianBytes<R>(_ body: (UnsafePointer<UInt8>) -> R) -> R {
        withUnsafeTemporaryAllocation(byteCount: 32, alignment: 8) { buffer in
            writeBigEndian(to: buffer)
            defer { OPENSSL_cleanse(buffer.baseAddress, 32) }
            return body(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
    }
}
