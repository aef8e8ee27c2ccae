import Foundation

/// The process's resident memory and open file descriptors, read from `/proc/self`.
struct ResourceSample: Sendable {
    /// Seconds since the soak started.
    let elapsed: Double
    /// Resident set size, in KiB (`VmRSS`).
    let residentKiB: Int
    /// Open file descriptors (entries of `/proc/self/fd`).
    let fileDescriptors: Int
    /// Operations finished so far.
    let operations: Int

    static func take(elapsed: Double, operations: Int) -> ResourceSample {
        ResourceSample(elapsed: elapsed, residentKiB: residentKiB(), fileDescriptors: openFileDescriptors(), operations: operations)
    }

    private static func residentKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
        }
        return 0
    }

    private static func openFileDescriptors() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0
    }
}

/// Whether memory and file descriptors stayed flat once the soak warmed up.
///
/// The first quarter of the samples is warm-up (caches, connection pools, SQLite pages). The
/// second quarter is the baseline; the last quarter must not exceed it by more than the slack:
/// a leak of one buffer per operation grows steadily and shows up as a gap between the two.
struct Flatness: Sendable {
    let baselineKiB: Int
    let finalKiB: Int
    let baselineDescriptors: Int
    let finalDescriptors: Int
    let memorySlackKiB: Int
    let descriptorSlack: Int

    init?(_ samples: [ResourceSample], memorySlackKiB: Int, descriptorSlack: Int) {
        guard samples.count >= 8 else { return nil }
        let quarter = samples.count / 4
        let baseline = samples[quarter..<(2 * quarter)]
        let final = samples[(samples.count - quarter)...]
        baselineKiB = baseline.map(\.residentKiB).max() ?? 0
        finalKiB = final.map(\.residentKiB).reduce(0, +) / final.count
        baselineDescriptors = baseline.map(\.fileDescriptors).max() ?? 0
        finalDescriptors = final.map(\.fileDescriptors).max() ?? 0
        self.memorySlackKiB = memorySlackKiB
        self.descriptorSlack = descriptorSlack
    }

    var memoryIsFlat: Bool { finalKiB <= baselineKiB + memorySlackKiB }
    var descriptorsAreFlat: Bool { finalDescriptors <= baselineDescriptors + descriptorSlack }
}
