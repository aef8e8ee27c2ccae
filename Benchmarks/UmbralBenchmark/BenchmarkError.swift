/// Why a benchmark run could not report; each one ends the program with a non-zero status.
enum BenchmarkError: Error, CustomStringConvertible {
    case roundTripFailed(String)
    case packageRootNotFound(searched: [String])
    case referenceEnvironmentFailed(String)
    case referenceFailed(String)
    case referenceOutputUnreadable(String)
    case markdownFileUnsafe(String)
    case secondBackendFailed(String)
    case wrongBackend(String)

    var description: String {
        switch self {
        case .roundTripFailed(let what):
            "UmbralCore round trip failed before timing: \(what)"
        case .packageRootNotFound(let searched):
            "cannot find the SwiftKMS package root (looked for Benchmarks/reference_umbral_bench.py in "
                + searched.joined(separator: ", ") + "); run from the package root"
        case .referenceEnvironmentFailed(let reason):
            "could not get the reference Python environment: \(reason)"
        case .referenceFailed(let reason):
            "the reference benchmark (Python) failed: \(reason)"
        case .referenceOutputUnreadable(let reason):
            "the reference benchmark printed JSON this program cannot read: \(reason)"
        case .markdownFileUnsafe(let reason):
            reason
        case .secondBackendFailed(let reason):
            "the libsecp256k1 copy of umbral-benchmark failed: \(reason)"
        case .wrongBackend(let reason):
            reason
        }
    }
}
