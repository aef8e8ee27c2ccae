import CValgrindClient
@_spi(ConstantTimeCheck) import UmbralCore

#if canImport(Glibc)
import Glibc
#endif

/// constant-time-check: runs UmbralCore's and KMSPolicy's operations on secrets with the secrets
/// marked undefined for valgrind's memcheck, which then reports every branch and memory address
/// that depends on them. Scripts/constant-time.sh builds it and runs it under valgrind; see
/// Docs/Reliability.md, "Constant time".

let usage = """
    usage: constant-time-check [--case NAME]... [--list] [--help]

    Runs each operation on secrets once, with its secret inputs marked undefined for memcheck,
    and checks that it still produces the expected (declassified) output. Run it under
    `valgrind --tool=memcheck` (Scripts/constant-time.sh does): every branch or memory address
    that depends on a secret is then reported as an error. Outside valgrind it is a plain
    functional test.

      --case NAME   run only this case (repeatable); see --list
      --list        list the cases and what each marks secret
      --help        this text

    The case `planted-branch` is not run by default: it branches on a secret byte on purpose, so
    that the script can show the check fails when it should (Scripts/constant-time.sh --self-test).

    Exit status: 0 when every case produced its expected output, 1 when one did not, 2 for bad
    arguments. memcheck's findings are reported by valgrind (--error-exitcode).
    """

/// A deliberate secret-dependent branch, the check's own negative control: the mistake it plants
/// is comparing a secret with `==`, which stops at the first byte that differs.
let plantedBranch = CheckCase(name: "planted-branch", secrets: "one key (compared with ==, on purpose)") {
    (f) throws(CheckFailure) in
    let secret = Secrets.secret(f.aliceKeyBytes)
    try expect(Secrets.declassify(secret == f.aliceKeyBytes), "planted comparison")
}

/// Writes a line to standard error (Glibc's `stderr` is a global variable Swift 6 will not touch).
func printError(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

let defaultCases = UmbralCases.all + PolicyCases.all
let allCases = defaultCases + [plantedBranch]

var selected: [String] = []
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--help", "-h":
        print(usage)
        exit(0)
    case "--list":
        for checkCase in allCases {
            print(checkCase.name + String(repeating: " ", count: max(1, 24 - checkCase.name.count)) + checkCase.secrets)
        }
        exit(0)
    case "--case":
        guard let name = arguments.popFirst(), allCases.contains(where: { $0.name == name }) else {
            printError("constant-time-check: --case needs one of: \(allCases.map { $0.name }.joined(separator: ", "))")
            exit(2)
        }
        selected.append(name)
    default:
        printError("constant-time-check: unknown argument \(argument)\n\(usage)")
        exit(2)
    }
}

// First, before any other UmbralCore call: the library's declassifications go to memcheck.
ConstantTimeCheck.install(declassify: ct_declassify)

let cases = selected.isEmpty ? defaultCases : allCases.filter { selected.contains($0.name) }
if !Secrets.underValgrind {
    print("not under valgrind: the cases run as a functional test, nothing is tracked")
}

/// Whole milliseconds since `start`.
func milliseconds(since start: ContinuousClock.Instant) -> Int64 {
    let elapsed = start.duration(to: .now).components
    return elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000
}

var failures = 0
do {
    let fixture = try Fixture()
    for checkCase in cases {
        let errorsBefore = Secrets.errorCount
        let start = ContinuousClock.now
        do {
            try checkCase.run(fixture)
            let errors = Secrets.errorCount - errorsBefore
            print("\(checkCase.name): ok in \(milliseconds(since: start)) ms, memcheck errors \(errors)")
        } catch {
            failures += 1
            print("\(checkCase.name): FAILED: \(error)")
        }
    }
} catch {
    failures += 1
    print("FAILED: \(error)")
}
print("\(cases.count) cases, \(failures) failed, memcheck errors \(Secrets.errorCount)")
exit(failures == 0 ? 0 : 1)
