import Foundation
import Testing

@testable import UmbralCore

extension PrimitivesTests {
    @Suite("SecureBytes")
    struct SecureBytesTests {
        /// Collects what the wipe observer saw; the observer runs on whichever thread drops the
        /// last reference.
        final class WipeRecorder: @unchecked Sendable {
            private let lock = NSLock()
            private var snapshots: [[UInt8]] = []

            func record(_ buffer: UnsafeRawBufferPointer) {
                lock.withLock { snapshots.append(Array(buffer)) }
            }

            var recorded: [[UInt8]] { lock.withLock { snapshots } }
        }

        @Test("The whole buffer is zero once the last copy is gone")
        func wipedOnRelease() {
            let recorder = WipeRecorder()
            do {
                let secret = SecureBytes([UInt8](repeating: 0xA5, count: 48))
                secret.setWipeObserverForTesting { recorder.record($0) }
                let copy = secret
                #expect(copy.withUnsafeBytes { $0.allSatisfy { $0 == 0xA5 } })
                #expect(recorder.recorded.isEmpty)
            }
            #expect(recorder.recorded.count == 1)
            #expect(recorder.recorded.first?.count == 48)
            #expect(recorder.recorded.first?.allSatisfy { $0 == 0 } == true)
        }

        @Test("Dropping one of two copies does not wipe the shared buffer")
        func survivesWhileShared() {
            let recorder = WipeRecorder()
            var survivor: SecureBytes?
            do {
                let secret = SecureBytes([1, 2, 3, 4])
                secret.setWipeObserverForTesting { recorder.record($0) }
                survivor = secret
            }
            #expect(recorder.recorded.isEmpty)
            #expect(survivor?.withUnsafeBytes { Array($0) } == [1, 2, 3, 4])
            survivor = nil
            #expect(recorder.recorded == [[0, 0, 0, 0]])
        }

        @Test("Mutating a copy leaves the original alone (copy-on-write)")
        func copyOnWrite() {
            let recorder = WipeRecorder()
            let original = SecureBytes([9, 9, 9])
            var copy = original
            copy.withUnsafeMutableBytes { $0[0] = 1 }
            #expect(original.withUnsafeBytes { Array($0) } == [9, 9, 9])
            #expect(copy.withUnsafeBytes { Array($0) } == [1, 9, 9])
            // The copy owns a new buffer, which is wiped on its own.
            copy.setWipeObserverForTesting { recorder.record($0) }
            copy = SecureBytes(zeroedCount: 0)
            #expect(recorder.recorded == [[0, 0, 0]])
        }

        @Test("Equality compares contents and lengths")
        func equality() {
            #expect(SecureBytes([1, 2, 3]) == SecureBytes([1, 2, 3]))
            #expect(SecureBytes([1, 2, 3]) != SecureBytes([1, 2, 4]))
            #expect(SecureBytes([1, 2, 3]) != SecureBytes([1, 2]))
            #expect(SecureBytes([]) == SecureBytes(zeroedCount: 0))
            #expect(SecureBytes(zeroedCount: 5) == SecureBytes([0, 0, 0, 0, 0]))
        }

        @Test("Descriptions show the length, never the bytes")
        func descriptionHidesContents() {
            let secret = SecureBytes([0xDE, 0xAD, 0xBE, 0xEF])
            for text in [secret.description, secret.debugDescription, "\(secret)", String(reflecting: secret)] {
                #expect(text == "SecureBytes(4 bytes)")
                #expect(!text.lowercased().contains("dead"))
            }
            var dumped = ""
            dump(secret, to: &dumped)
            #expect(!dumped.lowercased().contains("dead") && !dumped.contains("222"))
        }

        @Test("Count, emptiness and non-contiguous sources")
        func construction() {
            #expect(SecureBytes(zeroedCount: 0).isEmpty)
            #expect(SecureBytes(zeroedCount: 7).count == 7)
            let fromRange = SecureBytes((1...5).map { UInt8($0) }.reversed())
            #expect(fromRange.withUnsafeBytes { Array($0) } == [5, 4, 3, 2, 1])
        }
    }
}
