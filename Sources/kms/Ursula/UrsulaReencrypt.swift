import ArgumentParser
import KMSPolicy
import UmbralCore

extension UrsulaGroup {
    /// `kms ursula reencrypt`: Ursula serves one of Bob's requests.
    struct Reencrypt: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reencrypt",
            abstract: "Serve a ReencryptionRequest: check the kFrag, re-encrypt, sign the response.",
            discussion: """
                Refuses a kFrag the publisher revoked at her (ursula revoke); opens the request's \
                EncryptedKeyFrag with her encrypting key and checks the publisher's signature on \
                it for the request's HRAC, then re-encrypts each capsule and signs the \
                ReencryptionResponse.
                """
        )

        @Option(help: ArgumentHelp("Ursula's key directory, from ursula keygen.", valueName: "dir"))
        var ursula: String

        @Option(help: ArgumentHelp("Bob's ReencryptionRequest, from bob request.", valueName: "file"))
        var request: String

        @Option(help: ArgumentHelp("Where to write the ReencryptionResponse.", valueName: "file"))
        var out: String

        func run() throws {
            let directory = KeyDirectory("--ursula", ursula)
            let decryptingKey = try directory.file(KeyFileName.encryptingSecretKey).readSecretKey()
            let signer = Signer(try directory.file(KeyFileName.signingSecretKey).readSecretKey())
            let requestFile = FileOption("--request", request)
            let request = try requestFile.readReencryptionRequest()
            guard !request.capsules.isEmpty else {
                throw CommandError.invalidInput("\(requestFile): \(KMSPolicyError.nothingToRetrieve)")
            }

            // The revocation and kFrag checks of KMSPolicy's Ursula.reencrypt (there is no ledger here).
            let revoked = Revocations(ursula: directory)
                .file(request.encryptedKeyFrag, publisherVerifyingKey: request.publisherVerifyingKey)
            guard !revoked.exists else {
                throw CommandError.verificationFailed(
                    "\(requestFile): the publisher revoked this kFrag at this Ursula (see \(revoked))")
            }
            let keyFrag: VerifiedKeyFrag
            do {
                keyFrag = try request.encryptedKeyFrag.decrypt(
                    secretKey: decryptingKey, hrac: request.hrac,
                    publisherVerifyingKey: request.publisherVerifyingKey)
            } catch {
                if case .decryptionFailed = error {
                    throw CommandError.verificationFailed(
                        "\(requestFile): the kFrag was not sealed to this Ursula, or was tampered with: \(error)")
                }
                throw policyFailure(error, requestFile)
            }
            var pairs: [(capsule: Capsule, capsuleFrag: VerifiedCapsuleFrag)] = []
            for capsule in request.capsules {
                pairs.append((capsule, Umbral.reencrypt(capsule, with: keyFrag)))
            }
            let response = ReencryptionResponse(signer: signer, capsulesAndVerifiedCapsuleFrags: pairs)
            try FileOption("--out", out).write(response.bytes)
        }
    }
}
