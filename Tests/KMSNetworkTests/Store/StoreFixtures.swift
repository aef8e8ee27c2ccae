import Foundation
import KMSNetwork
import KMSPolicy
import UmbralCore

/// Real protocol objects for store tests: one Alice, one Bob, one Ursula, and as many policies
/// (each with its own HRAC and kFrag sealed to the Ursula) as a test asks for.
struct StoreFixtures {
    let aliceKey = SecretKey.random()
    let aliceSigner = Signer(SecretKey.random())
    let bob = Signer(SecretKey.random())
    let bobDecrypting = SecretKey.random()
    let ursulaKey = SecretKey.random()

    var publisherKey: PublicKey { aliceSigner.verifyingKey }
    var ursulaAddress: Address { Address(publicKey: ursulaKey.publicKey) }

    /// The HRAC of the policy labelled `label`.
    func hrac(_ label: String) -> HRAC {
        HRAC(publisherVerifyingKey: publisherKey, bobVerifyingKey: bob.verifyingKey, label: Array(label.utf8))
    }

    /// A fresh kFrag for `hrac`, signed by Alice and sealed to the Ursula.
    func encryptedKeyFrag(for hrac: HRAC) throws -> EncryptedKeyFrag {
        let keyFrag = try Umbral.generateKeyFrags(
            delegating: aliceKey, receiving: bobDecrypting.publicKey, signer: aliceSigner, threshold: 1, shares: 1)[0]
        return try EncryptedKeyFrag(signer: aliceSigner, recipientKey: ursulaKey.publicKey, hrac: hrac, keyFrag: keyFrag)
    }

    /// The arrangement for policy `label`, accepted at `acceptedAt`.
    func arrangement(_ label: String, expiration: Int64 = 2_000_000_000, acceptedAt: Int64 = 1_700_000_000) throws
        -> StoredArrangement
    {
        let hrac = hrac(label)
        return StoredArrangement(
            hrac: hrac, publisherVerifyingKey: publisherKey, encryptedKeyFrag: try encryptedKeyFrag(for: hrac),
            expiration: UnixTime(secondsSinceEpoch: expiration), acceptedAt: UnixTime(secondsSinceEpoch: acceptedAt))
    }

    /// Alice's order revoking `arrangement`'s kFrag at the Ursula.
    func revocation(of arrangement: StoredArrangement) -> RevocationOrder {
        RevocationOrder(
            signer: aliceSigner, stakingProviderAddress: ursulaAddress, encryptedKeyFrag: arrangement.encryptedKeyFrag)
    }

    /// Bob's request to re-encrypt `capsuleCount` capsules under `arrangement`.
    func request(for arrangement: StoredArrangement, capsuleCount: Int) throws -> ReencryptionRequest {
        let capsules = try (0..<capsuleCount).map { _ in try Umbral.encrypt([1, 2, 3], for: aliceKey.publicKey).capsule }
        return ReencryptionRequest(
            capsules: capsules, hrac: arrangement.hrac, encryptedKeyFrag: arrangement.encryptedKeyFrag,
            publisherVerifyingKey: publisherKey, bobVerifyingKey: bob.verifyingKey)
    }
}

/// A fresh, empty directory under the system's temporary directory, removed by `cleanUp()`.
struct TemporaryDirectory {
    let path: String

    init(_ name: String = #function) {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("kms-store-\(safe)-\(UUID().uuidString)").path
    }

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
