// libFuzzer target for KMSMessagePack's strict decoder, built by Scripts/fuzz.sh.
//
// Property: no input crashes or hangs the decoder, and whatever it accepts is canonical, so
// encoding the decoded value gives back exactly the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMessagePack(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let value = try? MessagePack.decode(bytes) {
        precondition(MessagePack.encode(value) == bytes, "an accepted value did not re-encode to its input")
    }
    if let (value, consumed) = try? MessagePack.decodePrefix(bytes) {
        precondition(consumed <= bytes.count, "decodePrefix consumed more than it was given")
        precondition(MessagePack.encode(value) == Array(bytes.prefix(consumed)), "a prefix did not re-encode to itself")
    }
    return 0
}
