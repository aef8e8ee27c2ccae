import ArgumentParser
import KMSNetwork

/// Parses `--bootstrap` values, `HOST:PORT` or `[IPv6]:PORT`, for every command that joins a DHT.
func bootstrapAddresses(_ values: [String]) throws -> [NodeAddress] {
    try values.map { text in
        guard let colon = text.lastIndex(of: ":"), colon != text.startIndex,
              let port = UInt16(text[text.index(after: colon)...]) else {
            throw ValidationError("--bootstrap '\(text)' is not HOST:PORT")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return NodeAddress(host: host, port: port)
    }
}
