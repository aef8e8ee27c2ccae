import Foundation

/// One table row for one operation: each implementation's median in µs (ours: the median over
/// rounds of each round's median; the references: the median over rounds of their medians).
struct ReportRow {
    let operation: String
    let openSSL: Double
    let libsecp256k1: Double?
    let umbralPre: Double?
    let pyUmbral: Double?
}

/// One backend's figures beside the operations, each the median over rounds.
struct BackendSummary {
    let name: String
    /// ``MultiplicationKind`` raw value → µs per call.
    let prices: [String: Double]
    /// Check → (real, naive) µs.
    let verification: [String: VerificationTiming]
    let parallel: ParallelTiming
    /// `dem_encrypt_<size>` / `dem_decrypt_<size>` → µs.
    let dem: [String: Double]

    static func combine(_ rounds: [BackendMeasurement]) -> BackendSummary? {
        guard let first = rounds.first else { return nil }
        func median(_ values: [Double]) -> Double { TimingSummary.median(values) }
        var prices = [String: Double]()
        for kind in MultiplicationKind.allCases {
            let values = rounds.compactMap { $0.multiplications[kind.rawValue] }
            if !values.isEmpty { prices[kind.rawValue] = median(values) }
        }
        var verification = [String: VerificationTiming]()
        for check in VerificationTiming.checks {
            let pairs = rounds.compactMap { $0.verification[check] }
            if !pairs.isEmpty {
                verification[check] = VerificationTiming(real: median(pairs.map(\.real)), naive: median(pairs.map(\.naive)))
            }
        }
        let parallel = ParallelTiming(
            capsules: first.parallel.capsules, cores: first.parallel.cores,
            serial: median(rounds.map(\.parallel.serial)), parallel: median(rounds.map(\.parallel.parallel)),
            serialCoresUsed: median(rounds.map(\.parallel.serialCoresUsed)),
            parallelCoresUsed: median(rounds.map(\.parallel.parallelCoresUsed)),
            controlSerial: median(rounds.map(\.parallel.controlSerial)),
            controlParallel: median(rounds.map(\.parallel.controlParallel)))
        var dem = [String: Double]()
        for key in first.dem.keys {
            let values = rounds.compactMap { $0.dem[key] }
            if !values.isEmpty { dem[key] = median(values) }
        }
        return BackendSummary(
            name: first.backend, prices: prices, verification: verification, parallel: parallel, dem: dem)
    }
}

/// A table with a header row; the first column is left-aligned, the others right-aligned.
struct Table {
    let headers: [String]
    let rows: [[String]]

    func terminal() -> [String] {
        let all = [headers] + rows
        let widths = headers.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        func line(_ row: [String]) -> String {
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
        return [line(headers), String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))]
            + rows.map(line)
    }

    func markdown() -> [String] {
        ["| " + headers.joined(separator: " | ") + " |",
         "|" + headers.indices.map { $0 == 0 ? " --- |" : " ---: |" }.joined()]
            + rows.map { row in "| " + row.enumerated().map { $0 == 0 ? "`\($1)`" : $1 }.joined(separator: " | ") + " |" }
    }
}

/// The results of a run, rendered as terminal text or a Markdown section.
struct Report {
    let rows: [ReportRow]
    let openSSL: BackendSummary
    let libsecp256k1: BackendSummary?
    let leakChecks: [LeakCheckResult]
    let machine: MachineDescription
    let iterations: Int
    let warmup: Int
    let rounds: Int
    let loadAverageAtEnd: String?
    let otherCores: Double?
    /// Nil when `--skip-reference` was given.
    let reference: (python: String, version: String?)?
    let invocation: String
    let warnings: [String]

    static let ratioNote =
        "Ratios are time ÷ time, on medians: below 1.00× the first named is faster (0.25× = it takes a quarter "
        + "of the time; speedup = 1 / ratio). The targets: libsecp256k1 ÷ umbral-pre ≤ 0.33× (3× faster); "
        + "OpenSSL ÷ pyUmbral < 1.00×."

