// RFC 9380 hash-to-curve for secp256k1 (suite secp256k1_XMD:SHA-256_SSWU_RO_) and Umbral's U.
//
// Sources of the expected values:
//   * RFC 9380 Appendix J.8.1: all five messages with u0, u1, Q0, Q1 and P (the same values as
//     the k256 crate's hash2curve tests); three of them are repeated in umbral_vectors.json
//     `hash_to_curve`, and the test checks that the two sources agree.
//   * RFC 9380 Appendix K.1: expand_message_xmd(SHA-256), DST
//     `QUUX-V01-CS02-with-expander-SHA256-128`, len_in_bytes 0x20 and 0x80. (The K.1 "long DST"
//     vectors need the oversize-DST rule, which UmbralCore does not implement: its only DSTs
//     are short.)
//   * umbral_vectors.json `constants.parameters_u`, and the spec's enc(U).

import Foundation
import Testing
@testable import UmbralCore

struct HashToCurveVector: Sendable, CustomTestStringConvertible {
    let message: String
    let u0, u1, q0x, q0y, q1x, q1y, px, py: String

    var testDescription: String {
        message.count > 16 ? "\(message.prefix(5))… (\(message.count) bytes)" : "\"\(message)\""
    }

    static let dst = "QUUX-V01-CS02-with-secp256k1_XMD:SHA-256_SSWU_RO_"

