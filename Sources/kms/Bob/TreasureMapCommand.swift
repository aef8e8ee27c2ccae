import ArgumentParser
import KMSPolicy
import UmbralCore

extension BobGroup {
    /// `kms bob treasure-map`: Bob opens and checks the treasure map Alice encrypted for him.
    struct TreasureMapCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "treasure-map",
            abstract: "Decrypt an EncryptedTreasureMap and check Alice's signature on it.",
            discussion: """
                The map must open with Bob's encrypting key, carry the signature of \
                --publisher-verifying-key for Bob, and name that key as its publisher; with \
                --label it must also be the policy for that label. Writes the TreasureMap.
                """
        )

        @Option(help: ArgumentHelp("Bob's key directory, from bob keygen.", valueName: "dir"))
        var bob: String

        @Option(help: ArgumentHelp("The EncryptedTreasureMap from alice grant.", valueName: "file"))
        var encryptedTreasureMap: String

        @Option(help: ArgumentHelp("Alice's 33-byte publisher verifying key.", valueName: "file"))
        var publisherVerifyingKey: String

        @Option(help: ArgumentHelp("The policy label the map must be for.", valueName: "label"))
        var label: String?

        @Option(help: ArgumentHelp("Where to write the TreasureMap.", valueName: "file"))
        var out: String

        func run() throws {
            let directory = KeyDirectory("--bob", bob)
            let secretKey = try directory.file(KeyFileName.encryptingSecretKey).readSecretKey()
            let publisher = try FileOption("--publisher-verifying-key", publisherVerifyingKey).readPublicKey()
            let mapFile = FileOption("--encrypted-treasure-map", encryptedTreasureMap)
            let encrypted = try mapFile.readEncryptedTreasureMap()

            // The checks of KMSPolicy's Bob.decryptTreasureMap.
            let treasureMap: TreasureMap
            do {
                treasureMap = try encrypted.decrypt(secretKey: secretKey, publisherVerifyingKey: publisher)
            } catch {
                throw policyFailure(error, mapFile)
            }
            guard treasureMap.publisherVerifyingKey == publisher else {
                throw policyFailure(.treasureMapPublisherMismatch, mapFile)
            }
            if let label {
                let bobVerifyingKey = try directory.file(KeyFileName.verifyingKey).readPublicKey()
                let expected = HRAC(
                    publisherVerifyingKey: publisher, bobVerifyingKey: bobVerifyingKey, label: Array(label.utf8))
                guard treasureMap.hrac == expected else {
                    throw policyFailure(.treasureMapForAnotherPolicy(expected: expected, actual: treasureMap.hrac), mapFile)
                }
            }
            try FileOption("--out", out).write(treasureMap.bytes)
        }
    }
}
