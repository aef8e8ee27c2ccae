import Foundation
import Testing

/// The steps of the policy story as `kms` runs them on files, each required to succeed.
///
/// Key directories: `alice/`, `bob/`, and one per Ursula, `u1/` … `u3/` (each with an `address`
/// file). Label `vitals`; `policy.pk` (the policy key), `plain.txt` → `data.mkit` (Enrico's kit),
/// `policy/` (Alice's grant), `map.tmap` (the treasure map Bob opened), then per Ursula N
/// `N.req` (Bob's request) and `N.resp` (her response).
extension Workspace {
    static let policyLabel = "vitals"
    static let policyPlaintext = Array("Heart rate 61, from Enrico to Bob through two Ursulas.\n".utf8)

    /// Keys for Alice, Bob and `ursulas` Ursulas; returns the Ursulas' addresses, u1 first.
    @discardableResult
    func makePolicyCharacters(ursulas: Int = 3) throws -> [String] {
        try requireSuccess(run("alice", "keygen", "--out-dir", "alice"))
        try requireSuccess(run("bob", "keygen", "--out-dir", "bob"))
        var addresses: [String] = []
        for index in 1...ursulas {
            try requireSuccess(run("ursula", "keygen", "--out-dir", "u\(index)"))
            addresses.append(try ursulaAddress(index))
        }
        return addresses
    }

    /// The address `ursula keygen` wrote for Ursula `index`, without its newline.
    func ursulaAddress(_ index: Int) throws -> String {
        let text = String(decoding: try read("u\(index)/address"), as: UTF8.self)
        return String(text.dropLast())
    }

    /// The characters, Enrico's kit for the policy key, Alice's grant over all the Ursulas, and
    /// the treasure map Bob opened; returns the Ursulas' addresses.
    @discardableResult
    func makeGrantedPolicy(threshold: Int = 2, ursulas: Int = 3, conditions: String? = nil) throws -> [String] {
        let addresses = try makePolicyCharacters(ursulas: ursulas)
        try requireSuccess(run(
            "alice", "policy-key", "--alice", "alice", "--label", Self.policyLabel, "--out", "policy.pk"))
        try write("plain.txt", Self.policyPlaintext)
        try requireSuccess(run(
            ["enrico", "encrypt", "--policy-key", "policy.pk", "--plaintext", "plain.txt", "--out", "data.mkit"]
                + (conditions.map { ["--conditions", $0] } ?? [])))
        try requireSuccess(grant(threshold: threshold, addresses: addresses))
        try requireSuccess(openTreasureMap())
        return addresses
    }

    func grant(threshold: Int, addresses: [String], outDir: String = "policy") throws -> RunResult {
        try run(
            ["alice", "grant", "--alice", "alice", "--label", Self.policyLabel,
             "--bob-encrypting-key", "bob/encrypting.pk", "--bob-verifying-key", "bob/verifying.pk",
             "--threshold", "\(threshold)", "--out-dir", outDir]
                + addresses.enumerated().flatMap { ["--ursula", "\($1)=u\($0 + 1)/encrypting.pk"] })
    }

    func openTreasureMap(
        publisherKey: String = "alice/verifying.pk", encrypted: String = "policy/treasure-map.etmap",
        label: String? = Workspace.policyLabel
    ) throws -> RunResult {
        try run(
            ["bob", "treasure-map", "--bob", "bob", "--encrypted-treasure-map", encrypted,
             "--publisher-verifying-key", publisherKey, "--out", "map.tmap"]
                + (label.map { ["--label", $0] } ?? []))
    }

    func request(ursula index: Int) throws -> RunResult {
        try run(
            "bob", "request", "--bob", "bob", "--treasure-map", "map.tmap", "--message-kit", "data.mkit",
            "--ursula", ursulaAddress(index), "--out", "\(index).req")
    }

    func reencrypt(ursula index: Int, request: String? = nil) throws -> RunResult {
        try run(
            "ursula", "reencrypt", "--ursula", "u\(index)", "--request", request ?? "\(index).req",
            "--out", "\(index).resp")
    }

    /// Bob's request to Ursula `index` and her response, both required to succeed.
    func makeResponse(ursula index: Int) throws {
        try requireSuccess(request(ursula: index))
        try requireSuccess(reencrypt(ursula: index))
    }

    /// `bob decrypt` with the responses of the Ursulas in `responses` and the verifying keys of
    /// those in `verifyingKeys` (by default, the same ones).
    func bobDecrypt(responses: [Int], verifyingKeys: [Int]? = nil) throws -> RunResult {
        var arguments = [
            "bob", "decrypt", "--bob", "bob", "--treasure-map", "map.tmap", "--message-kit", "data.mkit",
            "--out", "opened.txt",
        ]
        for index in verifyingKeys ?? responses {
            arguments += ["--ursula", "\(try ursulaAddress(index))=u\(index)/verifying.pk"]
        }
        for index in responses {
            arguments += ["--response", "\(try ursulaAddress(index))=\(index).resp"]
        }
        return try run(arguments)
    }

    /// Fails the test, showing the run, unless it succeeded.
    func requireSuccess(_ result: RunResult) throws {
        try #require(result.status == 0, "setup step failed: \(result)")
    }
}
