import Foundation

/// Locates `shared/specs` beside the package root, for tests that quote values from the notes.
enum SpecFiles {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var kademliaNotes: URL {
        packageRoot.deletingLastPathComponent().appendingPathComponent("shared/specs/kademlia-2.2.3.md")
    }
}
