import ArgumentParser
import UmbralCore

#if canImport(Glibc)
import Glibc
#endif

/// Alice shares a secret with Bob through three Ursulas, none of whom can read it.
@main
struct UmbralDemo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "umbral-demo",
        abstract: "Alice encrypts, grants Bob an m-of-n policy, Ursulas re-encrypt, Bob decrypts.",
        discussion: """
            Every step runs the real Umbral scheme (byte-compatible with umbral-pre 0.11) \
            in this process and prints how long it took.
            """)

    @Option(help: "How many cFrags Bob needs.")
    var threshold = 2

    @Option(help: "How many Ursulas receive a kFrag.")
    var shares = 3

    @Option(help: "The message Alice shares.")
    var message = "Attack at dawn, and bring the good biscuits."

    func validate() throws {
        guard threshold >= 1, shares >= threshold, shares <= 255 else {
            throw ValidationError("need 1 ≤ threshold ≤ shares ≤ 255")
        }
    }

    func run() throws {
        print("SwiftKMS Umbral demo: \(threshold)-of-\(shares) proxy re-encryption\n")

        let alice = step("Alice makes her keys (delegating and signing)") {
            (secret: SecretKey.random(), signer: Signer(SecretKey.random()))
        }
        let bob = step("Bob makes his key") { SecretKey.random() }

        let (capsule, ciphertext) = try step("Alice encrypts \(message.utf8.count) bytes under her own key") {
            try Umbral.encrypt(Array(message.utf8), for: alice.secret.publicKey)
        }
        let original = try step("Alice can always decrypt her own data") {
            try Umbral.decryptOriginal(ciphertext, capsule: capsule, secretKey: alice.secret)
        }
        precondition(original == Array(message.utf8))

        let kfrags = try step("Alice grants Bob access: \(shares) kFrags, any \(threshold) suffice") {
            try Umbral.generateKeyFrags(
                delegating: alice.secret, receiving: bob.publicKey, signer: alice.signer,
                threshold: threshold, shares: shares)
        }

        var cfrags = [VerifiedCapsuleFrag]()
        for (index, kfrag) in kfrags.enumerated() {
            // Each Ursula receives her kFrag over the wire and checks it before use.
            let received = try KeyFrag(messagePackBytes: kfrag.messagePackBytes)
            let cfrag = try step("Ursula \(index + 1) verifies her kFrag and re-encrypts the capsule") {
                let verified = try received.verify(
                    verifyingKey: alice.signer.verifyingKey, delegatingKey: alice.secret.publicKey,
                    receivingKey: bob.publicKey)
                return Umbral.reencrypt(capsule, with: verified)
            }
            cfrags.append(cfrag)
        }

        let verified = try step("Bob verifies \(threshold) cFrags' proofs of re-encryption") {
            try cfrags.prefix(threshold).map { cfrag in
                try CapsuleFrag(messagePackBytes: cfrag.messagePackBytes).verify(
                    capsule: capsule, verifyingKey: alice.signer.verifyingKey,
                    delegatingKey: alice.secret.publicKey, receivingKey: bob.publicKey)
            }
        }
        let plaintext = try step("Bob decrypts with \(threshold) cFrags") {
            try Umbral.decryptReencrypted(
                ciphertext, capsule: capsule, capsuleFrags: verified, receivingKey: bob,
                delegatingKey: alice.secret.publicKey)
        }
        print("\nBob reads: \"\(String(decoding: plaintext, as: UTF8.self))\"")

        if threshold > 1 {
            do {
                _ = try Umbral.decryptReencrypted(
                    ciphertext, capsule: capsule, capsuleFrags: Array(verified.prefix(threshold - 1)),
                    receivingKey: bob, delegatingKey: alice.secret.publicKey)
                print("Unexpected: \(threshold - 1) cFrags were enough")
                throw ExitCode.failure
            } catch let error as UmbralError {
                print("With only \(threshold - 1) cFrag(s), Bob cannot: \(error)")
            }
        }
    }

    /// Runs one step of the story and prints its wall-clock time.
    private func step<T>(_ title: String, _ body: () throws -> T) rethrows -> T {
        let clock = ContinuousClock()
        var result: T?
        let elapsed = try clock.measure { result = try body() }
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3
        let label = "  \(title) "
        let dots = String(repeating: ".", count: max(2, 72 - label.count))
        print(label + dots, formatMilliseconds(milliseconds))
        return result!
    }

    private func formatMilliseconds(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let text = "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100) ms"
        return text.leftPadded(to: 10)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
