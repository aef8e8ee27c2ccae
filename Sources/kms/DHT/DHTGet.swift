import ArgumentParser
import KMSNetwork
import Logging

extension DHTGroup {
    /// `kms dht get`: fetch one value through a short-lived node.
    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "get",
            abstract: "Print the value stored under KEY in the DHT.",
            discussion: """
                Prints a str value as it is and any other type in the form Python's repr() gives \
                it; exits 1 if no node has a value under KEY.
                """
        )

        @OptionGroup var options: DHTOptions

        @Argument(help: "The key, a string (digested with SHA-1 as kademlia does).")
        var key: String

        func validate() throws {
            guard !options.bootstrap.isEmpty else { throw ValidationError("get needs at least one --bootstrap node") }
        }

        func run() async throws {
            let key = key
            try await options.withJoinedServer { server in
                let value: DHTValue?
                do { value = try await server.get(key) } catch { throw CommandError.invalidInput("\(error)") }
                guard let value else { throw CommandError.notFound("no value under '\(key)'") }
                printLine(Self.text(of: value))
            }
        }

        /// A str as it is; other types as Python's repr() prints them.
        static func text(of value: DHTValue) -> String {
            switch value {
            case let .string(text): text
            case let .bytes(bytes): "b'" + bytes.map { byte in
                    (0x20..<0x7f).contains(byte) && byte != 0x27 && byte != 0x5c
                        ? String(UnicodeScalar(byte)) : "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
                }.joined() + "'"
            case let .integer(number): String(number)
            case let .largeUnsigned(number): String(number)
            case let .float(number): "\(number)"
            case let .bool(flag): flag ? "True" : "False"
            }
        }
    }
}
