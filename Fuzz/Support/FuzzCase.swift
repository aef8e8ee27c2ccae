/// One kind of input a multi-type fuzz target can be steered to.
///
/// A target lists its cases; the first byte of each input picks one (modulo the count) and the
/// rest is that case's input. libFuzzer learns quickly which first bytes open new code, so one
/// binary covers many parsers without a target per type.
public struct FuzzCase: Sendable {
    /// A short name, used for seed file names and in failure messages.
    public let name: String

    /// Whether a byte string from the project's vectors is worth seeding this case with.
    public let isSeed: @Sendable ([UInt8]) -> Bool

    /// Runs the case on its input; fails (traps) when a property does not hold.
    public let run: @Sendable ([UInt8]) -> Void

    /// A case named `name` that seeds from vector strings passing `isSeed` and runs `run`.
    public init(
        _ name: String, seeds isSeed: @escaping @Sendable ([UInt8]) -> Bool,
        run: @escaping @Sendable ([UInt8]) -> Void
    ) {
        self.name = name
        self.isSeed = isSeed
        self.run = run
    }
}

/// The cases of one target, dispatching each input by its first byte.
public struct FuzzCases: Sendable {
    /// The cases, in selector order: input byte 0 = `b` runs `cases[b % cases.count]`.
    public let cases: [FuzzCase]

    /// The target's cases; there must be at least one and at most 256.
    public init(_ cases: [FuzzCase]) {
        precondition(!cases.isEmpty && cases.count <= 256, "a target has 1 to 256 cases")
        self.cases = cases
    }

    /// Runs the case the first byte selects on the remaining bytes; an empty input runs nothing.
    public func run(_ input: [UInt8]) {
        guard let selector = input.first else { return }
        cases[Int(selector) % cases.count].run(Array(input.dropFirst()))
    }

    /// The selector byte of the case named `name`.
    public func selector(of name: String) -> UInt8 {
        guard let index = cases.firstIndex(where: { $0.name == name }) else {
            fatalError("no fuzz case named \(name)")
        }
        return UInt8(index)
    }
}
