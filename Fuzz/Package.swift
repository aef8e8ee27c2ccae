// swift-tools-version: 6.1
//
// SwiftKMS's libFuzzer targets, a package of its own so that the sanitizer flags
// (`-sanitize=fuzzer,address -parse-as-library`, passed by Scripts/fuzz.sh) reach every module they
// exercise, C-module dependencies included, without touching the main package's build.
//
// Each executable Fuzz<TARGET> (sources in <TARGET>/) is one libFuzzer target (libFuzzer supplies
// `main`); Scripts/fuzz.sh builds and runs them. Build by hand with:
//   swift build --package-path Fuzz --scratch-path .build-fuzz -c release \
//     -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
import PackageDescription

let settings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "SwiftKMSFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "SwiftKMS", path: ".."),
        // The same ranges as the main package, which SwiftPM unifies with its own.
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
    ],
    targets: [
        .target(name: "CLibFuzzer", path: "CLibFuzzer"),
        .target(
            name: "FuzzSupport",
            dependencies: ["CLibFuzzer"],
            path: "Support",
            swiftSettings: settings
        ),
        .target(
            name: "FuzzWorld",
            dependencies: [
                "FuzzSupport",
                .product(name: "KMSPolicy", package: "SwiftKMS"),
                .product(name: "UmbralCore", package: "SwiftKMS"),
            ],
            path: "World",
            swiftSettings: settings
        ),
        .executableTarget(
            name: "FuzzMessagePack",
            dependencies: ["FuzzSupport", .product(name: "KMSMessagePack", package: "SwiftKMS")],
            path: "MessagePack",
            swiftSettings: settings
        ),
        .executableTarget(
            name: "FuzzUmbral",
            dependencies: ["FuzzSupport", .product(name: "UmbralCore", package: "SwiftKMS")],
            path: "Umbral",
            swiftSettings: settings
        ),
        .executableTarget(
            name: "FuzzProtocolObjects",
            dependencies: [
                "FuzzSupport",
                "FuzzWorld",
                .product(name: "KMSPolicy", package: "SwiftKMS"),
                .product(name: "UmbralCore", package: "SwiftKMS"),
            ],
            path: "ProtocolObjects",
            swiftSettings: settings
        ),
        .executableTarget(
            name: "FuzzDatagram",
            dependencies: [
                "FuzzSupport",
                .product(name: "KMSNetwork", package: "SwiftKMS"),
                .product(name: "KMSMessagePack", package: "SwiftKMS"),
            ],
            path: "Datagram",
            swiftSettings: settings
        ),
        .executableTarget(
            name: "FuzzRESTBodies",
            dependencies: [
                "FuzzSupport",
                "FuzzWorld",
                .product(name: "KMSNetwork", package: "SwiftKMS"),
                .product(name: "KMSPolicy", package: "SwiftKMS"),
                .product(name: "UmbralCore", package: "SwiftKMS"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            path: "RESTBodies",
            swiftSettings: settings
        ),
    ]
)
