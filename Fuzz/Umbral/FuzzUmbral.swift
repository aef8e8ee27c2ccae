import FuzzSupport

// libFuzzer target for every UmbralCore type that parses bytes (see umbralCases), built by
// Scripts/fuzz.sh from the Fuzz package.

/// Builds the fixed world before the first input (so its cost is not counted as a slow input)
/// and writes seeds when the script asks for them.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(
    _ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
) -> CInt {
    _ = UmbralWorld.shared
    Seeds.writeIfRequested(cases: umbralCases, extra: umbralWorldSeeds)
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzUmbral(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    umbralCases.run(inputBytes(data, size))
    return 0
}

/// The program's entry point (SwiftPM's alias for `main`): starts libFuzzer on this target.
@_cdecl("FuzzUmbral_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv, fuzzUmbral)
}
