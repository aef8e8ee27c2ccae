import ArgumentParser
import KMSPolicy
import UmbralCore

extension BobGroup {
    /// `kms bob decrypt`: Bob checks the Ursulas' responses and opens the message kit.
    struct Decrypt: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decrypt",
            abstract: "Check Ursulas' ReencryptionResponses and decrypt a MessageKit with them.",
            discussion: """
                Each --response must come from an Ursula of the treasure map whose verifying key \
                is given with --ursula, be signed by her over the kit's capsule and her cFrag, and \
                its cFrag must prove it was made with Alice's kFrag for Bob. Any response that \
                fails is an error naming its Ursula; at least the map's threshold are needed.
                """
        )

        @Option(help: ArgumentHelp("Bob's key directory, from bob keygen.", valueName: "dir"))
        var bob: String

        @Option(help: ArgumentHelp("The TreasureMap, from bob treasure-map.", valueName: "file"))
        var treasureMap: String

        @Option(help: ArgumentHelp("The MessageKit the requests were made for.", valueName: "file"))
        var messageKit: String

        @Option(help: ArgumentHelp(
            "An Ursula's address and her 33-byte verifying key file; one for each --response.",
            valueName: "address=file"))
        var ursula: [String] = []

        @Option(help: ArgumentHelp(
            "An Ursula's address and her ReencryptionResponse file; repeat for each one.",
            valueName: "address=file"))
        var response: [String] = []

        @Option(help: ArgumentHelp("Where to write the plaintext.", valueName: "file"))
        var out: String

        func validate() throws {
            guard !response.isEmpty else { throw ValidationError("at least one --response is required") }
        }

        func run() throws {
            let responses = try AddressedFile.parseAll("--response", response)
            let verifyingKeyFiles = try AddressedFile.parseAll("--ursula", ursula)
            let directory = KeyDirectory("--bob", bob)
            let secretKey = try directory.file(KeyFileName.encryptingSecretKey).readSecretKey()
            let mapFile = FileOption("--treasure-map", treasureMap)
            let map = try mapFile.readTreasureMap()
            let kitFile = FileOption("--message-kit", messageKit)
            let kit = try kitFile.readMessageKit()

            var capsuleFrags: [VerifiedCapsuleFrag] = []
            for response in responses {
                do {
                    capsuleFrags += try verify(
                        response, verifyingKeyFiles: verifyingKeyFiles, map: map, mapFile: mapFile, kit: kit,
                        bobEncryptingKey: secretKey.publicKey)
                } catch {
                    throw CommandError(kind: error.kind, message: "Ursula \(response.address): \(error.message)")
                }
            }
            guard capsuleFrags.count >= map.threshold else {
                throw CommandError.usage(
                    "--response: \(responses.count) given, but \(mapFile) needs \(map.threshold) (its threshold)")
            }
            let plaintext: [UInt8]
            do {
                plaintext = try kit.decryptReencrypted(
                    receivingKey: secretKey, policyEncryptingKey: map.policyEncryptingKey, capsuleFrags: capsuleFrags)
            } catch {
                throw policyFailure(error, kitFile)
            }
            try FileOption("--out", out).write(plaintext)
        }

        /// The verified cFrags of one Ursula's response.
        private func verify(
            _ response: AddressedFile, verifyingKeyFiles: [AddressedFile], map: TreasureMap, mapFile: FileOption,
            kit: MessageKit, bobEncryptingKey: PublicKey
        ) throws(CommandError) -> [VerifiedCapsuleFrag] {
            guard map.destinations[response.address] != nil else {
                throw .usage("\(response.file): not an Ursula of \(mapFile)")
            }
            guard let keyFile = verifyingKeyFiles.first(where: { $0.address == response.address })?.file else {
                throw .usage("\(response.file): no --ursula gives her verifying key")
            }
            let ursulaKey = try keyFile.readPublicKey()
            let parsed = try response.file.readReencryptionResponse()
            do {
                return try parsed.verify(
                    capsules: [kit.capsule], aliceVerifyingKey: map.publisherVerifyingKey,
                    ursulaVerifyingKey: ursulaKey, policyEncryptingKey: map.policyEncryptingKey,
                    bobEncryptingKey: bobEncryptingKey)
            } catch {
                throw .verificationFailed("\(response.file): at fault: \(error)")
            }
        }
    }
}
