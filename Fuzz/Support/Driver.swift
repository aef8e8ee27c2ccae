import CLibFuzzer

/// Runs libFuzzer with `argv`, calling `testOneInput` for each input; returns its exit status.
///
/// Each target's `<Module>_main` calls this: SwiftPM aliases an executable's `main` to that
/// symbol, so libFuzzer's own `main` is not linked and the driver is started explicitly.
public func runLibFuzzer(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>,
    _ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt {
    var argc = argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&argc, &argv, testOneInput)
}
