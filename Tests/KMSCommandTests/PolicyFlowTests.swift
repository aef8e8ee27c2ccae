import Foundation
import Testing

/// The policy story through `kms alice`, `enrico`, `bob` and `ursula`, closing the loop with
/// file-based Ursulas.
@Suite("kms alice, bob, enrico, ursula: the end-to-end file flow")
struct PolicyFlowTests {
    /// The brand that starts a nucypher-core object's header.
    private func brand(_ workspace: Workspace, _ name: String) throws -> String {
        String(decoding: try workspace.read(name).prefix(4), as: UTF8.self)
    }

    private func permissions(_ workspace: Workspace, _ name: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: workspace.url(name).path)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    @Test("2-of-3: Alice grants, Enrico encrypts, Bob asks two Ursulas, and any two responses decrypt")
    func thresholdFlow() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeGrantedPolicy(threshold: 2, ursulas: 3)
        for index in 1...3 {
            try workspace.request(ursula: index).expectSuccess()
            try workspace.reencrypt(ursula: index).expectSuccess()
        }
        #expect(try brand(workspace, "data.mkit") == "MKit")
        #expect(try brand(workspace, "policy/treasure-map.etmap") == "EMap")
        #expect(try brand(workspace, "map.tmap") == "TMap")
        #expect(try brand(workspace, "1.req") == "ReRq")
        #expect(try brand(workspace, "1.resp") == "ReRs")

