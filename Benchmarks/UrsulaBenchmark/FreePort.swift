#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Free ports for the demo's REST servers, whose port must be known before they start (each
/// Ursula signs it into her metadata).
enum FreePort {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String { "no free TCP port on 127.0.0.1 (errno \(errno))" }
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    static func tcp() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Unavailable() }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(fd, pointer, length) == 0 else { return -1 }
                return getsockname(fd, pointer, &length)
            }
        }
        guard result == 0 else { throw Unavailable() }
        return UInt16(bigEndian: address.sin_port)
    }
}