    /// RFC 9380 Appendix J.8.1.
    static let rfc9380: [HashToCurveVector] = [
        .init(
            message: "",
            u0: "6b0f9910dd2ba71c78f2ee9f04d73b5f4c5f7fc773a701abea1e573cab002fb3",
            u1: "1ae6c212e08fe1a5937f6202f929a2cc8ef4ee5b9782db68b0d5799fd8f09e16",
            q0x: "74519ef88b32b425a095e4ebcc84d81b64e9e2c2675340a720bb1a1857b99f1e",
            q0y: "c174fa322ab7c192e11748beed45b508e9fdb1ce046dee9c2cd3a2a86b410936",
            q1x: "44548adb1b399263ded3510554d28b4bead34b8cf9a37b4bd0bd2ba4db87ae63",
            q1y: "96eb8e2faf05e368efe5957c6167001760233e6dd2487516b46ae725c4cce0c6",
            px: "c1cae290e291aee617ebaef1be6d73861479c48b841eaba9b7b5852ddfeb1346",
            py: "64fa678e07ae116126f08b022a94af6de15985c996c3a91b64c406a960e51067"),
        .init(
            message: "abc",
            u0: "128aab5d3679a1f7601e3bdf94ced1f43e491f544767e18a4873f397b08a2b61",
            u1: "5897b65da3b595a813d0fdcc75c895dc531be76a03518b044daaa0f2e4689e00",
            q0x: "07dd9432d426845fb19857d1b3a91722436604ccbbbadad8523b8fc38a5322d7",
            q0y: "604588ef5138cffe3277bbd590b8550bcbe0e523bbaf1bed4014a467122eb33f",
            q1x: "e9ef9794d15d4e77dde751e06c182782046b8dac05f8491eb88764fc65321f78",
            q1y: "cb07ce53670d5314bf236ee2c871455c562dd76314aa41f012919fe8e7f717b3",
            px: "3377e01eab42db296b512293120c6cee72b6ecf9f9205760bd9ff11fb3cb2c4b",
            py: "7f95890f33efebd1044d382a01b1bee0900fb6116f94688d487c6c7b9c8371f6"),
        .init(
            message: "abcdef0123456789",
            u0: "ea67a7c02f2cd5d8b87715c169d055a22520f74daeb080e6180958380e2f98b9",
            u1: "7434d0d1a500d38380d1f9615c021857ac8d546925f5f2355319d823a478da18",
            q0x: "576d43ab0260275adf11af990d130a5752704f79478628761720808862544b5d",
            q0y: "643c4a7fb68ae6cff55edd66b809087434bbaff0c07f3f9ec4d49bb3c16623c3",
            q1x: "f89d6d261a5e00fe5cf45e827b507643e67c2a947a20fd9ad71039f8b0e29ff8",
            q1y: "b33855e0cc34a9176ead91c6c3acb1aacb1ce936d563bc1cee1dcffc806caf57",
            px: "bac54083f293f1fe08e4a70137260aa90783a5cb84d3f35848b324d0674b0e3a",
            py: "4436476085d4c3c4508b60fcf4389c40176adce756b398bdee27bca19758d828"),
        .init(
            message: "q128_" + String(repeating: "q", count: 128),
            u0: "eda89a5024fac0a8207a87e8cc4e85aa3bce10745d501a30deb87341b05bcdf5",
            u1: "dfe78cd116818fc2c16f3837fedbe2639fab012c407eac9dfe9245bf650ac51d",
            q0x: "9c91513ccfe9520c9c645588dff5f9b4e92eaf6ad4ab6f1cd720d192eb58247a",
            q0y: "c7371dcd0134412f221e386f8d68f49e7fa36f9037676e163d4a063fbf8a1fb8",
            q1x: "10fee3284d7be6bd5912503b972fc52bf4761f47141a0015f1c6ae36848d869b",
            q1y: "0b163d9b4bf21887364332be3eff3c870fa053cf508732900fc69a6eb0e1b672",
            px: "e2167bc785333a37aa562f021f1e881defb853839babf52a7f72b102e41890e9",
            py: "f2401dd95cc35867ffed4f367cd564763719fbc6a53e969fb8496a1e6685d873"),
        .init(
            message: "a512_" + String(repeating: "a", count: 512),
            u0: "8d862e7e7e23d7843fe16d811d46d7e6480127a6b78838c277bca17df6900e9f",
            u1: "68071d2530f040f081ba818d3c7188a94c900586761e9115efa47ae9bd847938",
            q0x: "b32b0ab55977b936f1e93fdc68cec775e13245e161dbfe556bbb1f72799b4181",
            q0y: "2f5317098360b722f132d7156a94822641b615c91f8663be69169870a12af9e8",
            q1x: "148f98780f19388b9fa93e7dc567b5a673e5fca7079cd9cdafd71982ec4c5e12",
            q1y: "3989645d83a433bc0c001f3dac29af861f33a6fd1e04f4b36873f5bff497298a",
            px: "e3c8d35aaaf0b9b647e88a0a0a7ee5d5bed5ad38238152e4e6fd8c1f8cb7c998",
            py: "8446eeb6181bf12f56a9d24e262221cc2f0c4725c7e3803024b5888ee5823aa6"),
    ]
}

struct ExpandMessageVector: Sendable, CustomTestStringConvertible {
    let message: String
    let length: Int
    let uniformBytes: String

    var testDescription: String { "\(message.prefix(5))… (\(message.count) bytes) → \(length) bytes" }

    static let dst = "QUUX-V01-CS02-with-expander-SHA256-128"
    private static let messages = [
        "", "abc", "abcdef0123456789", "q128_" + String(repeating: "q", count: 128),
        "a512_" + String(repeating: "a", count: 512),
    ]