    static func microseconds(_ value: Double?) -> String {
        value.map { String(format: "%.1f", $0) } ?? "—"
    }

    static func ratio(_ numerator: Double?, _ denominator: Double?) -> String {
        guard let numerator, let denominator, denominator > 0 else { return "—" }
        return String(format: "%.2f×", numerator / denominator)
    }

    // MARK: Sections

    var mainTable: Table {
        Table(
            headers: [
                "operation", "ours OpenSSL (µs)", "ours libsecp256k1 (µs)", "umbral-pre 0.11 (µs)", "pyUmbral 0.3 (µs)",
                "libsecp256k1/umbral-pre", "OpenSSL/pyUmbral", "libsecp256k1/OpenSSL",
            ],
            rows: rows.map { row in
                [
                    row.operation, Self.microseconds(row.openSSL), Self.microseconds(row.libsecp256k1),
                    Self.microseconds(row.umbralPre), Self.microseconds(row.pyUmbral),
                    Self.ratio(row.libsecp256k1, row.umbralPre), Self.ratio(row.openSSL, row.pyUmbral),
                    Self.ratio(row.libsecp256k1, row.openSSL),
                ]
            })
    }

    func priceLine(_ backend: BackendSummary) -> String {
        "One multiplication on \(backend.name): "
            + MultiplicationKind.allCases.map { kind in
                "\(kind.title) \(Self.microseconds(backend.prices[kind.rawValue])) µs"
            }.joined(separator: ", ")
    }

    /// Per operation: the counts, floor = Σ count × price, measured, measured ÷ floor; then the
    /// floor with the DEM's measured price added; with `against`, the floor ÷ a reference's time
    /// (how fast the operation could be at best, relative to it).
    func floorTable(
        _ backend: BackendSummary, measured: (ReportRow) -> Double?, against: (String, (ReportRow) -> Double?)? = nil
    ) -> Table {
        Table(
            headers: ["operation"] + MultiplicationKind.allCases.map(\.title)
                + ["floor (µs)", "measured (µs)", "measured/floor", "≤ 1.5×", "floor+DEM (µs)", "measured/(floor+DEM)"]
                + (against.map { ["floor/\($0.0)"] } ?? []),
            rows: rows.map { row in
                guard let count = MultiplicationCount.forOperation(row.operation) else {
                    return [row.operation] + MultiplicationKind.allCases.map { _ in "?" }
                        + ["—", "—", "—", "—", "—", "—"] + (against.map { _ in ["—"] } ?? [])
                }
                let floor = count.floor(prices: backend.prices)
                let withDEM = count.floor(prices: backend.prices, dem: backend.dem)
                let value = measured(row)
                let within = floor.flatMap { f in value.map { $0 / f <= 1.5 } }
                return [row.operation] + MultiplicationKind.allCases.map { String(count.count($0)) }
                    + [Self.microseconds(floor), Self.microseconds(value), Self.ratio(value, floor),
                       within.map { $0 ? "yes" : "NO" } ?? "—", Self.microseconds(withDEM), Self.ratio(value, withDEM)]
                    + (against.map { [Self.ratio(floor, $0.1(row))] } ?? [])
            })
    }

    func verificationTable(_ backend: BackendSummary) -> Table {
        Table(
            headers: ["check (\(backend.name))", "real (µs)", "naive (µs)", "naive/real", "≥ 1.5×"],
            rows: VerificationTiming.checks.map { check in
                let timing = backend.verification[check]
                let ratio = timing.map { $0.naive / $0.real }
                return [check, Self.microseconds(timing?.real), Self.microseconds(timing?.naive),
                        ratio.map { String(format: "%.2f×", $0) } ?? "—", ratio.map { $0 >= 1.5 ? "yes" : "NO" } ?? "—"]
            })
    }

