import Foundation
import Testing

/// Revocation on files: Alice's grant wrote a signed order per Ursula; `ursula revoke` accepts
/// only a genuine one addressed to her, and `ursula reencrypt` then refuses that kFrag.
@Suite("kms ursula revoke: revocation on files")
struct PolicyRevocationTests {
    private func revoke(
        _ workspace: Workspace, ursula index: Int, order: String, publisherKey: String = "alice/verifying.pk"
    ) throws -> RunResult {
        try workspace.run(
            "ursula", "revoke", "--ursula", "u\(index)", "--order", order, "--publisher-verifying-key", publisherKey)
    }

    @Test("After Alice's order an Ursula refuses the kFrag; the other Ursula still serves, and Bob still decrypts 1-of-2")
    func revokedKeyFragRefused() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let addresses = try workspace.makeGrantedPolicy(threshold: 1, ursulas: 2)
        for index in 1...2 { try workspace.requireSuccess(workspace.request(ursula: index)) }
        try workspace.reencrypt(ursula: 1).expectSuccess()
        try FileManager.default.removeItem(at: workspace.url("1.resp"))

        try revoke(workspace, ursula: 1, order: "policy/\(addresses[0]).revocation").expectSuccess()
        try workspace.reencrypt(ursula: 1)
            .expectFailure([ExitStatus.verificationFailed], mentioning: ["--request '1.req'", "revoked"])
        #expect(!workspace.exists("1.resp"))

        try workspace.reencrypt(ursula: 2).expectSuccess()
        try workspace.bobDecrypt(responses: [2]).expectSuccess()
        #expect(try workspace.read("opened.txt") == Workspace.policyPlaintext)
    }

    @Test("An order addressed to another Ursula is refused, naming both, and revokes nothing")
    func misaddressedOrder() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let addresses = try workspace.makeGrantedPolicy(threshold: 1, ursulas: 2)
        try revoke(workspace, ursula: 1, order: "policy/\(addresses[1]).revocation").expectFailure(
            [ExitStatus.verificationFailed],
            mentioning: ["--order 'policy/\(addresses[1]).revocation'", addresses[1], addresses[0]])
        try workspace.makeResponse(ursula: 1)
    }

    @Test("An order checked with another publisher key, or tampered, is refused and revokes nothing",
          arguments: ["bob/verifying.pk", "tampered"])
    func forgedOrder(variant: String) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let addresses = try workspace.makeGrantedPolicy(threshold: 1, ursulas: 1)
        let order = "policy/\(addresses[0]).revocation"
        var publisherKey = "alice/verifying.pk"
        if variant == "tampered" {
            try workspace.tamper(order, at: -1)
        } else {
            publisherKey = variant
        }
        try revoke(workspace, ursula: 1, order: order, publisherKey: publisherKey)
            .expectFailure([ExitStatus.verificationFailed, ExitStatus.invalidInput], mentioning: ["--order '\(order)'"])
        try workspace.makeResponse(ursula: 1)
    }

    @Test("A revocation binds only the kFrag it names: a second policy at the same Ursula is still served")
    func revocationIsPerKeyFrag() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let addresses = try workspace.makeGrantedPolicy(threshold: 1, ursulas: 1)
        try workspace.requireSuccess(workspace.grant(threshold: 1, addresses: addresses, outDir: "policy2"))
        try revoke(workspace, ursula: 1, order: "policy2/\(addresses[0]).revocation").expectSuccess()
        try workspace.makeResponse(ursula: 1)
        try workspace.bobDecrypt(responses: [1]).expectSuccess()
    }
}
