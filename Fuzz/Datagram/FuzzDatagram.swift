import FuzzSupport

// libFuzzer target for rpcudp datagrams and the kademlia payloads inside them (see
// datagramCases), built by Scripts/fuzz.sh from the Fuzz package.

/// Writes seeds when asked; the target needs no other set-up.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(
    _ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
) -> CInt {
    Seeds.writeIfRequested(cases: datagramCases, vectorFiles: [], extra: datagramSeeds)
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDatagram(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    datagramCases.run(inputBytes(data, size))
    return 0
}

/// The program's entry point (SwiftPM's alias for `main`): starts libFuzzer on this target.
@_cdecl("FuzzDatagram_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv, fuzzDatagram)
}
