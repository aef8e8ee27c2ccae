import Foundation

/// The side-by-side table.
struct Report {
    let swift: NetworkMeasurement
    let python: NetworkMeasurement

    func print() {
        let rows: [(String, Double, Double, Int)] = [
            ("median latency (ms)", median(swift.latencyMilliseconds), median(python.latencyMilliseconds), 3),
            ("p90 latency (ms)", percentile(swift.latencyMilliseconds, 0.9), percentile(python.latencyMilliseconds, 0.9), 3),
            ("median rounds (hops)", median(swift.rounds.map(Double.init)), median(python.rounds.map(Double.init)), 1),
            ("mean rounds", mean(swift.rounds.map(Double.init)), mean(python.rounds.map(Double.init)), 2),
            ("mean find_value RPCs", mean(swift.queries.map(Double.init)), mean(python.queries.map(Double.init)), 2),
            ("network start-up (s)", swift.startupSeconds, python.startupSeconds, 1),
        ]
        Swift.print("")
        Swift.print(pad("", 24) + pad("Swift", 12) + pad("Python", 12) + "Swift/Python")
        for (label, ours, theirs, decimals) in rows {
            let ratio = theirs > 0 ? String(format: "%.2f×", ours / theirs) : "n/a"
            Swift.print(pad(label, 24) + pad(format(ours, decimals), 12) + pad(format(theirs, decimals), 12) + ratio)
        }
        Swift.print(pad("found", 24) + pad("\(swift.found)/\(swift.latencyMilliseconds.count)", 12)
                    + pad("\(python.found)/\(python.latencyMilliseconds.count)", 12))
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    private func format(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}

func median(_ values: [Double]) -> Double { percentile(values, 0.5) }

/// The nearest-rank percentile; 0 for no values.
func percentile(_ values: [Double], _ fraction: Double) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    if fraction == 0.5, sorted.count % 2 == 0 {
        return (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
    let rank = Int((fraction * Double(sorted.count)).rounded(.up))
    return sorted[min(max(rank, 1), sorted.count) - 1]
}

func mean(_ values: [Double]) -> Double {
    values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
}
