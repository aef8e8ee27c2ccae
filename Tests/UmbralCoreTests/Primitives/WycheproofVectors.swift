import Testing

/// A Wycheproof AEAD test group (`aead_test_schema_v1`).
struct WycheproofAEADGroup: Decodable, Sendable {
    let ivSize: Int
    let keySize: Int
    let tagSize: Int
    let tests: [WycheproofAEADCase]
}

/// One Wycheproof AEAD case: `ct ‖ tag` is the sealing of `msg` under `key`, `iv`, `aad`.
struct WycheproofAEADCase: Decodable, Sendable, CustomTestStringConvertible {
    let tcId: Int
    let comment: String
    let flags: [String]
    let key: HexBytes
    let iv: HexBytes
    let aad: HexBytes
    let msg: HexBytes
    let ct: HexBytes
    let tag: HexBytes
    let result: WycheproofResult

    var testDescription: String { "tcId \(tcId) \(result) \(flags.joined(separator: ","))" }
}

/// A Wycheproof HKDF test group (`hkdf_test_schema_v1`).
struct WycheproofHKDFGroup: Decodable, Sendable {
    let keySize: Int
    let tests: [WycheproofHKDFCase]
}

/// One Wycheproof HKDF case: `okm` is HKDF(`ikm`, `salt`, `info`, `size`).
struct WycheproofHKDFCase: Decodable, Sendable, CustomTestStringConvertible {
    let tcId: Int
    let comment: String
    let flags: [String]
    let ikm: HexBytes
    let salt: HexBytes
    let info: HexBytes
    let size: Int
    let okm: HexBytes
    let result: WycheproofResult

    var testDescription: String { "tcId \(tcId) \(result) \(flags.joined(separator: ","))" }
}

/// The Wycheproof files these suites run, and how many of their cases apply.
enum WycheproofVectors {
    static let hkdfPath = "vectors/wycheproof/hkdf_sha256_test.json"
    static let chaChaPath = "vectors/wycheproof/chacha20_poly1305_test.json"
    static let xChaChaPath = "vectors/wycheproof/xchacha20_poly1305_test.json"

    static func aeadFile(_ path: String) throws -> WycheproofFile<WycheproofAEADGroup> {
        try TestVectors.loadShared(WycheproofFile<WycheproofAEADGroup>.self, from: path)
    }

    /// Every case of groups with a 256-bit key and a 128-bit tag: the only parameters these AEADs
    /// have. All nonce sizes are kept, since rejecting a wrong one is itself tested.
    static func aeadCases(_ path: String) throws -> [WycheproofAEADCase] {
        try aeadFile(path).testGroups
            .filter { $0.keySize == 256 && $0.tagSize == 128 }
            .flatMap(\.tests)
    }

    static func hkdfFile() throws -> WycheproofFile<WycheproofHKDFGroup> {
        try TestVectors.loadShared(WycheproofFile<WycheproofHKDFGroup>.self, from: hkdfPath)
    }

    /// Every HKDF-SHA256 case: any IKM, salt, info and output size is a valid input to the API.
    static func hkdfCases() throws -> [WycheproofHKDFCase] {
        try hkdfFile().testGroups.flatMap(\.tests)
    }
}
