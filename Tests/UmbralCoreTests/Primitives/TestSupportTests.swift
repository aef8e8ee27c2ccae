import Foundation
import Testing

@testable import UmbralCore

extension PrimitivesTests {
    /// The shared helpers in `Tests/UmbralCoreTests/Support`, which other suites rely on.
    @Suite("Test support")
    struct TestSupportTests {
        @Test("The package root is found from #filePath, with shared/ beside it")
        func locations() {
            let manifest = TestVectors.packageRoot.appendingPathComponent("Package.swift").path
            #expect(FileManager.default.fileExists(atPath: manifest))
            #expect(
                FileManager.default.fileExists(atPath: TestVectors.sharedURL("vectors/umbral/umbral_vectors.json").path)
            )
        }

        @Test("A missing vector file is reported with its path")
        func missingFile() {
            let error = #expect(throws: TestVectorError.self) {
                try TestVectors.loadSharedJSON("vectors/no_such_file.json")
            }
            #expect(error.map { "\($0)" }?.contains(TestVectors.sharedURL("vectors/no_such_file.json").path) == true)
            #expect(throws: TestVectorError.self) { try TestVectors.loadFixtureJSON("no_such_fixture.json") }
        }

        @Test("Hex decodes both cases, encodes lowercase, and rejects bad input")
        func hex() throws {
            #expect(try [UInt8](hex: "00ff7Fa0") == [0x00, 0xFF, 0x7F, 0xA0])
            #expect(try [UInt8](hex: "") == [])
            #expect([0x00, 0xFF, 0x7F, 0xA0].hexString == "00ff7fa0")
            #expect(throws: HexDecodingError.oddLength(3)) { try [UInt8](hex: "abc") }
            #expect(throws: HexDecodingError.invalidCharacter(offset: 3)) { try [UInt8](hex: "abcg") }
            #expect(throws: HexDecodingError.invalidCharacter(offset: 1)) { try [UInt8](hex: "0x12") }
        }

        @Test("ByteSequenceRNG replays values exactly through umbralRandomBytes")
        func byteSequenceReplay() {
            let first: [UInt8] = Array(1...33)
            let second: [UInt8] = Array(100..<124)
            var rng = ByteSequenceRNG(values: [first, second])
            #expect(rng.umbralRandomBytes(33) == first)
            #expect(rng.umbralRandomBytes(24) == second)
            #expect(rng.remainingByteCount == 0)
            var words = ByteSequenceRNG(bytes: [1, 0, 0, 0, 0, 0, 0, 0x80])
            #expect(words.next() == 0x8000_0000_0000_0001)
        }

        @Test("SeededRNG is deterministic per seed")
        func seeded() {
            var a = SeededRNG(seed: 42)
            var b = SeededRNG(seed: 42)
            var c = SeededRNG(seed: 43)
            let first = (0..<8).map { _ in a.next() }
            #expect(first == (0..<8).map { _ in b.next() })
            #expect(first != (0..<8).map { _ in c.next() })
            #expect(Set(first).count == 8)
        }
    }
}
