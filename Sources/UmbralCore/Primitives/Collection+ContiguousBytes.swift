extension Collection<UInt8> {
    /// Lends the bytes as one contiguous buffer, copying only if the collection is not contiguous.
    ///
    /// The standard library's `withContiguousStorageIfAvailable` and `Array.withUnsafeBytes` are
    /// `rethrows`, which erases typed throws; this keeps `E` so callers can stay `throws(UmbralError)`.
    @inline(__always)
    func withContiguousBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let contiguous = withContiguousStorageIfAvailable { buffer in
            Result { () throws(E) -> R in try body(UnsafeRawBufferPointer(buffer)) }
        }
        if let contiguous {
            return try contiguous.get()
        }
        return try ContiguousArray(self).withUnsafeBytes { buffer in
            Result { () throws(E) -> R in try body(buffer) }
        }.get()
    }
}