        for pair in [[1, 2], [3, 1], [2, 3]] {
            try? FileManager.default.removeItem(at: workspace.url("opened.txt"))
            try workspace.bobDecrypt(responses: pair).expectSuccess()
            #expect(try workspace.read("opened.txt") == Workspace.policyPlaintext, "responses \(pair)")
        }
        try workspace.bobDecrypt(responses: [1, 2, 3]).expectSuccess()
        #expect(try workspace.read("opened.txt") == Workspace.policyPlaintext)
    }

    @Test("The grant writes one EncryptedKeyFrag and one RevocationOrder per Ursula, named by her address")
    func grantOutputs() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let addresses = try workspace.makeGrantedPolicy(threshold: 2, ursulas: 3)
        let expected = (addresses.flatMap { ["\($0).ekfrag", "\($0).revocation"] }
            + ["policy.hrac", "treasure-map.etmap"]).sorted()
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.url("policy").path).sorted() == expected)
        #expect(try workspace.read("policy/policy.hrac").count == 16)
        for address in addresses {
            #expect(try brand(workspace, "policy/\(address).ekfrag") == "EKFr")
            #expect(try brand(workspace, "policy/\(address).revocation") == "Revo")
            // The order quotes the Ursula's kFrag as the map holds it (bare, without its header).
            let encryptedKeyFrag = try workspace.read("policy/\(address).ekfrag").dropFirst(8)
            #expect(try workspace.read("policy/\(address).revocation").hex.contains(encryptedKeyFrag.hex))
            #expect(try workspace.read("map.tmap").hex.contains(encryptedKeyFrag.hex))
        }
    }

    @Test("The policy key is 33 bytes, the same every time for a label, and different for another label")
    func policyKey() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makePolicyCharacters(ursulas: 1)
        for (label, out) in [("vitals", "a.pk"), ("vitals", "b.pk"), ("billing", "c.pk")] {
            try workspace.run("alice", "policy-key", "--alice", "alice", "--label", label, "--out", out)
                .expectSuccess()
        }
        #expect(try workspace.read("a.pk").count == 33)
        #expect(try workspace.read("a.pk") == workspace.read("b.pk"))
        #expect(try workspace.read("a.pk") != workspace.read("c.pk"))
    }

    @Test("keygen writes every secret with mode 0600 and the public files readable")
    func keyFileModes() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makePolicyCharacters(ursulas: 1)
        for secret in ["alice/signing.sk", "alice/key-factory.seed", "bob/signing.sk", "bob/encrypting.sk",
                       "u1/signing.sk", "u1/encrypting.sk"] {
            #expect(try permissions(workspace, secret) == 0o600, "\(secret)")
            #expect(try workspace.read(secret).count == 32, "\(secret)")
        }
        for publicFile in ["alice/verifying.pk", "bob/verifying.pk", "bob/encrypting.pk", "u1/verifying.pk",
                           "u1/encrypting.pk"] {
            #expect(try permissions(workspace, publicFile) & 0o044 != 0, "\(publicFile)")
            #expect(try workspace.read(publicFile).count == 33, "\(publicFile)")
        }
        #expect(try permissions(workspace, "alice") == 0o700)
        let address = try workspace.ursulaAddress(1)
        #expect(address.count == 42 && address.hasPrefix("0x"), "\(address)")
    }

    @Test("ursula keygen --address writes the given staking-provider address")
    func ursulaAddressOption() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let address = "0x" + String(repeating: "ab", count: 20)
        try workspace.run("ursula", "keygen", "--out-dir", "u1", "--address", address).expectSuccess()
        #expect(try workspace.ursulaAddress(1).lowercased() == address)
        try workspace.run("ursula", "keygen", "--out-dir", "u2", "--address", "0x1234")
            .expectFailure([ExitStatus.usage], mentioning: ["--address '0x1234'"])
        #expect(!workspace.exists("u2"))
    }

    @Test("Enrico's conditions travel in the kit and in Bob's request")
    func conditionsTravel() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let conditions = #"{"chain":1,"method":"blocktime"}"#
        try workspace.makeGrantedPolicy(threshold: 1, ursulas: 1, conditions: conditions)
        try workspace.makeResponse(ursula: 1)
        #expect(try workspace.read("data.mkit").hex.contains(Array(conditions.utf8).hex))
        #expect(try workspace.read("1.req").hex.contains(Array(conditions.utf8).hex))
        try workspace.bobDecrypt(responses: [1]).expectSuccess()
        #expect(try workspace.read("opened.txt") == Workspace.policyPlaintext)
    }

    @Test("No policy command prints a secret, even given a secret where a public key or object belongs")
    func secretsNeverPrinted() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let addresses = try workspace.makeGrantedPolicy(threshold: 1, ursulas: 1)
        try workspace.makeResponse(ursula: 1)
        let secrets = try ["alice/signing.sk", "alice/key-factory.seed", "bob/signing.sk", "bob/encrypting.sk",
                           "u1/signing.sk", "u1/encrypting.sk"].map { try workspace.read($0) }
        let results = [
            try workspace.run(
                "enrico", "encrypt", "--policy-key", "alice/key-factory.seed", "--plaintext", "plain.txt",
                "--out", "x.mkit"),
            try workspace.openTreasureMap(publisherKey: "alice/signing.sk"),
            try workspace.openTreasureMap(encrypted: "bob/encrypting.sk"),
            try workspace.run(
                "bob", "request", "--bob", "bob", "--treasure-map", "map.tmap", "--message-kit", "u1/signing.sk",
                "--ursula", addresses[0], "--out", "x.req"),
            try workspace.run("ursula", "reencrypt", "--ursula", "u1", "--request", "u1/encrypting.sk", "--out", "x"),
            try workspace.run(
                "bob", "decrypt", "--bob", "bob", "--treasure-map", "map.tmap", "--message-kit", "data.mkit",
                "--ursula", "\(addresses[0])=u1/signing.sk", "--response", "\(addresses[0])=1.resp", "--out", "x"),
            try workspace.run(
                "ursula", "revoke", "--ursula", "u1", "--order", "bob/signing.sk",
                "--publisher-verifying-key", "alice/verifying.pk"),
            try workspace.grant(threshold: 1, addresses: addresses, outDir: "policy2"),
        ]
        for result in results.dropLast() {
            #expect(result.status != 0, "\(result)")
        }
        results.last?.expectSuccess()
        for result in results {
            let printed = (result.stdout + result.stderr).lowercased()
            for secret in secrets {
                #expect(!printed.contains(secret.hex), "\(result)")
                #expect(!printed.contains(secret.prefix(8).hex), "\(result)")
            }
        }
    }

    @Test("No policy command prints anything on success, so no secret can leak to the terminal")
    func silentOnSuccess() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeGrantedPolicy(threshold: 1, ursulas: 1)
        let results = [
            try workspace.request(ursula: 1), try workspace.reencrypt(ursula: 1),
            try workspace.bobDecrypt(responses: [1]),
            try workspace.run("alice", "keygen", "--out-dir", "alice2"),
        ]
        for result in results {
            result.expectSuccess()
            #expect(result.stdout.isEmpty, "\(result)")
        }
    }
}
