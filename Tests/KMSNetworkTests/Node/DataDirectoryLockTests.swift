import Foundation
import KMSNetwork
import KMSPolicy
import Testing
import UmbralCore

@Suite("One Ursula per data directory")
struct DataDirectoryLockTests {
    static func open(_ directory: String) async throws -> UrsulaNode {
        try await UrsulaNode.open(
            UrsulaNodeConfiguration(dataDirectory: directory, restPort: try LoopbackPort.freeTCP()),
            passphrase: LocalUrsulaNetwork.passphrase, scrypt: .insecureForTesting, ledger: InMemoryPolicyLedger(),
            logger: LocalUrsulaNetwork.logger)
    }

    @Test("a second node on a directory in use is refused by name; once the first is gone the directory opens again")
    func secondNodeRefused() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kms-lock-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        var first: UrsulaNode? = try await Self.open(root)
        let address = try #require(first?.stakingProviderAddress)

        await #expect(throws: KMSNetworkError.dataDirectoryInUse(path: root)) { _ = try await Self.open(root) }
        // Another directory is not affected.
        let other = try await Self.open(root + "-other")
        defer { try? FileManager.default.removeItem(atPath: root + "-other") }
        #expect(other.stakingProviderAddress != address)

        first = nil
        let reopened = try await Self.open(root)
        #expect(reopened.stakingProviderAddress == address, "the same keys, unlocked again")
    }
}
