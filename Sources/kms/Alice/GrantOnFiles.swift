import ArgumentParser
import KMSPolicy
import UmbralCore

extension AliceGroup.Grant {
    /// The grant without a ledger or transport: KMSPolicy's `Alice.grant` steps, written to files.
    func grantOnFiles() throws {
        let ursulas = try AddressedFile.parseAll("--ursula", ursula)
        let keys = try AliceKeys(KeyDirectory("--alice", alice))
        let bobEncrypting = try FileOption("--bob-encrypting-key", bobEncryptingKey).readPublicKey()
        let bobVerifying = try FileOption("--bob-verifying-key", bobVerifyingKey).readPublicKey()
        var ursulaKeys: [(Address, PublicKey)] = []
        for ursula in ursulas {
            ursulaKeys.append((ursula.address, try ursula.file.readPublicKey()))
        }

        // The steps of KMSPolicy's Alice.grant, without a ledger or transport.
        let labelBytes = Array(label.utf8)
        let delegatingKey = keys.keyFactory.makeKey(label: labelBytes)
        let keyFrags: [VerifiedKeyFrag]
        do {
            keyFrags = try Umbral.generateKeyFrags(
                delegating: delegatingKey, receiving: bobEncrypting, signer: keys.signer, threshold: threshold,
                shares: ursulaKeys.count, signDelegatingKey: false, signReceivingKey: false)
        } catch {
            throw CommandError.internalFailure("kFrag generation failed: \(error)")
        }
        let hrac = HRAC(
            publisherVerifyingKey: keys.signer.verifyingKey, bobVerifyingKey: bobVerifying, label: labelBytes)
        var assigned = [Address: (PublicKey, VerifiedKeyFrag)](minimumCapacity: ursulaKeys.count)
        for ((address, encryptingKey), keyFrag) in zip(ursulaKeys, keyFrags) {
            assigned[address] = (encryptingKey, keyFrag)
        }
        let treasureMap: TreasureMap
        let encryptedTreasureMap: EncryptedTreasureMap
        do {
            treasureMap = try TreasureMap(
                signer: keys.signer, hrac: hrac, policyEncryptingKey: delegatingKey.publicKey,
                assignedKeyFrags: assigned, threshold: threshold)
            encryptedTreasureMap = try treasureMap.encrypt(signer: keys.signer, recipientKey: bobEncrypting)
        } catch {
            throw CommandError.internalFailure("treasure map encryption failed: \(error)")
        }

        let directory = KeyDirectory("--out-dir", outDir)
        try directory.create()
        try directory.file("treasure-map.etmap").write(encryptedTreasureMap.bytes)
        try directory.file("policy.hrac").write(hrac.bytes)
        for (address, encryptedKeyFrag) in treasureMap.destinations.sorted(by: { $0.key < $1.key }) {
            try directory.file("\(address).ekfrag").write(encryptedKeyFrag.bytes)
            let order = RevocationOrder(
                signer: keys.signer, stakingProviderAddress: address, encryptedKeyFrag: encryptedKeyFrag)
            try directory.file("\(address).revocation").write(order.bytes)
        }
    }
}
