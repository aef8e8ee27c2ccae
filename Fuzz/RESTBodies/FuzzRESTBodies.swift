import FuzzSupport
import FuzzWorld

// libFuzzer target for the bodies of Ursula's POST routes (see restCases), served by her real
// Hummingbird router in process, below HTTP; built by Scripts/fuzz.sh from the Fuzz package.

/// Builds the world and the ledger before the first input and writes seeds when asked.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(
    _ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
) -> CInt {
    _ = PolicyWorld.shared
    _ = RESTFixture.shared
    Seeds.writeIfRequested(cases: restCases, extra: restSeeds)
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRESTBodies(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    restCases.run(inputBytes(data, size))
    return 0
}

/// The program's entry point (SwiftPM's alias for `main`): starts libFuzzer on this target.
@_cdecl("FuzzRESTBodies_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv, fuzzRESTBodies)
}
