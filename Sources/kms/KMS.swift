import ArgumentParser

/// The `kms` command: the root of every command group of SwiftKMS.
///
/// Add a group by listing its command type in `subcommands`; each group lives in its own folder
/// with one file per subcommand (see `Umbral/`).
@main
struct KMS: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "kms",
        abstract: "NuCypher KMS: key management by Umbral threshold proxy re-encryption.",
        discussion: """
            Files use umbral-pre 0.11's forms: secret keys are 32 raw bytes (written with \
            mode 0600), public keys 33 compressed bytes, capsules, kFrags and cFrags their \
            MessagePack bytes. The alice, bob, enrico and ursula groups use nucypher-core             0.16's headered object bytes (MessageKit, EncryptedTreasureMap, TreasureMap,             EncryptedKeyFrag, ReencryptionRequest/Response, RevocationOrder). Outputs are             replaced atomically.

            Exit codes: 0 success; 1 a verification or decryption failed, or a DHT value was \
            not found or not stored; 3 an input file is malformed or invalid; 4 a file could \
            not be read or written; 64 the command line is incomplete or invalid; 69 the \
            network is unavailable (no port to listen on, no bootstrap node answering); 70 an \
            internal failure.
            """,
        version: version,
        subcommands: [
            UmbralGroup.self, AliceGroup.self, BobGroup.self, EnricoGroup.self, UrsulaGroup.self, DHTGroup.self, EconomyGroup.self,
        ]
    )

    /// Runs the command with one-line `error: …` diagnostics; help and `--version` are printed by
    /// argument-parser as usual.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as CommandError {
            printError(error.message)
            exit(withError: ExitCode(error.exitCode))
        } catch {
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }
            printError("\(message(for: error)) (see --help)")
            exit(withError: code)
        }
    }
}
