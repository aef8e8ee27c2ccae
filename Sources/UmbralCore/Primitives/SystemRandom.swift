/// The operating system's secure random generator, which every randomized operation in this
/// suite uses unless given another.
///
/// It draws from Swift's `SystemRandomNumberGenerator` and differs only in carrying one byte of
/// unused state. The standard generator has no stored properties, and a ThreadSanitizer build
/// miscompiles `inout` access to such an empty local: the instrumentation reports an address
/// that is not the variable's, and the sanitizer crashes on it (swiftlang/swift#66099, seen here
/// with Swift 6.3.1 in `Umbral.generateKeyFrags`). With a byte of storage the local has a real
/// address, so the whole suite can run under `swift test --sanitize=thread`.
public struct SystemRandom: RandomNumberGenerator, Sendable {
    private var system = SystemRandomNumberGenerator()
    // Never read: it exists so the struct has a size (see above).
    private var storage: UInt8 = 0

    /// A generator backed by the operating system's secure source.
    public init() {}

    /// 64 random bits from the operating system.
    public mutating func next() -> UInt64 {
        system.next()
    }
}
