import ArgumentParser
import KMSPolicy
import UmbralCore

extension BobGroup {
    /// `kms bob request`: Bob's request to one Ursula of the treasure map.
    struct Request: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "request",
            abstract: "Make a ReencryptionRequest for one Ursula of a treasure map.",
            discussion: """
                The request carries the message kit's capsule and conditions, the kFrag the map \
                holds for --ursula, the policy's HRAC and publisher key, and Bob's verifying key.
                """
        )

        @Option(help: ArgumentHelp("Bob's key directory, from bob keygen.", valueName: "dir"))
        var bob: String

        @Option(help: ArgumentHelp("The TreasureMap, from bob treasure-map.", valueName: "file"))
        var treasureMap: String

        @Option(help: ArgumentHelp("The MessageKit to have re-encrypted, from enrico encrypt.", valueName: "file"))
        var messageKit: String

        @Option(help: ArgumentHelp("The staking-provider address of the Ursula to ask.", valueName: "address"))
        var ursula: String

        @Option(help: ArgumentHelp("Where to write the ReencryptionRequest.", valueName: "file"))
        var out: String

        func run() throws {
            let address: Address
            do {
                address = try Address(text: ursula)
            } catch {
                throw CommandError.usage("--ursula '\(ursula)': \(error)")
            }
            let bobVerifyingKey = try KeyDirectory("--bob", bob).file(KeyFileName.verifyingKey).readPublicKey()
            let mapFile = FileOption("--treasure-map", treasureMap)
            let map = try mapFile.readTreasureMap()
            let kit = try FileOption("--message-kit", messageKit).readMessageKit()
            guard let encryptedKeyFrag = map.destinations[address] else {
                throw CommandError.usage("--ursula '\(ursula)': not an Ursula of \(mapFile)")
            }
            let request = ReencryptionRequest(
                capsules: [kit.capsule], hrac: map.hrac, encryptedKeyFrag: encryptedKeyFrag,
                publisherVerifyingKey: map.publisherVerifyingKey, bobVerifyingKey: bobVerifyingKey,
                conditions: kit.conditions)
            try FileOption("--out", out).write(request.bytes)
        }
    }
}
