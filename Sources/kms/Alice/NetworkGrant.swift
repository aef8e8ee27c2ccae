import ArgumentParser
import Foundation
import KMSNetwork
import KMSPolicy
import UmbralCore

extension AliceGroup {
    /// `kms alice publish-grant`: Alice grants over the network: pays on the shared ledger, places
    /// each kFrag with its Ursula over REST and publishes the treasure map in the DHT.
    struct PublishGrant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish-grant",
            abstract: "Grant Bob an m-of-n policy on a live network of kms ursula run processes.",
            discussion: """
                Chooses --shares of the --network-ursula Ursulas (staked on the --ledger), records \
                the policy there until --hours from now, hands each her kFrag and publishes the \
                treasure map for Bob in the DHT. Writes to --out-dir: policy.hrac, the encrypted \
                treasure map (treasure-map.etmap) and one <ADDRESS>.revocation per Ursula, which \
                alice revoke sends.
                """
        )

        @Option(help: ArgumentHelp("Alice's key directory, from alice keygen.", valueName: "dir"))
        var alice: String
        @Option(help: ArgumentHelp("The policy label.", valueName: "label"))
        var label: String
        @Option(help: ArgumentHelp("Bob's 33-byte encrypting public key.", valueName: "file"))
        var bobEncryptingKey: String
        @Option(help: ArgumentHelp("Bob's 33-byte verifying key.", valueName: "file"))
        var bobVerifyingKey: String
        @Option(help: "How many Ursulas Bob needs.") var threshold: Int
        @Option(help: "How many Ursulas hold a kFrag.") var shares: Int
        @Option(help: "How long the policy lasts, in hours.") var hours: Int = 24
        @Option(help: ArgumentHelp("The directory to write the policy's files to.", valueName: "dir"))
        var outDir: String
        @OptionGroup var network: NetworkOptions

        func validate() throws {
            guard threshold >= 1, threshold <= shares, shares <= 255 else {
                throw ValidationError("need 1 ≤ --threshold ≤ --shares ≤ 255")
            }
            guard hours >= 1, hours <= 24 * 3650 else { throw ValidationError("--hours must be in 1...87600") }
        }

        func run() async throws {
            let keys = try AliceKeys(KeyDirectory("--alice", alice))
            let bobCard = BobCard(
                encryptingKey: try FileOption("--bob-encrypting-key", bobEncryptingKey).readPublicKey(),
                verifyingKey: try FileOption("--bob-verifying-key", bobVerifyingKey).readPublicKey())
            let ledger = try network.sharedLedger()
            let (label, threshold, shares) = (Array(label.utf8), threshold, shares)
            let expiration = UnixTime(secondsSinceEpoch: Int64(Date().timeIntervalSince1970) + Int64(hours) * 3600)
            let (signer, factory) = (keys.signer, keys.keyFactory)
            let policy = try await network.withTransport { transport in
                let alice = Alice(signer: signer, keyFactory: factory, transport: transport, ledger: ledger)
                do throws(KMSPolicyError) {
                    return try await alice.grant(to: bobCard, label: label, threshold: threshold, shares: shares,
                                                 expiration: expiration)
                } catch {
                    throw networkFailure(error)
                }
            }
            let directory = KeyDirectory("--out-dir", outDir)
            try directory.create()
            try directory.file("policy.hrac").write(policy.hrac.bytes)
            try directory.file("treasure-map.etmap").write(policy.encryptedTreasureMap.bytes)
            let alice = Alice(signer: signer, keyFactory: factory, transport: InMemoryNetwork(), ledger: ledger)
            for order in alice.revocationOrders(for: policy) {
                try directory.file("\(order.stakingProviderAddress).revocation").write(order.bytes)
            }
            printLine("granted \(threshold)-of-\(shares) policy \(policy.hrac)")
        }
    }
}
