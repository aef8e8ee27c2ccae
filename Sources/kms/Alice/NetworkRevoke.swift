import ArgumentParser
import Foundation
import KMSNetwork
import KMSPolicy
import UmbralCore

extension AliceGroup {
    /// `kms alice revoke`: Alice revokes a policy on a live network.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: "Revoke a policy granted on the network: every Ursula is told, and the ledger marks it revoked.",
            discussion: """
                Sends each <ADDRESS>.revocation order in --policy-dir to its Ursula over REST, then \
                marks the policy (policy.hrac) revoked on the --ledger, so even Ursulas that could \
                not be told refuse it. Prints the Ursulas that could not be reached; exits 0 once \
                the ledger has the revocation.
                """
        )

        @Option(help: ArgumentHelp("Alice's key directory, from alice keygen.", valueName: "dir"))
        var alice: String
        @Option(help: ArgumentHelp("The policy directory written by alice grant on the network.", valueName: "dir"))
        var policyDir: String
        @OptionGroup var network: NetworkOptions

        func validate() throws { try network.requireComplete() }

        func run() async throws {
            let keys = try AliceKeys(KeyDirectory("--alice", alice))
            let directory = KeyDirectory("--policy-dir", policyDir)
            let hrac: HRAC
            do { hrac = try HRAC(bytes: try directory.file("policy.hrac").readBytes()) } catch let error as CommandError {
                throw error
            } catch {
                throw CommandError.invalidInput("--policy-dir '\(policyDir)': policy.hrac: \(error)")
            }
            let names: [String]
            do { names = try FileManager.default.contentsOfDirectory(atPath: policyDir).filter { $0.hasSuffix(".revocation") }.sorted() } catch {
                throw CommandError.io("--policy-dir '\(policyDir)': \(error.localizedDescription)")
            }
            guard !names.isEmpty else { throw CommandError.invalidInput("--policy-dir '\(policyDir)' holds no .revocation orders") }
            var orders: [RevocationOrder] = []
            for name in names { orders.append(try directory.file(name).readRevocationOrder()) }
            let publisher = keys.signer.verifyingKey
            let toSend = orders
            let unreachable = try await network.withTransport { transport in
                var failed: [String] = []
                for order in toSend {
                    do { try await transport.revoke(order, publisherVerifyingKey: publisher) } catch {
                        failed.append("\(order.stakingProviderAddress): \(error)")
                    }
                }
                return failed
            }
            do {
                try await network.sharedLedger().revokePolicy(hrac, owner: Address(publicKey: publisher))
            } catch let error as CommandError {
                throw error
            } catch let error as KMSPolicyError {
                throw networkFailure(error)
            }
            for line in unreachable { printError("not told: \(line)") }
            printLine("revoked policy \(hrac); \(orders.count - unreachable.count) of \(orders.count) Ursulas told")
        }
    }
}
