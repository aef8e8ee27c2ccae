import KMSMessagePack
import Testing

/// Bytes produced by the reference implementations this codec must interoperate with,
/// captured once from umbral-pre 0.11 (rmp-serde), nucypher-core 0.16 and
/// u-msgpack-python 2.8 (as used by kademlia/rpcudp).
struct InteropVector: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]

    init(_ name: String, _ hexBytes: String) {
        self.name = name
        self.bytes = hex(hexBytes)
    }

    var testDescription: String { name }
}

@Suite("Interoperability with the reference implementations")
struct InteropTests {
    static let vectors: [InteropVector] = [
        InteropVector(
            "u-msgpack-python 2.8 random value (#166)",
            "91c42170bf0c774feebb7a1f09343cb00e3189369defc6d1c6cd7d66eced0f463ce3f634"
        ),
        InteropVector(
            "u-msgpack-python 2.8 random value (#272)",
            "81c8012c5900000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                + "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                + "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                + "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                + "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                + "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                + "0000000000000000000000000000000000c420e218a9e858aa9c01ae2e40561f3bb6563a7cf65a5c18b5bf3132c0d9b1"
                + "967488"
        ),
        InteropVector(
            "u-msgpack-python 2.8 random value (#401)",
            "81cbfe23f911f3d7e052817fc42188dcfbe581f92cece6a5ebba139b49cc424300e4ab5dabc15bfc5bc362ebe30a20"
        ),
        InteropVector(
            "u-msgpack-python 2.8 random value (#490)",
            "91d9382020e282ac5a5ae282ac3020c3a9c3a95ac3a9e697a56130e697a530c39fe697a5c39fe282acc3a9e282ac61c3"
                + "9f5ae697a5c39f5ac3a920"
        ),
        InteropVector(
            "u-msgpack-python 2.8 random value (#747)",
            "91d940f09f9982e697a5615a612061c3a9f09f9982f09f9982f09f9982305a5ac3a930c3a930e282ac3061f09f998220"
                + "e697a5c39fe697a5c3a9e282ace697a55a2020"
        ),
        InteropVector(
            "u-msgpack-python 2.8 random value (#899)",
            "81fdc42083485ae7c0bcea388d18ebeb33f6e3d86b071a31e1ddbf6dead288657786a798"
        ),
        InteropVector(
            "umbral-pre 0.11 Capsule",
            "93c421038411f842c11e3e503622851c8c3c7538a871ac0ab36b20d04da1bfb8fb200c95c42102c5da92c0e9d2151a56"
                + "bd3869228a7a673c770a977b0aa23b995ba5af42d13d4dc42097fafce0bea8fea3e78e55a0178f7dd1a2c0724630ac72"
                + "40dfb26bfe1d035bf9"
        ),
        InteropVector(
            "umbral-pre 0.11 KeyFrag",
            "9591c42103079390d0fbe220fc34aab8ecbf49098098036820fadb98c03143e55db8ec73cdc4200fcec8068793dec2fb"
                + "eb44dcf5efcab348b5c4f0758b861c6fbb33252b68967dc420b3f5b7fec1af322070fd88fce4b38a88d98536852b6d85"
                + "59e89b38e468d56bf1c421032bb4f173af112aa73194be037da33f14b7e28c6c5a21abc3f21892dc885f58cb95c42103"
                + "fb616c4cb38ac62226f49b76d1c841398d1758534bec8b206fecd68757621552c440a009aacad13f0b118937e80bc8f3"
                + "6119759fb4eda54be93a7eb89eefaf6a0ed12f855a93c363793fce891f0fa3f94faf39858a69b08ba26fa304ce273d53"
                + "573cc440ec3cc44774c1f10f3ae71d1b15878432bc6ef903212c53a5b94ab2d56b1a836c26cafd8288848953795ebd15"
                + "c92d97b400424f7fd8ab553267ea54625f06ac30c3c3"
        ),
        InteropVector(
            "umbral-pre 0.11 CapsuleFrag",
            "95c42102c8aadc85d95bf88c1e8a5d6e206f984911baecb767d0c6a191e934a98ff62bebc42102bc8c2d79e27ee06322"
                + "90bc969fbe08a38143764ca9bd4af13057b2edff06c4d6c4200fcec8068793dec2fbeb44dcf5efcab348b5c4f0758b86"
                + "1c6fbb33252b68967dc421032bb4f173af112aa73194be037da33f14b7e28c6c5a21abc3f21892dc885f58cb96c42102"
                + "30e05ec04194b5d5eb90c2eb506e700aa67bfb732177a59730dd8ac8c62ac053c421029e762eb9cdb70e7732841c804b"
                + "200dc56ea24a9289ddd65c1808da6a3f4ae171c42103fb616c4cb38ac62226f49b76d1c841398d1758534bec8b206fec"
                + "d68757621552c4210397c29793cb51dc7b767caa5b093a79c286ac453e59fa228c052da46610032e56c420865868348b"
                + "28bf34c3263f0828d9fffac7c296f97f1c23d7e35d7465608c45d5c440ec3cc44774c1f10f3ae71d1b15878432bc6ef9"
                + "03212c53a5b94ab2d56b1a836c26cafd8288848953795ebd15c92d97b400424f7fd8ab553267ea54625f06ac30"
        ),
        InteropVector(
            "nucypher-core 0.16 MessageKit body (after its 8-byte header)",
            "9393c421033b2c180d12e1e5d1bff2d81645e094972c0c1c3958e11b7bcc8a011c59db77bdc42102f6d6b84b316151b2"
                + "12d9dc47a4619e4e73f9a07a83f256317e528e75ac6d4007c420171b0e028842f3f80e3027655e2ed87d8cd3ca211d50"
                + "7af36792ba2da28b84f8c43312ca18c6a0dd41752d0f8473736a37aeb08d7cc3c093433d083fe81d51d82dd61719633b"
                + "89155eaf74ffeeee08c9025ee8ed95a77b2261223a317d"
        ),
        InteropVector(
            "rpcudp store call from kademlia",
            "92a573746f726593c4140101010101010101010101010101010101010101c4140202020202020202020202020202020202020202"
                + "c40576616c7565"
        ),
        InteropVector(
            "rpcudp find_node response from kademlia",
            "92c39193c4140909090909090909090909090909090909090909a93132372e302e302e31cd2114"
        ),
    ]

    @Test("Reference encodings decode strictly and re-encode byte for byte", arguments: vectors)
    func referenceEncodings(vector: InteropVector) throws {
        let value = try MessagePack.decode(vector.bytes)
        #expect(MessagePack.encode(value) == vector.bytes)
        var reader = MessagePackReader(vector.bytes)
        #expect(try reader.readEncodedValue() == vector.bytes)
        try reader.finish()
    }

    @Test("An umbral-pre Capsule reads as three fixed-size byte fields")
    func capsuleFields() throws {
        let capsule = try #require(Self.vectors.first { $0.name.contains("Capsule") && !$0.name.contains("Frag") })
        var reader = MessagePackReader(capsule.bytes)
        try reader.readArrayHeader(count: 3, field: "Capsule")
        let pointE = try reader.readBinary(count: 33, field: "point_e")
        let pointV = try reader.readBinary(count: 33, field: "point_v")
        let signature = try reader.readBinary(count: 32, field: "signature")
        try reader.finish()

        var writer = MessagePackWriter()
        writer.writeArrayHeader(3)
        writer.writeBinary(pointE)
        writer.writeBinary(pointV)
        writer.writeBinary(signature)
        #expect(writer.bytes == capsule.bytes)
    }
}
