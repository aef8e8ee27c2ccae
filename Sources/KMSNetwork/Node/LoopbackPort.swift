#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Free ports on 127.0.0.1, for local networks whose REST ports must be known before the servers
/// start (each Ursula signs hers into her metadata).
public enum LoopbackPort {
    /// A TCP port on 127.0.0.1 that was free a moment ago: bound with port 0, read back and
    /// released. Another process could take it before the caller binds it; on a test or demo
    /// machine that is rare, and the bind then fails clearly.
    ///
    /// - Throws: ``KMSNetworkError/bindFailed(host:port:reason:)`` if no socket could be bound.
    public static func freeTCP() throws(KMSNetworkError) -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .bindFailed(host: "127.0.0.1", port: 0, reason: "socket: errno \(errno)") }
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
        guard result == 0 else { throw .bindFailed(host: "127.0.0.1", port: 0, reason: "bind: errno \(errno)") }
        return UInt16(bigEndian: address.sin_port)
    }
}
