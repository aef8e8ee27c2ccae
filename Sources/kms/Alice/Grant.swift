import ArgumentParser
import KMSPolicy
import UmbralCore

extension AliceGroup {
    /// `kms alice grant`: an m-of-n policy for Bob over a label, as files.
    struct Grant: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "grant",
            abstract: "Grant Bob an m-of-n policy over a label: his treasure map and the Ursulas' kFrags.",
            discussion: """
                Splits the label's key into one kFrag per --ursula, any --threshold of which \
                re-encrypt for Bob; signs each for the policy's HRAC and seals it to its Ursula. \
                Writes to --out-dir: treasure-map.etmap (the EncryptedTreasureMap, for Bob), \
                policy.hrac (16 bytes), and per Ursula <ADDRESS>.ekfrag (her EncryptedKeyFrag) \
                and <ADDRESS>.revocation (the signed RevocationOrder Alice keeps, and sends to \
                the Ursula to revoke: ursula revoke). The number of Ursulas is the number of shares. There is no ledger in \
                the file flow: the policy does not expire and is not paid for.
                """
        )

        @Option(help: ArgumentHelp("Alice's key directory, from alice keygen.", valueName: "dir"))
        var alice: String

        @Option(help: ArgumentHelp("The policy label; its UTF-8 bytes name the policy.", valueName: "label"))
        var label: String

        @Option(help: ArgumentHelp("Bob's 33-byte encrypting public key.", valueName: "file"))
        var bobEncryptingKey: String

        @Option(help: ArgumentHelp("Bob's 33-byte verifying key.", valueName: "file"))
        var bobVerifyingKey: String

        @Option(help: ArgumentHelp("How many Ursulas Bob needs (1 ≤ M ≤ the number of Ursulas).", valueName: "M"))
        var threshold: Int

        @Option(help: ArgumentHelp(
            "An Ursula's staking-provider address and her 33-byte encrypting key file; repeat for each share.",
            valueName: "address=file"))
        var ursula: [String] = []

        @Option(help: ArgumentHelp("The directory to write the policy's files to.", valueName: "dir"))
        var outDir: String

        func validate() throws {
            guard !ursula.isEmpty else { throw ValidationError("at least one --ursula is required") }
            guard threshold >= 1 else {
                throw ValidationError("--threshold must be at least 1, got \(threshold)")
            }
            guard threshold <= ursula.count else {
                throw ValidationError("--threshold (\(threshold)) must be at most the number of --ursula (\(ursula.count))")
            }
            guard ursula.count <= Int(UInt8.max) else {
                throw ValidationError("at most 255 --ursula are allowed, got \(ursula.count)")
            }
        }

        func run() throws {
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
}
