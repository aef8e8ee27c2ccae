import Foundation
import Testing

/// What Bob, Alice and the Ursulas refuse: too few responses, tampered or foreign objects, and
/// command lines that do not fit the policy. Every failure is one `error:` line naming the
/// option, the file and, for a response, the Ursula.
@Suite("kms alice, bob, enrico, ursula: refusals")
struct PolicyFailureTests {
    @Test("Bob with one response of a 2-of-3 policy fails and writes nothing")
    func oneResponseIsNotEnough() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeGrantedPolicy(threshold: 2, ursulas: 3)
        try workspace.makeResponse(ursula: 2)
        try workspace.bobDecrypt(responses: [2])
            .expectFailure([ExitStatus.usage], mentioning: ["--response: 1 given", "--treasure-map 'map.tmap' needs 2"])
        #expect(!workspace.exists("opened.txt"))
    }

    @Test("A tampered response is named by its Ursula and file, even when the others reach the threshold",
          arguments: [-1, -40])
    func tamperedResponseNamed(offset: Int) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let addresses = try workspace.makeGrantedPolicy(threshold: 2, ursulas: 3)
        for index in 1...3 { try workspace.makeResponse(ursula: index) }
        try workspace.tamper("2.resp", at: offset)
        try workspace.bobDecrypt(responses: [1, 2, 3]).expectFailure(
            [ExitStatus.verificationFailed, ExitStatus.invalidInput],
            mentioning: ["Ursula \(addresses[1])", "--response '2.resp'"])
        #expect(!workspace.exists("opened.txt"))
    }

    @Test("A response checked with another Ursula's verifying key is refused, naming the Ursula")
    func responseFromAnotherUrsula() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let addresses = try workspace.makeGrantedPolicy(threshold: 2, ursulas: 3)
        for index in 1...2 { try workspace.makeResponse(ursula: index) }
        // Ursula 1's response, presented as Ursula 2's: the signature is not hers.
        try FileManager.default.removeItem(at: workspace.url("2.resp"))
        try FileManager.default.copyItem(at: workspace.url("1.resp"), to: workspace.url("2.resp"))
        try workspace.bobDecrypt(responses: [1, 2]).expectFailure(
            [ExitStatus.verificationFailed], mentioning: ["Ursula \(addresses[1])", "--response '2.resp'", "signature"])
    }

    @Test("A response for another message kit is refused: its signature does not cover Bob's capsule")
    func responseForAnotherKit() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeGrantedPolicy(threshold: 1, ursulas: 1)
        try workspace.makeResponse(ursula: 1)
        try workspace.requireSuccess(workspace.run(
            "enrico", "encrypt", "--policy-key", "policy.pk", "--plaintext", "plain.txt", "--out", "data.mkit"))
        try workspace.bobDecrypt(responses: [1])
            .expectFailure([ExitStatus.verificationFailed], mentioning: ["--response '1.resp'"])
    }

    @Test("Bob refuses a response from an address the treasure map does not name, or without her key")
    func unknownUrsula() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeGrantedPolicy(threshold: 1, ursulas: 1)
        try workspace.makeResponse(ursula: 1)
        let stranger = "0x" + String(repeating: "11", count: 20)
        try workspace.run(
            "bob", "decrypt", "--bob", "bob", "--treasure-map", "map.tmap", "--message-kit", "data.mkit",
            "--ursula", "\(stranger)=u1/verifying.pk", "--response", "\(stranger)=1.resp", "--out", "opened.txt"
        ).expectFailure([ExitStatus.usage], mentioning: [stranger, "not an Ursula of --treasure-map 'map.tmap'"])
        try workspace.bobDecrypt(responses: [1], verifyingKeys: [])
            .expectFailure([ExitStatus.usage], mentioning: ["--response '1.resp'", "no --ursula"])
        try workspace.run(
            "bob", "request", "--bob", "bob", "--treasure-map", "map.tmap", "--message-kit", "data.mkit",
            "--ursula", stranger, "--out", "x.req"
        ).expectFailure([ExitStatus.usage], mentioning: ["--ursula '\(stranger)'", "not an Ursula"])
        #expect(!workspace.exists("x.req"))
    }

    @Test("A tampered encrypted treasure map is rejected and no map is written", arguments: [-1, -100, 30, 100])
    func tamperedTreasureMap(offset: Int) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let addresses = try workspace.makePolicyCharacters(ursulas: 2)
        try workspace.requireSuccess(workspace.grant(threshold: 1, addresses: addresses))
        try workspace.tamper("policy/treasure-map.etmap", at: offset)
        try workspace.openTreasureMap().expectFailure(
            [ExitStatus.verificationFailed, ExitStatus.invalidInput],
            mentioning: ["--encrypted-treasure-map 'policy/treasure-map.etmap'"])
        #expect(!workspace.exists("map.tmap"))
    }

    @Test("A treasure map checked with the wrong publisher key, or for another label, is rejected")
    func wrongPublisherOrLabel() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let addresses = try workspace.makePolicyCharacters(ursulas: 2)
        try workspace.requireSuccess(workspace.grant(threshold: 1, addresses: addresses))
        try workspace.requireSuccess(workspace.run("alice", "keygen", "--out-dir", "mallory"))

        for key in ["mallory/verifying.pk", "bob/verifying.pk", "u1/verifying.pk"] {
            try workspace.openTreasureMap(publisherKey: key).expectFailure(
                [ExitStatus.verificationFailed], mentioning: ["--encrypted-treasure-map 'policy/treasure-map.etmap'"])
        }
        try workspace.openTreasureMap(label: "billing").expectFailure(
            [ExitStatus.verificationFailed], mentioning: ["--encrypted-treasure-map", "policy"])
        #expect(!workspace.exists("map.tmap"))
        try workspace.openTreasureMap(label: nil).expectSuccess()
    }

    @Test("A map for another Bob does not open with this Bob's keys")
    func mapForAnotherBob() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let addresses = try workspace.makePolicyCharacters(ursulas: 1)
        try workspace.requireSuccess(workspace.grant(threshold: 1, addresses: addresses))
        try FileManager.default.removeItem(at: workspace.url("bob"))
        try workspace.requireSuccess(workspace.run("bob", "keygen", "--out-dir", "bob"))
        try workspace.openTreasureMap().expectFailure(
            [ExitStatus.verificationFailed], mentioning: ["--encrypted-treasure-map 'policy/treasure-map.etmap'"])
    }

    @Test("An Ursula refuses a request carrying another Ursula's kFrag, and a tampered request")
    func ursulaRefuses() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeGrantedPolicy(threshold: 1, ursulas: 2)
        try workspace.requireSuccess(workspace.request(ursula: 1))
        try workspace.reencrypt(ursula: 2, request: "1.req")
            .expectFailure([ExitStatus.verificationFailed], mentioning: ["--request '1.req'", "not sealed to this Ursula"])
        #expect(!workspace.exists("2.resp"))

        try workspace.tamper("1.req", at: -70)
        try workspace.reencrypt(ursula: 1).expectFailure(
            [ExitStatus.verificationFailed, ExitStatus.invalidInput], mentioning: ["--request '1.req'"])
        #expect(!workspace.exists("1.resp"))
    }

    @Test("An Ursula refuses a kFrag presented under another publisher key: Alice's signature does not check")
    func ursulaChecksPublisher() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeGrantedPolicy(threshold: 1, ursulas: 1)
        try workspace.requireSuccess(workspace.request(ursula: 1))
        // Replace the publisher verifying key in the request with Bob's (same length, same place).
        var request = try workspace.read("1.req")
        let alice = try workspace.read("alice/verifying.pk")
        let bob = try workspace.read("bob/verifying.pk")
        let start = try #require(
            (0...(request.count - 33)).first { Array(request[$0..<($0 + 33)]) == alice }, "no publisher key in the request")
        request.replaceSubrange(start..<(start + 33), with: bob)
        try workspace.write("1.req", request)
        try workspace.reencrypt(ursula: 1).expectFailure([ExitStatus.verificationFailed], mentioning: ["--request '1.req'"])
    }

    @Test("grant refuses an Ursula twice, a bad address, a threshold above the Ursulas, no Ursula, and a mix of file and network options")
    func grantCommandLine() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let addresses = try workspace.makePolicyCharacters(ursulas: 2)
        try workspace.grant(threshold: 1, addresses: [addresses[0], addresses[0]])
            .expectFailure([ExitStatus.usage], mentioning: ["--ursula", addresses[0], "more than once"])
        try workspace.grant(threshold: 3, addresses: addresses)
            .expectFailure([ExitStatus.usage], mentioning: ["--threshold"])
        try workspace.grant(threshold: 0, addresses: addresses)
            .expectFailure([ExitStatus.usage], mentioning: ["--threshold"])
        try workspace.grant(threshold: 1, addresses: [])
            .expectFailure([ExitStatus.usage], mentioning: ["--ursula"])
        try workspace.run(
            "alice", "grant", "--alice", "alice", "--label", "x", "--bob-encrypting-key", "bob/encrypting.pk",
            "--bob-verifying-key", "bob/verifying.pk", "--threshold", "1", "--ursula", "u1/encrypting.pk",
            "--out-dir", "policy"
        ).expectFailure([ExitStatus.usage], mentioning: ["--ursula 'u1/encrypting.pk'", "ADDRESS=FILE"])
        try workspace.run(
            "alice", "grant", "--alice", "alice", "--label", "x", "--bob-encrypting-key", "bob/encrypting.pk",
            "--bob-verifying-key", "bob/verifying.pk", "--threshold", "1", "--ursula", "0xabc=u1/encrypting.pk",
            "--out-dir", "policy"
        ).expectFailure([ExitStatus.usage], mentioning: ["--ursula '0xabc=u1/encrypting.pk'"])

        // One mode at a time: files (--ursula) or the network (--bootstrap, --ledger, ...).
        let common = ["alice", "grant", "--alice", "alice", "--label", "x", "--bob-encrypting-key", "bob/encrypting.pk",
                      "--bob-verifying-key", "bob/verifying.pk", "--threshold", "1", "--out-dir", "policy"]
        let network = ["--bootstrap", "127.0.0.1:9", "--ledger", "ledger", "--network-ursula", addresses[0]]
        try workspace.run(common + ["--ursula", "\(addresses[0])=u1/encrypting.pk"] + network)
            .expectFailure([ExitStatus.usage], mentioning: ["drop --ursula"])
        try workspace.run(common + ["--ursula", "\(addresses[0])=u1/encrypting.pk", "--shares", "1"])
            .expectFailure([ExitStatus.usage], mentioning: ["--shares"])
        try workspace.run(common + network)
            .expectFailure([ExitStatus.usage], mentioning: ["--shares is required"])
        try workspace.run(common + ["--shares", "1", "--bootstrap", "127.0.0.1:9", "--network-ursula", addresses[0]])
            .expectFailure([ExitStatus.usage], mentioning: ["--ledger is required"])
        try workspace.run(common + network + ["--shares", "1", "--hours", "0"])
            .expectFailure([ExitStatus.usage], mentioning: ["--hours"])
        #expect(!workspace.exists("policy"))
        #expect(!workspace.exists("ledger"))
    }

    @Test("Missing and malformed key files are named with their option: exit 4 and 3")
    func keyFileErrors() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let addresses = try workspace.makePolicyCharacters(ursulas: 1)
        try workspace.run("alice", "policy-key", "--alice", "nobody", "--label", "x", "--out", "p.pk")
            .expectFailure([ExitStatus.io], mentioning: ["--alice 'nobody/signing.sk'"])
        try FileManager.default.removeItem(at: workspace.url("alice/key-factory.seed"))
        try workspace.write("alice/key-factory.seed", Array(repeating: 7, count: 31))
        try workspace.run("alice", "policy-key", "--alice", "alice", "--label", "x", "--out", "p.pk")
            .expectFailure([ExitStatus.invalidInput], mentioning: ["--alice 'alice/key-factory.seed'"])
        #expect(!workspace.exists("p.pk"))

        // Ursula's secret key where her public encrypting key belongs.
        try workspace.run(
            "alice", "grant", "--alice", "bob", "--label", "x", "--bob-encrypting-key", "bob/encrypting.pk",
            "--bob-verifying-key", "bob/verifying.pk", "--threshold", "1",
            "--ursula", "\(addresses[0])=u1/encrypting.sk", "--out-dir", "policy"
        ).expectFailure([ExitStatus.io], mentioning: ["--alice 'bob/key-factory.seed'"])

        try workspace.write("plain.txt", Workspace.policyPlaintext)
        try workspace.run(
            "enrico", "encrypt", "--policy-key", "bob/encrypting.sk", "--plaintext", "plain.txt", "--out", "k.mkit"
        ).expectFailure([ExitStatus.invalidInput], mentioning: ["--policy-key 'bob/encrypting.sk'"])
        try workspace.run(
            "bob", "request", "--bob", "bob", "--treasure-map", "plain.txt", "--message-kit", "plain.txt",
            "--ursula", addresses[0], "--out", "x.req"
        ).expectFailure([ExitStatus.invalidInput], mentioning: ["--treasure-map 'plain.txt'"])
        try workspace.run("ursula", "reencrypt", "--ursula", "u1", "--request", "u1/address", "--out", "x.resp")
            .expectFailure([ExitStatus.invalidInput], mentioning: ["--request 'u1/address'"])
    }
}
