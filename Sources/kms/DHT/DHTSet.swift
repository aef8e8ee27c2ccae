import ArgumentParser
import KMSNetwork
import Logging

extension DHTGroup {
    /// `kms dht set`: store one string value through a short-lived node.
    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Store VALUE under KEY in the DHT.",
            discussion: "Exits 0 once at least one node acknowledged the store, 1 if none did."
        )

        @OptionGroup var options: DHTOptions

        @Argument(help: "The key, a string (digested with SHA-1 as kademlia does).")
        var key: String

        @Argument(help: "The value, a string.")
        var value: String

        func validate() throws {
            guard !options.bootstrap.isEmpty else { throw ValidationError("set needs at least one --bootstrap node") }
        }

        func run() async throws {
            let (key, value) = (key, value)
            try await options.withJoinedServer { server in
                let stored: Int
                do { stored = try await server.set(value, forKey: key) } catch {
                    throw CommandError.invalidInput("\(error)")
                }
                guard stored > 0 else { throw CommandError.notFound("no node stored the value under '\(key)'") }
                printLine("stored on \(stored) node\(stored == 1 ? "" : "s")")
            }
        }
    }
}
