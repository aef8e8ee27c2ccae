import Foundation
import UmbralCore

/// The plaintexts of one run: random bytes written once to files in a fresh temporary directory,
/// then read back, so UmbralCore and the Python script time exactly the same inputs.
struct BenchmarkInputs {
    static let sizes = [1024, 1_048_576]

    let directory: URL
    let files: [URL]
    let plaintexts: [[UInt8]]

    static func make() throws -> BenchmarkInputs {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("umbral-benchmark-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        var generator = SystemRandom()
        var files = [URL]()
        var plaintexts = [[UInt8]]()
        for size in sizes {
            let file = directory.appendingPathComponent("plaintext-\(size).bin")
            let bytes = (0..<size).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            try Data(bytes).write(to: file)
            files.append(file)
            plaintexts.append([UInt8](try Data(contentsOf: file)))
        }
        return BenchmarkInputs(directory: directory, files: files, plaintexts: plaintexts)
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
