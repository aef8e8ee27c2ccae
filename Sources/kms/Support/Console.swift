#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes `error: <message>` to stderr as exactly one line, so scripts can log it verbatim.
///
/// Goes through `write(2)` rather than the C `stderr` global, which Swift 6 rejects as shared
/// mutable state.
func printError(_ message: String) {
    let oneLine = message.split(whereSeparator: \.isNewline).joined(separator: " ")
    var line = "error: \(oneLine)\n"
    line.withUTF8 { buffer in
        var offset = 0
        while offset < buffer.count {
            let count = write(2, buffer.baseAddress! + offset, buffer.count - offset)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            offset += count
        }
    }
}
