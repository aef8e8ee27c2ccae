/// How both networks are built and measured.
struct NetworkParameters: Sendable {
    let nodes: Int
    let keys: Int
    let lookups: Int
    let peers: Int
    let seed: UInt64
}

/// What one network's run measured.
struct NetworkMeasurement: Sendable {
    let name: String
    let startupSeconds: Double
    let latencyMilliseconds: [Double]
    let rounds: [Int]
    let queries: [Int]
    let found: Int
}

/// The seeded generator the Swift run draws its choices from.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
