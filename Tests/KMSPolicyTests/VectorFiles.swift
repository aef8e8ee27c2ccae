import Foundation

/// Locates the nucypher-core reference vectors in `shared/` beside the package root.
enum VectorFiles {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func shared(_ relativePath: String) -> URL {
        packageRoot.deletingLastPathComponent().appendingPathComponent("shared").appendingPathComponent(relativePath)
    }

    /// Parses a JSON file of `shared/vectors/nucypher-core/`, failing with the path if it is missing.
    static func nucypherCore(_ name: String) throws -> Any {
        let url = shared("vectors/nucypher-core/\(name)")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url))
    }
}
