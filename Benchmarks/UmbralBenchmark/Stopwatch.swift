/// Per-call timing of one operation: untimed warmup calls, then one `ContinuousClock` sample per
/// call, summarized by the median (the figure compared across implementations) and the p90.
struct TimingSummary: Sendable {
    /// The samples in microseconds, sorted ascending.
    let sortedMicroseconds: [Double]

    init(microseconds: [Double]) {
        precondition(!microseconds.isEmpty, "a timing needs at least one sample")
        sortedMicroseconds = microseconds.sorted()
    }

    var count: Int { sortedMicroseconds.count }

    /// The median as Python's `statistics.median` computes it: the mean of the two middle samples
    /// when the count is even, so ours and the reference script summarize alike.
    var median: Double { Self.median(sortedMicroseconds) }

    /// The median of any non-empty list, Python's way (see ``median``).
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        if sorted.count % 2 == 1 { return sorted[middle] }
        return (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The 90th percentile by the nearest-rank method.
    var p90: Double {
        let rank = Int((0.9 * Double(count)).rounded(.up))
        return sortedMicroseconds[max(rank, 1) - 1]
    }
}

enum Stopwatch {
    /// Calls `body` `warmup` times untimed, then `iterations` times, timing each call on its own.
    static func measure(
        iterations: Int, warmup: Int, _ body: () throws -> Void
    ) rethrows -> TimingSummary {
        for _ in 0..<warmup { try body() }
        let clock = ContinuousClock()
        var samples = [Double]()
        samples.reserveCapacity(iterations)
        for _ in 0..<iterations {
            let start = clock.now
            try body()
            samples.append((clock.now - start).microseconds)
        }
        return TimingSummary(microseconds: samples)
    }
}

extension Duration {
    var microseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1_000_000 + Double(attoseconds) / 1_000_000_000_000
    }
}

/// Keeps a result alive so the optimizer cannot drop the call that produced it. (Every timed call
/// also ends in libcrypto, which the Swift optimizer cannot see through.)
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
