// libFuzzer target for KMSMessagePack's strict decoder, built by Scripts/fuzz.sh.
//
// Property: no input crashes or hangs the decoder, and whatever it accepts is canonical, so
// encoding the decoded value gives back exactly the input.
import FuzzSupport
import KMSMessagePack

/// Writes seeds when asked: every byte string in the project's vectors, most of them
/// MessagePack (Umbral objects, nucypher-core bodies).
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(
    _ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
) -> CInt {
    Seeds.writeRawIfRequested(name: "MessagePack")
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMessagePack(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    if let value = try? MessagePack.decode(bytes) {
        check(MessagePack.encode(value) == bytes, "an accepted value did not re-encode to its input")
    }
    if let (value, consumed) = try? MessagePack.decodePrefix(bytes) {
        check(consumed <= bytes.count, "decodePrefix consumed more than it was given")
        check(MessagePack.encode(value) == Array(bytes.prefix(consumed)), "a prefix did not re-encode to itself")
    }
    return 0
}

/// The program's entry point (SwiftPM's alias for `main`): starts libFuzzer on this target.
@_cdecl("FuzzMessagePack_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv, fuzzMessagePack)
}
