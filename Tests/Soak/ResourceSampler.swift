import Foundation
import KMSNetwork

/// The process's resident memory and open file descriptors, read from `/proc/self`.
struct ResourceSample: Sendable {
    /// Seconds since the soak started.
    let elapsed: Double
    /// Resident set size, in KiB (`VmRSS`).
    let residentKiB: Int
    /// Open file descriptors, sorted by what holds them.
    let descriptors: DescriptorCensus
    /// Operations finished so far.
    let operations: Int

    static func take(elapsed: Double, operations: Int, dataFolder: String) -> ResourceSample {
        ResourceSample(elapsed: elapsed, residentKiB: residentKiB(),
                       descriptors: .take(dataFolder: dataFolder), operations: operations)
    }

    private static func residentKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
        }
        return 0
    }
}

/// The open file descriptors, split into the two pools that grow on demand and everything else.
///
/// GRDB opens a read connection when every open one is busy, and libcurl opens a connection to an
/// Ursula when every open one is busy, so both pools grow in steps whenever the workload happens to
/// be more concurrent than before; a slow run (a sanitizer build, a loaded machine) reaches its
/// peak late. They are judged against their configured bounds, which a connection leak exceeds;
/// every other descriptor must stay flat.
struct DescriptorCensus: Sendable {
    /// Every open descriptor (entries of `/proc/self/fd`).
    let total: Int
    /// SQLite connections to the Ursulas' databases: descriptors on a database file.
    let databaseConnections: Int
    /// Descriptors that belong to database connections: the database files and their logs.
    let databaseDescriptors: Int
    /// TCP sockets that are not listening: the two ends of every loopback HTTP connection.
    let connectedSockets: Int

    /// Descriptors outside the two pools.
    var unpooled: Int { total - databaseDescriptors - connectedSockets }

    static func take(dataFolder: String) -> DescriptorCensus {
        let folder = "/proc/self/fd"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var databaseConnections = 0, databaseDescriptors = 0, connectedSockets = 0
        for entry in entries {
            guard let descriptor = Int32(entry),
                  let target = try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + entry) else {
                continue
            }
            if target.hasPrefix(dataFolder) {
                if target.hasSuffix("/" + UrsulaDatabase.fileName) {
                    databaseConnections += 1
                    databaseDescriptors += 1
                } else if target.hasSuffix("/" + UrsulaDatabase.fileName + "-wal") {
                    databaseDescriptors += 1
                }
            } else if target.hasPrefix("socket:"), isConnectedTCP(descriptor) {
                connectedSockets += 1
            }
        }
        return DescriptorCensus(total: entries.count, databaseConnections: databaseConnections,
                                databaseDescriptors: databaseDescriptors, connectedSockets: connectedSockets)
    }

    /// Whether `descriptor` is an IPv4 or IPv6 stream socket that is not listening, asked of the
    /// socket itself (sandboxed kernels do not always list every socket in /proc/net/tcp).
    private static func isConnectedTCP(_ descriptor: Int32) -> Bool {
        func option(_ name: Int32) -> Int32? {
            var value: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            return getsockopt(descriptor, SOL_SOCKET, name, &value, &length) == 0 ? value : nil
        }
        guard let domain = option(SO_DOMAIN), domain == AF_INET || domain == AF_INET6,
              let type = option(SO_TYPE), type == Int32(SOCK_STREAM.rawValue),
              let listening = option(SO_ACCEPTCONN) else { return false }
        return listening == 0
    }
}

/// How many descriptors each pool may hold: its configured bound.
struct DescriptorBounds: Sendable {
    /// SQLite connections: one writer and at most ``UrsulaDatabase/maximumReaders`` readers per Ursula.
    let databaseConnections: Int
    /// Connected TCP sockets: at most ``UrsulaClient/maximumConnections`` per Ursula, both ends in
    /// this process.
    let connectedSockets: Int

    init(ursulas: Int) {
        databaseConnections = ursulas * (1 + UrsulaDatabase.maximumReaders)
        connectedSockets = 2 * ursulas * UrsulaClient.maximumConnections
    }
}

/// Whether memory and file descriptors stayed flat once the soak warmed up.
///
/// The first quarter of the samples is warm-up (caches, SQLite pages). The second quarter is the
/// baseline; the last quarter must not exceed it by more than the slack: a leak of one buffer or
/// descriptor per operation grows steadily and shows up as a gap between the two. The pooled
/// descriptors are held to their bounds instead (see ``DescriptorCensus``).
struct Flatness: Sendable {
    let baselineKiB: Int
    let finalKiB: Int
    let baselineDescriptors: Int
    let finalDescriptors: Int
    let peakDatabaseConnections: Int
    let peakConnectedSockets: Int
    let memorySlackKiB: Int
    let descriptorSlack: Int
    let bounds: DescriptorBounds

    init?(_ samples: [ResourceSample], memorySlackKiB: Int, descriptorSlack: Int, bounds: DescriptorBounds) {
        guard samples.count >= 8 else { return nil }
        let quarter = samples.count / 4
        let baseline = samples[quarter..<(2 * quarter)]
        let final = samples[(samples.count - quarter)...]
        baselineKiB = baseline.map(\.residentKiB).max() ?? 0
        finalKiB = final.map(\.residentKiB).reduce(0, +) / final.count
        baselineDescriptors = baseline.map(\.descriptors.unpooled).max() ?? 0
        finalDescriptors = final.map(\.descriptors.unpooled).max() ?? 0
        peakDatabaseConnections = samples.map(\.descriptors.databaseConnections).max() ?? 0
        peakConnectedSockets = samples.map(\.descriptors.connectedSockets).max() ?? 0
        self.memorySlackKiB = memorySlackKiB
        self.descriptorSlack = descriptorSlack
        self.bounds = bounds
    }

    var memoryIsFlat: Bool { finalKiB <= baselineKiB + memorySlackKiB }
    var descriptorsAreFlat: Bool { finalDescriptors <= baselineDescriptors + descriptorSlack }
    var poolsAreBounded: Bool {
        peakDatabaseConnections <= bounds.databaseConnections && peakConnectedSockets <= bounds.connectedSockets
    }
}
