import Foundation

/// Writes a target's seed inputs when Scripts/fuzz.sh asks for them, so seeds come from the
/// project's own vectors and live objects instead of a committed corpus.
///
/// The script runs the binary once with `KMS_FUZZ_WRITE_SEEDS=<dir>` (from the repository root,
/// which vector paths are relative to); ``writeIfRequested(cases:vectorFiles:extra:)`` then writes
/// one file per seed into `<dir>` and exits. Each seed is a selector byte followed by the bytes.
public enum Seeds {
    /// The environment variable naming the directory to write seeds into.
    public static let environmentVariable = "KMS_FUZZ_WRITE_SEEDS"

    /// The JSON vector files every target draws byte strings from, relative to the repository
    /// root; missing files (such as `../shared` outside CI) are skipped.
    public static let vectorFiles = [
        "Tests/UmbralCoreTests/Fixtures/umbral-pre-0.11.json",
        "../shared/vectors/umbral/umbral_vectors.json",
        "../shared/vectors/nucypher-core/nucypher_core_vectors.json",
        "../shared/vectors/nucypher-core/nucypher_core_vectors_derived.json",
        "../shared/vectors/nucypher-core/nucypher_core_error_vectors.json",
        "../shared/vectors/wycheproof/ecdsa_secp256k1_sha256_test.json",
        "../shared/vectors/wycheproof/ecdsa_secp256k1_sha256_p1363_test.json",
    ]

    /// If seeds were requested, writes them and exits the process; otherwise returns at once.
    ///
    /// - Parameters:
    ///   - cases: The target's cases; every hex string in `vectorFiles` is written as a seed of
    ///     each case whose `isSeed` accepts it.
    ///   - vectorFiles: The JSON files to read hex strings from.
    ///   - extra: More seeds as (case name, bytes), typically valid objects made for the target's
    ///     fixed keys so that the fuzzer starts past every signature check.
    public static func writeIfRequested(
        cases: FuzzCases, vectorFiles: [String] = vectorFiles, extra: () -> [(String, [UInt8])] = { [] }
    ) {
        guard let directory = requestedDirectory else { return }
        var seeds: [[UInt8]] = []
        for string in Set(vectorFiles.flatMap(hexStrings(inFile:))) {
            for (index, fuzzCase) in cases.cases.enumerated() where fuzzCase.isSeed(string) {
                seeds.append([UInt8(index)] + string)
            }
        }
        for (name, bytes) in extra() {
            seeds.append([cases.selector(of: name)] + bytes)
        }
        write(seeds, to: directory) { cases.cases[Int($0[0]) % cases.cases.count].name }
    }

    /// For a target without cases (its input is the bytes themselves): if seeds were requested,
    /// writes every hex string of `vectorFiles` that `isSeed` accepts, and exits.
    public static func writeRawIfRequested(
        name: String, vectorFiles: [String] = vectorFiles, isSeed: ([UInt8]) -> Bool = { _ in true }
    ) {
        guard let directory = requestedDirectory else { return }
        write(vectorFiles.flatMap(hexStrings(inFile:)).filter(isSeed), to: directory) { _ in name }
    }

    private static var requestedDirectory: String? {
        ProcessInfo.processInfo.environment[environmentVariable]
    }

    /// Writes each distinct seed to a file named by `prefix` and its digest, then exits.
    private static func write(_ seeds: [[UInt8]], to directory: String, prefix: ([UInt8]) -> String) -> Never {
        var written = 0
        for seed in Set(seeds) {
            let name = prefix(seed) + "-" + fnv1a(seed)
            let url = URL(fileURLWithPath: directory).appendingPathComponent(name)
            do {
                try Data(seed).write(to: url)
                written += 1
            } catch {
                fatalError("cannot write seed \(url.path): \(error)")
            }
        }
        print("wrote \(written) seeds to \(directory)")
        exit(0)
    }

    /// Every string in a JSON file that is non-empty, even-length hex, decoded.
    static func hexStrings(inFile path: String) -> [[UInt8]] {
        guard let data = FileManager.default.contents(atPath: path),
              let json = try? JSONSerialization.jsonObject(with: data)
        else { return [] }
        var found: [[UInt8]] = []
        collect(json, into: &found)
        return found
    }

    private static func collect(_ value: Any, into found: inout [[UInt8]]) {
        if let dictionary = value as? [String: Any] {
            for element in dictionary.values { collect(element, into: &found) }
        } else if let array = value as? [Any] {
            for element in array { collect(element, into: &found) }
        } else if let string = value as? String, let bytes = hexBytes(string) {
            found.append(bytes)
        }
    }

    /// The bytes of a lower- or upper-case hex string, or nil if it is not one.
    public static func hexBytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard !digits.isEmpty, digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// A 64-bit FNV-1a digest in hex, naming a seed file by its content.
    private static func fnv1a(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// A seeded SplitMix64, so the keys and objects a target makes for itself are the same in every
/// run and a finding replays.
public struct FuzzRNG: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
