/// Stops the fuzzer with `message` when a property fails.
///
/// `fatalError` rather than `precondition`: an optimised build drops a precondition's message,
/// and the message is what tells a finding's reader which property broke.
public func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("fuzz property failed: \(message())") }
}

/// The libFuzzer input as an array.
public func inputBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}
