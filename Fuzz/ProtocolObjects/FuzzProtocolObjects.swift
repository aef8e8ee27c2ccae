import FuzzSupport
import FuzzWorld

// libFuzzer target for every nucypher-core object KMSPolicy parses (see protocolObjectCases),
// built by Scripts/fuzz.sh from the Fuzz package.

/// Builds the fixed policy world before the first input and writes seeds when asked.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(
    _ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
) -> CInt {
    _ = PolicyWorld.shared
    Seeds.writeIfRequested(cases: protocolObjectCases, extra: protocolObjectWorldSeeds)
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProtocolObjects(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    protocolObjectCases.run(inputBytes(data, size))
    return 0
}

/// The program's entry point (SwiftPM's alias for `main`): starts libFuzzer on this target.
@_cdecl("FuzzProtocolObjects_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv, fuzzProtocolObjects)
}