    var parallelTable: Table {
        Table(
            headers: ["Ursula, one request", "capsules", "cores", "serial loop (µs)", "parallel (µs)", "speedup",
                      "cores busy serial", "cores busy parallel", "control speedup (pure CPU work)"],
            rows: [openSSL, libsecp256k1].compactMap { $0 }.map { backend in
                let p = backend.parallel
                return [backend.name, String(p.capsules), String(p.cores), Self.microseconds(p.serial),
                        Self.microseconds(p.parallel), String(format: "%.2f×", p.serial / p.parallel),
                        String(format: "%.2f", p.serialCoresUsed), String(format: "%.2f", p.parallelCoresUsed),
                        String(format: "%.2f×", p.controlSerial / p.controlParallel)]
            })
    }

    var leakTable: Table {
        Table(
            headers: ["backend", "iterations", "VmRSS at 10% (KiB)", "VmRSS at end (KiB)", "VmHWM at 10% (KiB)",
                      "VmHWM at end (KiB)", "growth (KiB)", "flat"],
            rows: leakChecks.map { check in
                [check.backend, String(check.iterations),
                 check.baseline.map { String($0.residentKiB) } ?? "—", check.last.map { String($0.residentKiB) } ?? "—",
                 check.baseline.map { String($0.peakKiB) } ?? "—", check.last.map { String($0.peakKiB) } ?? "—",
                 "\(check.residentGrowthKiB ?? 0) / \(check.peakGrowthKiB ?? 0)",
                 check.isFlat ? "yes" : "NO"]
            })
    }

    // MARK: Verdicts

    var verdicts: [String] {
        var lines = [String]()
        func list(_ items: [(String, Double)]) -> String {
            items.map { String(format: "%@ %.2f×", $0.0, $0.1) }.joined(separator: ", ")
        }
        if libsecp256k1 != nil, reference != nil {
            let ratios = rows.compactMap { row in
                row.libsecp256k1.flatMap { s in row.umbralPre.map { (row.operation, s / $0) } }
            }
            let failing = ratios.filter { $0.1 > 1.0 / 3.0 }
            let worst = ratios.max { $0.1 < $1.1 }
            lines.append(failing.isEmpty
                ? "Target \"libsecp256k1 at least 3× faster than umbral-pre 0.11 on every operation\": MET on all \(ratios.count)"
                    + (worst.map { String(format: " (closest: %@ at %.2f×)", $0.0, $0.1) } ?? "") + "."
                : "Target \"libsecp256k1 at least 3× faster than umbral-pre 0.11 on every operation\": NOT MET on "
                    + "\(failing.count) of \(ratios.count) (ratio above 0.33×): \(list(failing))."
                    + unreachableNote(failing.map(\.0)))
        }
        if let secp = libsecp256k1 {
            let ratios = rows.compactMap { row -> (String, Double)? in
                guard let measured = row.libsecp256k1,
                      let floor = MultiplicationCount.forOperation(row.operation)?.floor(prices: secp.prices)
                else { return nil }
                return (row.operation, measured / floor)
            }
            let failing = ratios.filter { $0.1 > 1.5 }
            lines.append(failing.isEmpty
                ? "Target \"libsecp256k1 within 1.5× of its multiplication floor\": MET on all \(ratios.count)"
                    + (ratios.max { $0.1 < $1.1 }.map { String(format: " (highest: %@ at %.2f×)", $0.0, $0.1) } ?? "") + "."
                : "Target \"libsecp256k1 within 1.5× of its multiplication floor\": NOT MET on \(failing.count) of "
                    + "\(ratios.count): \(list(failing)).")
        } else {
            lines.append("libsecp256k1 backend not measured (--skip-secp): no verdict on its targets.")
        }
        if reference != nil {
            let ratios = rows.compactMap { row in row.pyUmbral.map { (row.operation, row.openSSL / $0) } }
            let failing = ratios.filter { $0.1 >= 1 }
            lines.append(failing.isEmpty
                ? "Target \"OpenSSL faster than pyUmbral 0.3 on every operation\": MET on all \(ratios.count)"
                    + (ratios.max { $0.1 < $1.1 }.map { String(format: " (closest: %@ at %.2f×)", $0.0, $0.1) } ?? "") + "."
                : "Target \"OpenSSL faster than pyUmbral 0.3 on every operation\": NOT MET on \(failing.count) of "
                    + "\(ratios.count): \(list(failing)).")
        } else {
            lines.append("NO REFERENCE RATIOS: --skip-reference was given, so umbral-pre 0.11 and pyUmbral 0.3 were not run.")
        }
        let speedups = VerificationTiming.checks.compactMap { check in
            openSSL.verification[check].map { (check, $0.naive / $0.real) }
        }
        let slow = speedups.filter { $0.1 < 1.5 }
        lines.append(slow.isEmpty
            ? "Target \"OpenSSL verification at least 1.5× faster than a naive one-multiplication-at-a-time evaluation\": "
                + "MET on all \(speedups.count) checks (\(list(speedups)) naive/real)."
            : "Target \"OpenSSL verification at least 1.5× faster than a naive one-multiplication-at-a-time evaluation\": "
                + "NOT MET on \(slow.count) of \(speedups.count): \(list(slow)) naive/real (all: \(list(speedups))).")
        if leakChecks.isEmpty {
            lines.append("No leak check in this run (--leak-check N runs one per backend).")
        } else {
            for check in leakChecks {
                lines.append(
                    "Leak check \(check.backend), \(check.iterations) iterations: "
                        + (check.isFlat ? "FLAT" : "NOT FLAT")
                        + " (VmRSS +\(check.residentGrowthKiB ?? 0) KiB, VmHWM +\(check.peakGrowthKiB ?? 0) KiB from 10% of the run "
                        + "to its end; limit \(LeakCheckResult.flatLimitKiB) KiB each).")
            }
        }
        return lines
    }

