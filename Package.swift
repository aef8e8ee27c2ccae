// swift-tools-version: 6.1
//
// SwiftKMS: the NuCypher key-management system in Swift.
//
// Layers, bottom-up; each library is usable on its own:
//   CUmbralOpenSSL  the system libcrypto, wrapped once (internal to UmbralCore)
//   CSecp256k1      the system libsecp256k1, UmbralCore's optional curve backend (trait LibSecp256k1)
//   KMSMessagePack  a strict MessagePack codec shared by every layer
//   UmbralCore      Umbral threshold proxy re-encryption (umbral-pre 0.11 compatible)
//   KMSPolicy       Alice, Bob, Ursula and Enrico (nucypher-core 0.16 objects)
//   KMSNetwork      Kademlia DHT, Ursula's REST API, SQLite store
//   KMSContracts    an in-process simulation of the NuCypher token contracts
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "SwiftKMS",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "KMSMessagePack", targets: ["KMSMessagePack"]),
        .library(name: "UmbralCore", targets: ["UmbralCore"]),
        .library(name: "KMSPolicy", targets: ["KMSPolicy"]),
        .library(name: "KMSNetwork", targets: ["KMSNetwork"]),
        .library(name: "KMSContracts", targets: ["KMSContracts"]),
        .executable(name: "kms", targets: ["kms"]),
        .executable(name: "network-demo", targets: ["NetworkDemo"]),
        .executable(name: "umbral-demo", targets: ["UmbralDemo"]),
        .executable(name: "economy-story", targets: ["EconomyStory"]),
        .executable(name: "economy-benchmark", targets: ["EconomyBenchmark"]),
        .executable(name: "ursula-benchmark", targets: ["UrsulaBenchmark"]),
        .executable(name: "kms-soak", targets: ["Soak"]),
        .executable(name: "policy-story", targets: ["PolicyStory"]),
        .executable(name: "umbral-benchmark", targets: ["UmbralBenchmark"]),
        .executable(name: "dht-benchmark", targets: ["DHTBenchmark"]),
        .executable(name: "umbral-interop-agent", targets: ["UmbralInteropAgent"]),
        .executable(name: "kms-policy-interop-agent", targets: ["KMSPolicyInteropAgent"]),
    ],
    traits: [
        // Runs UmbralCore's curve arithmetic and ECDSA on libsecp256k1 instead of libcrypto.
        .trait(name: "LibSecp256k1", description: "UmbralCore's curve backend is libsecp256k1 (libsecp256k1-dev)"),
        .default(enabledTraits: []),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CUmbralOpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        .systemLibrary(
            name: "CSecp256k1",
            pkgConfig: "libsecp256k1",
            providers: [.apt(["libsecp256k1-dev"]), .brew(["secp256k1"])]
        ),
        .target(name: "KMSMessagePack", swiftSettings: strictSettings),
        .target(
            name: "UmbralCore",
            dependencies: [
                "CUmbralOpenSSL",
                "KMSMessagePack",
                .target(name: "CSecp256k1", condition: .when(traits: ["LibSecp256k1"])),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "KMSPolicy",
            dependencies: ["UmbralCore", "KMSMessagePack"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "KMSNetwork",
            dependencies: [
                "KMSPolicy",
                "KMSMessagePack",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                // Its lock is a pthread mutex, whose hand-offs ThreadSanitizer sees.
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "KMSContracts",
            dependencies: ["KMSPolicy", "UmbralCore"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "kms",
            dependencies: [
                "UmbralCore",
                "KMSPolicy",
                "KMSNetwork",
                "KMSContracts",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "UmbralDemo",
            dependencies: [
                "UmbralCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Examples/UmbralDemo",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "NetworkDemo",
            dependencies: [
                "KMSNetwork",
                "KMSPolicy",
                "UmbralCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Examples/NetworkDemo",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "EconomyStory",
            dependencies: ["KMSContracts"],
            path: "Examples/EconomyStory",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "UrsulaBenchmark",
            dependencies: [
                "KMSNetwork",
                "KMSPolicy",
                "UmbralCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/UrsulaBenchmark",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "Soak",
            dependencies: [
                "KMSNetwork",
                "KMSPolicy",
                "UmbralCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            path: "Tests/Soak",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "EconomyBenchmark",
            dependencies: [
                "KMSContracts",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/EconomyBenchmark",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "PolicyStory",
            dependencies: ["KMSPolicy"],
            path: "Examples/PolicyStory",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "UmbralBenchmark",
            dependencies: [
                "UmbralCore",
                "KMSPolicy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/UmbralBenchmark",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "DHTBenchmark",
            dependencies: [
                "KMSNetwork",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/DHTBenchmark",
            exclude: ["python_network.py"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "UmbralInteropAgent",
            dependencies: ["UmbralCore", "KMSMessagePack"],
            path: "Tests/Interop/UmbralInteropAgent",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "KMSPolicyInteropAgent",
            dependencies: ["KMSPolicy", "UmbralCore"],
            path: "Tests/Interop/KMSPolicyInteropAgent",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KMSMessagePackTests",
            dependencies: ["KMSMessagePack"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "UmbralCoreTests",
            dependencies: ["UmbralCore", "KMSMessagePack"],
            // Read through #filePath at run time, not bundled as resources.
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KMSCommandTests",
            dependencies: [
                "UmbralCore",
                "KMSPolicy",
                "KMSNetwork",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KMSPolicyTests",
            dependencies: ["KMSPolicy", "UmbralCore", "KMSMessagePack"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KMSNetworkTests",
            dependencies: [
                "KMSNetwork",
                "KMSMessagePack",
                "KMSPolicy",
                "UmbralCore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KMSContractsTests",
            dependencies: ["KMSContracts", "KMSPolicy", "UmbralCore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KMSLayersTests",
            dependencies: ["KMSPolicy", "KMSNetwork", "KMSContracts"],
            swiftSettings: strictSettings
        ),
    ]
)
