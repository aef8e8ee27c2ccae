import Foundation
import Testing

@Suite("Kademlia notes")
struct SpecFilesTests {
    @Test("the kademlia 2.2.3 notes are beside the package")
    func notesExist() {
        #expect(FileManager.default.fileExists(atPath: SpecFiles.kademliaNotes.path))
    }
}
