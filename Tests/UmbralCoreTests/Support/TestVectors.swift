import Foundation

/// Locates and decodes the JSON test data: the shared reference vectors beside the package
/// (`<package root>/../shared/…`) and this target's own fixtures (`Tests/UmbralCoreTests/Fixtures/…`).
///
/// Paths are resolved from this source file's `#filePath`, not from a bundle or the working
/// directory, so `swift test` finds them from any directory and in a fresh clone that has
/// `shared/` next to it.
enum TestVectors {
    /// The package root: three levels above `Tests/UmbralCoreTests/Support/TestVectors.swift`.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // UmbralCoreTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// The `shared/` directory beside the package root.
    static let sharedDirectory: URL = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// This target's fixture directory.
    static let fixturesDirectory: URL = packageRoot.appendingPathComponent("Tests/UmbralCoreTests/Fixtures")

    /// The URL of `relativePath` under `shared/`, e.g. `"vectors/wycheproof/hkdf_sha256_test.json"`.
    static func sharedURL(_ relativePath: String) -> URL {
        sharedDirectory.appendingPathComponent(relativePath)
    }

    /// The URL of a fixture file, e.g. `"capsule.json"`.
    static func fixtureURL(_ name: String) -> URL {
        fixturesDirectory.appendingPathComponent(name)
    }

    /// Decodes a JSON file under `shared/` into `type`.
    static func loadShared<T: Decodable>(_ type: T.Type, from relativePath: String) throws -> T {
        try decode(type, at: sharedURL(relativePath))
    }

    /// Parses a JSON file under `shared/` with `JSONSerialization` (dictionaries, arrays, strings, numbers).
    static func loadSharedJSON(_ relativePath: String) throws -> Any {
        try parse(at: sharedURL(relativePath))
    }

    /// Decodes a fixture of this target into `type`.
    static func loadFixture<T: Decodable>(_ type: T.Type, from name: String) throws -> T {
        try decode(type, at: fixtureURL(name))
    }

    /// Parses a fixture of this target with `JSONSerialization`.
    static func loadFixtureJSON(_ name: String) throws -> Any {
        try parse(at: fixtureURL(name))
    }

    /// The object at a `/`-separated key path of `root`, such as `"deterministic_flow/capsule"`.
    static func value(at keyPath: String, in root: Any) throws -> Any {
        var current = root
        for key in keyPath.split(separator: "/") {
            guard let dictionary = current as? [String: Any], let next = dictionary[String(key)] else {
                throw TestVectorError.missingKey(keyPath: keyPath, key: String(key))
            }
            current = next
        }
        return current
    }

    /// The hex string at `keyPath` of `root`, decoded to bytes.
    static func bytes(at keyPath: String, in root: Any) throws -> [UInt8] {
        guard let hex = try value(at: keyPath, in: root) as? String else {
            throw TestVectorError.wrongType(keyPath: keyPath, expected: "hex string")
        }
        return try [UInt8](hex: hex)
    }

    private static func contents(of url: URL) throws -> Data {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw TestVectorError.missingFile(url.path)
        }
        return try Data(contentsOf: url)
    }

    private static func decode<T: Decodable>(_ type: T.Type, at url: URL) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: contents(of: url))
        } catch let error as TestVectorError {
            throw error
        } catch {
            throw TestVectorError.undecodable(path: url.path, underlying: "\(error)")
        }
    }

    private static func parse(at url: URL) throws -> Any {
        do {
            return try JSONSerialization.jsonObject(with: contents(of: url))
        } catch let error as TestVectorError {
            throw error
        } catch {
            throw TestVectorError.undecodable(path: url.path, underlying: "\(error)")
        }
    }
}
