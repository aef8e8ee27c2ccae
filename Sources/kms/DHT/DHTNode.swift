import ArgumentParser
import Dispatch
import Foundation
import KMSNetwork
import Logging

extension DHTGroup {
    /// `kms dht node`: a long-running node that serves the network until signalled.
    struct Node: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "node",
            abstract: "Run a DHT node until SIGINT or SIGTERM.",
            discussion: """
                Prints "READY <node-id-hex> <host>:<port>" on stdout once it listens and has \
                joined through --bootstrap (when given). Logs go to stderr.
                """
        )

        @OptionGroup var options: DHTOptions

        func run() async throws {
            let signals = SignalStream(SIGINT, SIGTERM)
            let server = try await options.bindServer(defaultLevel: .info)
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await server.run() }
                group.addTask {
                    // A node that cannot join still serves: others may bootstrap through it.
                    do { try await options.join(server) } catch { printError("\(error)") }
                    let contact = server.contact
                    printLine("READY \(contact.id) \(contact.host):\(contact.port)")
                }
                await signals.next()
                await server.shutdown()
            }
        }
    }
}

/// Writes one line to stdout and flushes it, so a parent reading a pipe sees it at once.
func printLine(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// The first of the given signals to arrive, delivered through Dispatch instead of the default
/// action, so the command can shut down cleanly.
final class SignalStream {
    /// The signals as they arrive; it can be awaited from any task while this object lives.
    let stream: AsyncStream<Int32>
    private let sources: [any DispatchSourceSignal]

    init(_ signals: Int32...) {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        self.stream = stream
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }

    /// Waits for the next signal.
    func next() async {
        for await _ in stream { return }
    }
}
