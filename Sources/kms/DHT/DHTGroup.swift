import ArgumentParser

/// `kms dht`: a Kademlia node, and one-shot set and get, on the network Python kademlia 2.2.3 nodes use.
struct DHTGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dht",
        abstract: "The Kademlia DHT: run a node, or store and fetch a value through one.",
        discussion: """
            Speaks rpcudp over UDP exactly as Python's kademlia 2.2.3, so Swift and Python nodes \
            form one network. Keys and values are strings, stored as kademlia stores a Python str: \
            the key is the SHA-1 of its UTF-8 bytes and the value a msgpack str. set and get start \
            a short-lived node of their own, join through --bootstrap, act and leave.
            """,
        subcommands: [Node.self, Set.self, Get.self]
    )
}
