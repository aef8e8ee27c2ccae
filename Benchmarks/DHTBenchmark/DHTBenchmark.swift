import ArgumentParser
import Foundation
import KMSNetwork

/// `dht-benchmark`: lookup latency and rounds in a loopback network of Swift nodes and in the same
/// network built from Python kademlia 2.2.3 nodes, measured in one run.
@main
struct DHTBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dht-benchmark",
        abstract: "Kademlia lookups on loopback: Swift KademliaServer nodes against Python kademlia 2.2.3 nodes.",
        discussion: """
            Both networks are built the same way: --nodes nodes on 127.0.0.1, each joining through \
            up to --peers random earlier nodes; --keys random str keys stored from random nodes; \
            then --lookups lookups, each from a random node that does not hold the key, timed \
            from the call to the value (including the caching store the lookup ends with). The \
            Swift nodes run in this process; the Python ones in one process of \
            Benchmarks/DHTBenchmark/python_network.py under the pinned reference interpreter. \
            Prints medians, 90th percentiles and the Swift/Python ratios.
            """
    )

    @Option(help: "Nodes in each network.")
    var nodes = 200

    @Option(help: "Keys stored before the lookups.")
    var keys = 50

    @Option(help: "Lookups measured in each network.")
    var lookups = 200

    @Option(help: "Earlier nodes each joining node bootstraps through.")
    var peers = 3

    @Option(help: "Seed for the choices of both networks (default: random, printed).")
    var seed: UInt64?

    @Option(help: "The Python interpreter with kademlia 2.2.3 (default: $KMS_REFERENCE_PYTHON, else Scripts/reference-env.sh).")
    var python: String?

    func validate() throws {
        guard nodes >= 2, keys >= 1, lookups >= 1, peers >= 1 else {
            throw ValidationError("need --nodes >= 2, --keys >= 1, --lookups >= 1, --peers >= 1")
        }
    }

    func run() async throws {
        let seed = self.seed ?? UInt64.random(in: 0..<(1 << 48))
        let parameters = NetworkParameters(nodes: nodes, keys: keys, lookups: lookups, peers: peers, seed: seed)
        print("DHT lookup benchmark: \(nodes) nodes per network on 127.0.0.1, \(keys) keys, \(lookups) lookups, "
              + "\(peers) bootstrap peers, seed \(seed)")
        print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, "
              + ProcessInfo.processInfo.operatingSystemVersionString)

        let swift = try await SwiftNetworkRun.measure(parameters)
        let python = try PythonNetworkRun.measure(parameters, interpreter: python)
        Report(swift: swift, python: python).print()
    }
}
