// swift-tools-version: 6.1
//
// The constant-time check of UmbralCore and KMSPolicy (Docs/Reliability.md, "Constant time").
//
// A separate package so that the main one never needs valgrind's headers: this one depends on it
// by path and adds a small C target around memcheck's client requests. Scripts/constant-time.sh
// builds it and runs it under `valgrind --tool=memcheck`.
import PackageDescription

/// SwiftPM names a path dependency after its directory, which is the checkout's (`main` here, the
/// repository name in CI), so the product references below use whatever it is.
let mainPackage = String(Context.packageDirectory.split(separator: "/").dropLast().last ?? "main")

let package = Package(
    name: "ConstantTime",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "constant-time-check", targets: ["ConstantTimeCheck"]),
    ],
    traits: [
        // Checks UmbralCore built on libsecp256k1 instead of libcrypto (the main package's trait).
        .trait(name: "LibSecp256k1", description: "Check UmbralCore's libsecp256k1 curve backend"),
        .default(enabledTraits: []),
    ],
    dependencies: [
        .package(
            path: "..",
            traits: [.trait(name: "LibSecp256k1", condition: .when(traits: ["LibSecp256k1"]))]
        ),
    ],
    targets: [
        // memcheck's client requests; needs valgrind's headers (Debian: valgrind).
        .target(name: "CValgrindClient"),
        .executableTarget(
            name: "ConstantTimeCheck",
            dependencies: [
                "CValgrindClient",
                .product(name: "UmbralCore", package: mainPackage),
                .product(name: "KMSPolicy", package: mainPackage),
            ],
            swiftSettings: [
                .swiftLanguageMode(.v6),
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("MemberImportVisibility"),
                .enableUpcomingFeature("InternalImportsByDefault"),
            ]
        ),
    ]
)
