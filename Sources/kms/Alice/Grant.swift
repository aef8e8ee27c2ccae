import ArgumentParser
import KMSPolicy
import UmbralCore

extension AliceGroup {
    /// `kms alice grant`: an m-of-n policy for Bob over a label, granted on a live network of
    /// Ursulas or, with `--ursula`, written to files.
    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "grant",
            abstract: "Grant Bob an m-of-n policy over a label, on a live network or as files.",
            discussion: """
                Splits the label's key into kFrags, any --threshold of which re-encrypt for Bob, \
                signs each for the policy's HRAC and seals it to its Ursula.

                On a live network (--bootstrap, --ledger, --network-ursula, --shares): chooses \
                --shares of the --network-ursula Ursulas staked on the --ledger, records the policy \
                there until --hours from now, hands each Ursula her kFrag over REST and publishes \
                the treasure map for Bob in the DHT. Writes to --out-dir policy.hrac, \
                treasure-map.etmap and one <ADDRESS>.revocation per Ursula, which alice revoke \
                sends.

                On files (--ursula address=file, once per share): no network and no ledger, so \
                the policy does not expire and is not paid for. Writes to --out-dir \
                treasure-map.etmap (for Bob), policy.hrac, and per Ursula <ADDRESS>.ekfrag (her \
                EncryptedKeyFrag) and <ADDRESS>.revocation (the signed RevocationOrder, which \
                ursula revoke applies).
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

        @Option(help: ArgumentHelp("How many Ursulas Bob needs (1 ≤ M ≤ the number of shares).", valueName: "M"))
        var threshold: Int

        @Option(help: ArgumentHelp("On a network: how many Ursulas hold a kFrag.", valueName: "N"))
        var shares: Int?

        @Option(help: ArgumentHelp("On a network: how long the policy lasts, in hours (default 24).", valueName: "hours"))
        var hours: Int?

        @Option(help: ArgumentHelp(
            "On files: an Ursula's staking-provider address and her 33-byte encrypting key file; repeat for each share.",
            valueName: "address=file"))
        var ursula: [String] = []

        @Option(help: ArgumentHelp("The directory to write the policy's files to.", valueName: "dir"))
        var outDir: String

        @OptionGroup var network: NetworkOptions

        func validate() throws {
            guard threshold >= 1 else { throw ValidationError("--threshold must be at least 1, got \(threshold)") }
            if ursula.isEmpty {
                guard network.isGiven else {
                    throw ValidationError(
                        "grant on a network (--bootstrap, --ledger, --network-ursula, --shares) or on files (--ursula address=file)")
                }
                try network.requireComplete()
                guard let shares else { throw ValidationError("--shares is required for a grant on the network") }
                guard threshold <= shares, shares <= Int(UInt8.max) else {
                    throw ValidationError("need --threshold (\(threshold)) ≤ --shares (\(shares)) ≤ 255")
                }
                if let hours, !(1...(24 * 3650)).contains(hours) {
                    throw ValidationError("--hours must be in 1...87600, got \(hours)")
                }
            } else {
                guard !network.isGiven, shares == nil, hours == nil else {
                    throw ValidationError(
                        "--ursula grants on files: drop --bootstrap, --ledger, --network-ursula, --shares and --hours, "
                            + "or drop --ursula to grant on the network")
                }
                guard threshold <= ursula.count else {
                    throw ValidationError("--threshold (\(threshold)) must be at most the number of --ursula (\(ursula.count))")
                }
                guard ursula.count <= Int(UInt8.max) else {
                    throw ValidationError("at most 255 --ursula are allowed, got \(ursula.count)")
                }
            }
        }

        func run() async throws {
            if ursula.isEmpty {
                try await grantOnNetwork(shares: shares ?? 0, hours: hours ?? 24)
            } else {
                try grantOnFiles()
            }
        }
    }
}
