import Foundation

/// What the numbers were measured on, for the report.
struct MachineDescription {
    let cpuModel: String
    let logicalCores: Int
    let operatingSystem: String
    let openSSL: String
    let libsecp256k1: String
    let loadAverage: String?
    let date: String

    static func current() -> MachineDescription {
        MachineDescription(
            cpuModel: cpuModel() ?? "unknown CPU",
            logicalCores: ProcessInfo.processInfo.activeProcessorCount,
            operatingSystem: ProcessInfo.processInfo.operatingSystemVersionString,
            openSSL: openSSLDescription(),
            libsecp256k1: libsecp256k1Description(),
            loadAverage: loadAverage(),
            date: ISO8601DateFormatter().string(from: Date()))
    }

    /// The `model name` of the first processor in /proc/cpuinfo.
    private static func cpuModel() -> String? {
        guard let cpuinfo = readProcFile("/proc/cpuinfo") else { return nil }
        for line in cpuinfo.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    /// The 1-, 5- and 15-minute load averages from /proc/loadavg.
    static func loadAverage() -> String? {
        guard let text = readProcFile("/proc/loadavg") else { return nil }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// UmbralCore does not expose its libcrypto version, so this reports the `openssl version`
    /// CLI and the libcrypto file actually mapped into this process (from /proc/self/maps).
    private static func openSSLDescription() -> String {
        let cli = Subprocess.firstLine("openssl", ["version"]).map { "\($0) (openssl CLI)" }
        var loaded: String?
        if let maps = readProcFile("/proc/self/maps") {
            loaded = maps.split(separator: "\n")
                .compactMap { line in line.split(separator: " ", omittingEmptySubsequences: true).last.map(String.init) }
                .first { ($0 as NSString).lastPathComponent.hasPrefix("libcrypto.so") }
        }
        switch (cli, loaded) {
        case let (cli?, loaded?): return "\(cli); loaded \(loaded)"
        case let (cli?, nil): return cli
        case let (nil, loaded?): return "loaded \(loaded) (openssl CLI not found)"
        case (nil, nil): return "unknown"
        }
    }

    /// The libsecp256k1 the trait build links: pkg-config's version and the Debian package's.
    private static func libsecp256k1Description() -> String {
        let pkgConfig = Subprocess.firstLine("pkg-config", ["--modversion", "libsecp256k1"]).map { "\($0) (pkg-config)" }
        let debian = Subprocess.firstLine("dpkg-query", ["-W", "-f", "${Version}", "libsecp256k1-dev"])
            .map { "libsecp256k1-dev \($0) (Debian)" }
        let parts = [pkgConfig, debian].compactMap { $0 }
        return parts.isEmpty ? "not found" : parts.joined(separator: "; ")
    }

    /// A /proc file read to its end: such files report a size of 0, so they are read as a stream.
    static func readProcFile(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.readToEnd() else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

/// CPU time from /proc, to tell how much other processes used while the benchmark ran: the
/// machine's busy time minus this process's and its reaped children's (the Python runs).
struct CPUUsageSnapshot {
    /// Busy and total time summed over all CPUs, and this process's own, in clock ticks.
    let busy: UInt64
    let total: UInt64
    let own: UInt64

    static func now() -> CPUUsageSnapshot? {
        guard let stat = MachineDescription.readProcFile("/proc/stat"),
              let cpuLine = stat.split(separator: "\n").first, cpuLine.hasPrefix("cpu "),
              let selfStat = MachineDescription.readProcFile("/proc/self/stat"),
              let closing = selfStat.lastIndex(of: ")")
        else { return nil }
        // user nice system idle iowait irq softirq steal (guest time is already inside user).
        let ticks = cpuLine.split(separator: " ").dropFirst().prefix(8).compactMap { UInt64($0) }
        guard ticks.count == 8 else { return nil }
        // After the command name: state is field 3, so utime, stime, cutime, cstime (fields
        // 14–17) are at offsets 11–14.
        let fields = selfStat[selfStat.index(after: closing)...].split(separator: " ")
        guard fields.count > 14 else { return nil }
        let own = fields[11...14].compactMap { UInt64($0) }.reduce(0, +)
        let idle = ticks[3] + ticks[4]
        let total = ticks.reduce(0, +)
        return CPUUsageSnapshot(busy: total - idle, total: total, own: own)
    }

    /// The average number of cores kept busy by other processes between two snapshots.
    static func otherCores(from start: CPUUsageSnapshot, to end: CPUUsageSnapshot, cores: Int) -> Double? {
        let elapsed = Double(end.total &- start.total) / Double(max(cores, 1))
        guard elapsed > 0 else { return nil }
        let others = Double(end.busy &- start.busy) - Double(end.own &- start.own)
        return max(others, 0) / elapsed
    }
}
