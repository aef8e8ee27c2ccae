import Foundation

/// One table row for one operation, in microseconds: our median (over rounds, of each round's
/// median) and p90 (over all our samples), and the references' medians (over rounds).
struct ReportRow {
    let operation: String
    let ours: Double
    let oursP90: Double
    let umbralPre: Double?
    let pyUmbral: Double?
}

/// The results of a run, rendered as a terminal table or a Markdown section.
struct Report {
    let rows: [ReportRow]
    let machine: MachineDescription
    let iterations: Int
    let warmup: Int
    let rounds: Int
    /// The load average when the run ended, next to the one at its start.
    let loadAverageAtEnd: String?
    /// The average number of cores other processes kept busy during the timing, if known.
    let otherCores: Double?
    /// Our median for one constant-time k·G ladder (`SecretKey(bigEndianBytes:)`, which derives the public key).
    let ladderMicroseconds: Double
    /// Nil when `--skip-reference` was given.
    let reference: (python: String, version: String?)?
    let invocation: String
    let warnings: [String]

    static let headers = [
        "operation", "ours (µs)", "umbral-pre 0.11 (µs)", "pyUmbral 0.3 (µs)", "ours/umbral-pre",
        "ours/pyUmbral", "ours p90 (µs)",
    ]

    static let ratioNote =
        "Ratios are time ours ÷ time reference, on medians: below 1.00× ours is faster, above 1.00× "
        + "ours is slower (0.25× = ours takes a quarter of the time; speedup = 1 / ratio)."

    private var cells: [[String]] {
        rows.map { row in
            [
                row.operation, Self.microseconds(row.ours), row.umbralPre.map(Self.microseconds) ?? "—",
                row.pyUmbral.map(Self.microseconds) ?? "—", Self.ratio(row.ours, row.umbralPre),
                Self.ratio(row.ours, row.pyUmbral), Self.microseconds(row.oursP90),
            ]
        }
    }

    static func microseconds(_ value: Double) -> String { String(format: "%.1f", value) }

    static func ratio(_ ours: Double, _ reference: Double?) -> String {
        guard let reference, reference > 0 else { return "—" }
        return String(format: "%.2f×", ours / reference)
    }

    private var machineLines: [String] {
        var lines = [
            "date: \(machine.date)",
            "machine: \(machine.cpuModel), \(machine.logicalCores) logical cores, \(machine.operatingSystem)",
            "OpenSSL: \(machine.openSSL)",
        ]
        if let start = machine.loadAverage {
            lines.append("load average (1/5/15 min): \(start) at start, \(loadAverageAtEnd ?? "?") at end")
        }
        if let otherCores {
            lines.append(String(
                format: "CPU used by other processes during the timing: %.2f of %d logical cores on average",
                otherCores, machine.logicalCores))
        }
        lines.append(
            "timing: \(rounds) round(s), each timing UmbralCore and then running the reference script; per round "
                + "\(iterations) samples per operation after \(warmup) warmup calls, wall clock per call "
                + "(Swift: ContinuousClock; Python: time.perf_counter_ns); each figure is the median over rounds "
                + "of the per-round medians (p90: over all of our samples)")
        if let reference {
            lines.append("reference: Benchmarks/reference_umbral_bench.py on Python \(reference.version ?? "?") (\(reference.python))")
        }
        #if DEBUG
        lines.append("build: DEBUG (these numbers are not representative)")
        #else
        lines.append("build: release")
        #endif
        return lines
    }

    private var ladderLine: String {
        String(
            format: "Unit cost: one constant-time k·G ladder in libcrypto (SecretKey(bigEndianBytes:), which derives sk·G) takes %.1f µs here; "
                + "most UmbralCore rows are a whole number of such multiplications.", ladderMicroseconds)
    }

    /// The verdict on the issue's target, then how we compare with umbral-pre.
    var verdict: [String] {
        guard reference != nil else {
            return [
                "NO RATIOS COMPUTED: --skip-reference was given, so umbral-pre 0.11 and pyUmbral 0.3 were not run "
                    + "and there is no verdict on the target."
            ]
        }
        var lines = [String]()
        let target = "Target \"no operation slower than pyUmbral 0.3\""
        let comparable = rows.compactMap { row in row.pyUmbral.map { (row, row.ours / $0) } }
        let slower = comparable.filter { $0.1 > 1 }
        let missing = rows.filter { $0.pyUmbral == nil }.map(\.operation)
        if slower.isEmpty {
            let closest = comparable.max { $0.1 < $1.1 }
            let closestText = closest.map { String(format: " (closest: %@ at %.2f×)", $0.0.operation, $0.1) } ?? ""
            lines.append("\(target): MET, no operation of the \(comparable.count) compared is slower\(closestText).")
        } else {
            let list = slower.map {
                String(format: "%@ (ours %.1f µs vs pyUmbral %.1f µs, %.2f×)", $0.0.operation, $0.0.ours,
                       $0.0.pyUmbral ?? 0, $0.1)
            }
            lines.append("\(target): NOT MET, ours is slower on \(slower.count) of \(comparable.count): "
                + list.joined(separator: "; ") + ".")
        }
        if !missing.isEmpty {
            lines.append("No pyUmbral 0.3 timing for: \(missing.joined(separator: ", ")).")
        }

        let againstPre = rows.compactMap { row in row.umbralPre.map { (row.operation, row.ours / $0) } }
        if let low = againstPre.min(by: { $0.1 < $1.1 }), let high = againstPre.max(by: { $0.1 < $1.1 }) {
            let faster = againstPre.filter { $0.1 < 1 }.count
            let geometricMean = exp(againstPre.map { log($0.1) }.reduce(0, +) / Double(againstPre.count))
            lines.append(String(
                format: "Against umbral-pre 0.11: ours is faster on %d of %d operations; ratios from %.2f× (%@) "
                    + "to %.2f× (%@), geometric mean %.2f×.",
                faster, againstPre.count, low.1, low.0, high.1, high.0, geometricMean))
        }
        return lines
    }

    func terminalText() -> String {
        let table = [Self.headers] + cells
        let widths = Self.headers.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        func line(_ row: [String]) -> String {
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
        var out = [String]()
        out += warnings.map { "WARNING: \($0)" }
        out += machineLines
        out.append("")
        out.append(line(Self.headers))
        out.append(String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1)))
        out += cells.map(line)
        out.append("")
        out.append(ladderLine)
        if reference != nil { out.append(Self.ratioNote) }
        out += verdict
        return out.joined(separator: "\n")
    }

    func markdown() -> String {
        var out = [String]()
        out += warnings.map { "> **Warning:** \($0)" }
        if !warnings.isEmpty { out.append("") }
        out.append("Command: `\(invocation)`")
        out.append("")
        out += machineLines.map { "- \($0)" }
        out.append("")
        out.append("| " + Self.headers.joined(separator: " | ") + " |")
        out.append("|" + Self.headers.indices.map { $0 == 0 ? " --- |" : " ---: |" }.joined())
        out += cells.map { row in
            "| " + row.enumerated().map { $0 == 0 ? "`\($1)`" : $1 }.joined(separator: " | ") + " |"
        }
        out.append("")
        out.append(ladderLine)
        out.append("")
        if reference != nil {
            out.append(Self.ratioNote)
            out.append("")
        }
        for line in verdict {
            out.append("**\(line)**")
            out.append("")
        }
        return out.joined(separator: "\n").trimmingCharacters(in: .newlines)
    }
}
