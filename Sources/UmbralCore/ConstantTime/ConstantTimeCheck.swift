/// The seam between UmbralCore and a constant-time checker.
///
/// The checker (the `ConstantTime` package, run under valgrind's memcheck) marks secret inputs as
/// undefined memory; memcheck then reports every conditional branch and every memory address that
/// depends on them. A few values computed from secrets are public by design: an ECDSA signature
/// and its nonce point R, whether a tag verified, whether a freshly drawn or derived scalar was
/// zero or out of range (a rejection that happens with probability about 2⁻¹²⁸ or less and is
/// visible anyway as a retry or an error). UmbralCore passes exactly those values through
/// `declassified(_:)` before it branches on them, and the checker installs a hook that marks
/// them defined again. Everything else derived from a secret must flow through branch-free code.
///
/// Without a hook, which is every normal run, declassification is a load and a not-taken branch.
@_spi(ConstantTimeCheck)
public enum ConstantTimeCheck {
    /// Marks `count` bytes at the address as public (memcheck: `VALGRIND_MAKE_MEM_DEFINED`).
    public typealias DeclassifyHook = @convention(c) (UnsafeRawPointer?, Int) -> Void

    /// Set once, before any other UmbralCore call, by the checker's `main`; read-only afterwards.
    nonisolated(unsafe) private(set) static var declassifyHook: DeclassifyHook?

    /// Installs the checker's hook. Call it first thing in `main`, on one thread, before any other
    /// UmbralCore call: the hook is stored without synchronization so that normal runs pay nothing.
    public static func install(declassify hook: @escaping DeclassifyHook) {
        declassifyHook = hook
    }
}

/// `value`, which was computed from secrets but is public by design, marked public for a
/// constant-time checker. The copy goes through memory the hook can see, and is read back from
/// it, so the compiler cannot reuse the undeclassified register.
@inline(__always)
func declassified<T: BitwiseCopyable>(_ value: T) -> T {
    guard let hook = ConstantTimeCheck.declassifyHook else { return value }
    var copy = value
    withUnsafeMutableBytes(of: &copy) { hook(UnsafeRawPointer($0.baseAddress), $0.count) }
    return copy
}

/// The elements of `bytes`, which were computed from secrets but are public by design, marked
/// public for a constant-time checker.
@inline(__always)
func declassified(_ bytes: [UInt8]) -> [UInt8] {
    guard let hook = ConstantTimeCheck.declassifyHook else { return bytes }
    bytes.withUnsafeBytes { hook($0.baseAddress, $0.count) }
    return bytes
}
