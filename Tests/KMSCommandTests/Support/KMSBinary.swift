import Foundation

/// The built `kms` executable, found next to the test bundle.
///
/// SwiftPM puts every product of a build in one directory, and `swift test` builds the package's
/// executables along with the tests, so `kms` sits beside the `.xctest` bundle. `KMS_BINARY`
/// overrides the search.
enum KMSBinary {
    /// Why the binary could not be found, listing every place looked in.
    struct NotFound: Error, CustomStringConvertible {
        let searched: [String]
        var description: String {
            "the kms executable was not found (build it with `swift build --product kms`, or set "
                + "KMS_BINARY); looked in: \(searched.joined(separator: ", "))"
        }
    }

    static let location: Result<URL, NotFound> = {
        if let override = ProcessInfo.processInfo.environment["KMS_BINARY"] {
            let url = URL(fileURLWithPath: override)
            return isExecutable(url) ? .success(url) : .failure(NotFound(searched: [override]))
        }
        let candidates = candidateDirectories().map { $0.appendingPathComponent("kms") }
        if let found = candidates.first(where: isExecutable) { return .success(found) }
        return .failure(NotFound(searched: candidates.map(\.path)))
    }()

    /// The products directory as seen from each way this process may have been started: Linux runs
    /// the `.xctest` executable itself, macOS loads the bundle into a host tool.
    private static func candidateDirectories() -> [URL] {
        var directories = Bundle.allBundles
            .map(\.bundleURL)
            .filter { $0.pathExtension == "xctest" }
            .map { $0.deletingLastPathComponent() }
        let main = Bundle.main.bundleURL
        directories += [main, main.deletingLastPathComponent()]
        directories.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        var seen = Set<String>()
        return directories.filter { seen.insert($0.standardizedFileURL.path).inserted }
    }

    private static func isExecutable(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            && !isDirectory.boolValue && FileManager.default.isExecutableFile(atPath: url.path)
    }
}