    /// RFC 9380 Appendix K.1, expand_message_xmd(SHA-256).
    static let rfc9380: [ExpandMessageVector] = zip(messages, [
        "68a985b87eb6b46952128911f2a4412bbc302a9d759667f87f7a21d803f07235",
        "d8ccab23b5985ccea865c6c97b6e5b8350e794e603b4b97902f53a8a0d605615",
        "eff31487c770a893cfb36f912fbfcbff40d5661771ca4b2cb4eafe524333f5c1",
        "b23a1d2b4d97b2ef7785562a7e8bac7eed54ed6e97e29aa51bfe3f12ddad1ff9",
        "4623227bcc01293b8c130bf771da8c298dede7383243dc0993d2d94823958c4c",
    ]).map { ExpandMessageVector(message: $0, length: 0x20, uniformBytes: $1) }
        + zip(messages, [
            "af84c27ccfd45d41914fdff5df25293e221afc53d8ad2ac06d5e3e29485dadbee0d121587713a3e0dd4d5e69e93eb7cd"
                + "4f5df4cd103e188cf60cb02edc3edf18eda8576c412b18ffb658e3dd6ec849469b979d444cf7b26911a08e63cf31f9dc"
                + "c541708d3491184472c2c29bb749d4286b004ceb5ee6b9a7fa5b646c993f0ced",
            "abba86a6129e366fc877aab32fc4ffc70120d8996c88aee2fe4b32d6c7b6437a647e6c3163d40b76a73cf6a5674ef1d8"
                + "90f95b664ee0afa5359a5c4e07985635bbecbac65d747d3d2da7ec2b8221b17b0ca9dc8a1ac1c07ea6a1e60583e2cb00"
                + "058e77b7b72a298425cd1b941ad4ec65e8afc50303a22c0f99b0509b4c895f40",
            "ef904a29bffc4cf9ee82832451c946ac3c8f8058ae97d8d629831a74c6572bd9ebd0df635cd1f208e2038e760c499498"
                + "4ce73f0d55ea9f22af83ba4734569d4bc95e18350f740c07eef653cbb9f87910d833751825f0ebefa1abe5420bb52be1"
                + "4cf489b37fe1a72f7de2d10be453b2c9d9eb20c7e3f6edc5a60629178d9478df",
            "80be107d0884f0d881bb460322f0443d38bd222db8bd0b0a5312a6fedb49c1bbd88fd75d8b9a09486c60123dfa1d73c1"
                + "cc3169761b17476d3c6b7cbbd727acd0e2c942f4dd96ae3da5de368d26b32286e32de7e5a8cb2949f866a0b80c58116b"
                + "29fa7fabb3ea7d520ee603e0c25bcaf0b9a5e92ec6a1fe4e0391d1cdbce8c68a",
            "546aff5444b5b79aa6148bd81728704c32decb73a3ba76e9e75885cad9def1d06d6792f8a7d12794e90efed817d96920"
                + "d728896a4510864370c207f99bd4a608ea121700ef01ed879745ee3e4ceef777eda6d9e5e38b90c86ea6fb0b36504ba4"
                + "a45d22e86f6db5dd43d98a294bebb9125d5b794e9d2a81181066eb954966a487",
        ]).map { ExpandMessageVector(message: $0, length: 0x80, uniformBytes: $1) }
}

@Suite("HashToCurve: RFC 9380 secp256k1_XMD:SHA-256_SSWU_RO_ and Umbral's U (Curve)")
struct HashToCurveTests {
    private static func affine(_ point: Point) -> (x: String, y: String)? {
        point.affineCoordinates.map { ($0.x.hexString, $0.y.hexString) }
    }

    @Test("The vector lists are complete")
    func vectorCounts() {
        #expect(HashToCurveVector.rfc9380.count == 5)
        #expect(ExpandMessageVector.rfc9380.count == 10)
        #expect(HashToCurveVector.rfc9380.map(\.message.utf8.count) == [0, 3, 16, 133, 517])
    }

    @Test("expand_message_xmd matches RFC 9380 K.1", arguments: ExpandMessageVector.rfc9380)
    func expandMessage(_ vector: ExpandMessageVector) {
        let output = HashToCurve.expandMessageXMD(
            message: Array(vector.message.utf8), dst: Array(ExpandMessageVector.dst.utf8), length: vector.length)
        #expect(output.count == vector.length)
        #expect(output.hexString == vector.uniformBytes)
    }