    /// Which of the failing operations could not meet 3× even at their multiplication floor.
    private func unreachableNote(_ operations: [String]) -> String {
        guard let secp = libsecp256k1 else { return "" }
        let unreachable = rows.filter { operations.contains($0.operation) }.compactMap { row -> (String, Double)? in
            guard let floor = MultiplicationCount.forOperation(row.operation)?.floor(prices: secp.prices),
                  let pre = row.umbralPre, floor / pre > 1.0 / 3.0
            else { return nil }
            return (row.operation, floor / pre)
        }
        guard !unreachable.isEmpty else { return "" }
        return " Of these, \(unreachable.count) are out of reach even at their multiplication floor (floor ÷ umbral-pre: "
            + unreachable.map { String(format: "%@ %.2f×", $0.0, $0.1) }.joined(separator: ", ") + ")."
    }

    // MARK: Rendering

    private var machineLines: [String] {
        var lines = [
            "date: \(machine.date)",
            "machine: \(machine.cpuModel), \(machine.logicalCores) logical cores, \(machine.operatingSystem)",
            "OpenSSL: \(machine.openSSL)",
            "libsecp256k1: \(machine.libsecp256k1)",
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
            "timing: \(rounds) round(s), each timing ours on OpenSSL (in this process), then ours on libsecp256k1 "
                + "(the copy built with --traits LibSecp256k1, as a subprocess), then the reference script; per round "
                + "\(iterations) samples per operation after \(warmup) warmup calls, wall clock per call "
                + "(Swift: ContinuousClock; Python: time.perf_counter_ns); each figure is the median over rounds "
                + "of the per-round medians")
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

    private var floorNote: String {
        "Floor: the multiplications each operation performs (counted from the protocol code; see "
            + "Benchmarks/UmbralBenchmark/Floor.swift for each derivation) times the measured price of one of each kind; "
            + "everything else an operation does (hashing, the DEM, encodings, scalar arithmetic) is above the floor. "
            + "floor+DEM adds the measured XChaCha20-Poly1305 of the operation's plaintext or ciphertext. "
            + "floor/umbral-pre is the best this backend could do with these multiplications: above 0.33×, "
            + "3× faster than umbral-pre is out of reach without fewer or cheaper multiplications."
    }

    func demLine(_ backend: BackendSummary) -> String {
        "DEM alone on \(backend.name): " + backend.dem.keys.sorted { a, b in
            (Int(a.split(separator: "_").last ?? "") ?? 0, a) < (Int(b.split(separator: "_").last ?? "") ?? 0, b)
        }.map { "\($0) \(Self.microseconds(backend.dem[$0])) µs" }.joined(separator: ", ")
    }

    private var naiveNote: String {
        "Naive: the same equations with one scalar multiplication at a time (Scalar * Point, Point.generatorMultiple) "
            + "and then additions (the verifyNaively hooks in Sources/UmbralCore/Benchmarking/); real: UmbralCore's checks."
    }

    private var parallelNote: String {
        "Ursula.reencrypt(_:with:using:) (what Ursula.reencrypt(request) runs after its checks) against a serial loop "
            + "of Umbral.reencrypt over the same capsules, alternating, on this machine's cores. Cores busy: process CPU "
            + "time ÷ wall time while each ran. Control: the same serial-vs-task-group split over pure integer work of "
            + "the same duration, no cryptography: the most two threads gave on this machine during the run."
    }

    /// (title, table, notes after it) in order.
    private var sections: [(String, Table?, [String])] {
        var out: [(String, Table?, [String])] = [
            ("Operations", mainTable, [Self.ratioNote]),
        ]
        if let secp = libsecp256k1 {
            out.append(("Multiplication floor, libsecp256k1",
                        floorTable(secp, measured: { $0.libsecp256k1 }, against: ("umbral-pre", { $0.umbralPre })),
                        [priceLine(secp), demLine(secp), floorNote]))
        }
        out.append(("Multiplication floor, OpenSSL (for comparison)",
                    floorTable(openSSL, measured: { $0.openSSL }, against: ("pyUmbral", { $0.pyUmbral })),
                    [priceLine(openSSL), demLine(openSSL)]))
        out.append(("Verification against a naive evaluation, OpenSSL", verificationTable(openSSL), [naiveNote]))
        if let secp = libsecp256k1 {
            out.append(("Verification against a naive evaluation, libsecp256k1 (for comparison)", verificationTable(secp), []))
        }
        out.append(("Parallel re-encryption", parallelTable, [parallelNote]))
        if !leakChecks.isEmpty {
            out.append(("Memory over repeated operations", leakTable, [
                "Each iteration: encrypt and decrypt_original on every plaintext, generate 2-of-3 kFrags, parse and verify "
                    + "one, re-encrypt twice, parse and verify both cFrags, decrypt_reencrypted; VmRSS and VmHWM read "
                    + "from /proc/self/status in a fresh process per backend, at 20 checkpoints.",
            ]))
        }
        return out
    }

    func terminalText() -> String {
        var out = [String]()
        out += warnings.map { "WARNING: \($0)" }
        out += machineLines
        for (title, table, notes) in sections {
            out.append("")
            out.append("== \(title) ==")
            if let table { out += table.terminal() }
            out += notes
        }
        out.append("")
        out += verdicts
        return out.joined(separator: "\n")
    }

    func markdown() -> String {
        var out = [String]()
        out += warnings.map { "> **Warning:** \($0)" }
        if !warnings.isEmpty { out.append("") }
        out.append("Command: `\(invocation)`")
        out.append("")
        out += machineLines.map { "- \($0)" }
        for (title, table, notes) in sections {
            out.append("")
            out.append("### \(title)")
            out.append("")
            if let table { out += table.markdown() }
            for note in notes {
                out.append("")
                out.append(note)
            }
        }
        out.append("")
        for line in verdicts {
            out.append("**\(line)**")
            out.append("")
        }
        return out.joined(separator: "\n").trimmingCharacters(in: .newlines)
    }
}
