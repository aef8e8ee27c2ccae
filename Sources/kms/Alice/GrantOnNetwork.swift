import ArgumentParser
import Foundation
import KMSNetwork
import KMSPolicy
import UmbralCore

extension AliceGroup.Grant {
    /// The grant on a live network: pays on the shared ledger, places each kFrag with its Ursula
    /// over REST and publishes the treasure map in the DHT.
    func grantOnNetwork(shares: Int, hours: Int) async throws {
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