    @Test("hash_to_field, map_to_curve and hash_to_curve match RFC 9380 J.8.1", arguments: HashToCurveVector.rfc9380)
    func hashToCurve(_ vector: HashToCurveVector) {
        let message = Array(vector.message.utf8)
        let dst = Array(HashToCurveVector.dst.utf8)
        let (u0, u1) = HashToCurve.hashToField(message: message, dst: dst)
        #expect(u0.bigEndianBytes(count: 32).hexString == vector.u0)
        #expect(u1.bigEndianBytes(count: 32).hexString == vector.u1)

        let q0 = Self.affine(HashToCurve.mapToCurve(u0))
        let q1 = Self.affine(HashToCurve.mapToCurve(u1))
        #expect(q0?.x == vector.q0x)
        #expect(q0?.y == vector.q0y)
        #expect(q1?.x == vector.q1x)
        #expect(q1?.y == vector.q1y)

        let point = Self.affine(HashToCurve.secp256k1SSWU(message: message, dst: dst))
        #expect(point?.x == vector.px)
        #expect(point?.y == vector.py)
    }

    @Test("The three J.8.1 vectors in umbral_vectors.json agree with the RFC values used here")
    func sharedVectorsAgree() throws {
        let root = try TestVectors.loadSharedJSON("vectors/umbral/umbral_vectors.json")
        let shared = try #require(try TestVectors.value(at: "hash_to_curve/vectors", in: root) as? [[String: String]])
        #expect(shared.count == 3)
        var matched = 0
        for entry in shared {
            #expect(entry["dst_ascii"] == HashToCurveVector.dst)
            guard let vector = HashToCurveVector.rfc9380.first(where: { $0.message == entry["msg_ascii"] }) else {
                Issue.record("no RFC vector for message \(entry["msg_ascii"] ?? "nil")")
                continue
            }
            #expect(entry["u0"] == vector.u0)
            #expect(entry["u1"] == vector.u1)
            #expect(entry["P_x"] == vector.px)
            #expect(entry["P_y"] == vector.py)
            let point = Self.affine(HashToCurve.secp256k1SSWU(message: Array(vector.message.utf8), dst: Array(HashToCurveVector.dst.utf8)))
            #expect(point?.x == entry["P_x"])
            #expect(point?.y == entry["P_y"])
            matched += 1
        }
        #expect(matched == 3)
    }

    @Test("Point.parameterU is enc(U) from the spec, with the vector file's intermediates")
    func parameterU() throws {
        let root = try TestVectors.loadSharedJSON("vectors/umbral/umbral_vectors.json")
        let u = try #require(try TestVectors.value(at: "constants/parameters_u", in: root) as? [String: String])
        let specEncU = "03079390d0fbe220fc34aab8ecbf49098098036820fadb98c03143e55db8ec73cd"
        #expect(u["compressed"] == specEncU)
        #expect(u["dst_ascii"] == "PARAMETERS")
        #expect(u["msg_ascii"] == "POINT_U")

        #expect(Point.parameterU.compressedBytes.hexString == specEncU)
        #expect(Point.parameterUCompressed.hexString == specEncU)
        #expect(Self.affine(Point.parameterU)?.x == u["x"])
        #expect(Self.affine(Point.parameterU)?.y == u["y"])

        let message = Array("POINT_U".utf8)
        let dst = Array("PARAMETERS".utf8)
        let (u0, u1) = HashToCurve.hashToField(message: message, dst: dst)
        #expect(u0.bigEndianBytes(count: 32).hexString == u["u0_field_element"])
        #expect(u1.bigEndianBytes(count: 32).hexString == u["u1_field_element"])
        let q0 = Self.affine(HashToCurve.mapToCurve(u0))
        let q1 = Self.affine(HashToCurve.mapToCurve(u1))
        #expect(q0?.x == u["q0_x"])
        #expect(q0?.y == u["q0_y"])
        #expect(q1?.x == u["q1_x"])
        #expect(q1?.y == u["q1_y"])
        #expect(HashToCurve.secp256k1SSWU(message: message, dst: dst) == Point.parameterU)

        // U parses back from its encoding and is neither G nor the identity.
        let parsed = try PublicKey(compressedBytes: CurveTestSupport.bytes(specEncU))
        #expect(parsed.point == Point.parameterU)
        #expect(Point.parameterU != Point.generator)
        #expect(!Point.parameterU.isIdentity)
    }
}
