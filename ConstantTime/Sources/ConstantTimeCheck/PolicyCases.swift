import KMSPolicy
import UmbralCore

/// KMSPolicy's operations on secrets: Alice's policy keys and message kits, and the sealed kFrag
/// an Ursula opens.
enum PolicyCases {
    static let all: [CheckCase] = [
        CheckCase(name: "policy-message-kit", secrets: "Alice's factory seed, plaintext, randomness", run: messageKit),
        CheckCase(name: "ursula-opens-kfrag", secrets: "Alice's signing key, the kFrag's share, Ursula's key", run: encryptedKeyFrag),
    ]

    /// Enrico encrypts for a policy key derived from Alice's factory; Alice opens the kit.
    static func messageKit(_ f: Fixture) throws(CheckFailure) {
        let factory = try checking("SecretKeyFactory(seed:)") { try SecretKeyFactory(seed: Secrets.secret(f.factorySeed)) }
        // The policy encrypting key is published: declassified before Enrico uses it.
        let policyKeyBytes = Secrets.declassify(factory.makeKey(label: f.label).publicKey.compressedBytes)
        let policyKey = try checking("PublicKey") { try PublicKey(compressedBytes: policyKeyBytes) }
        var rng = SecretRandom(seed: Fixture.Seeds.messageKit)
        let kit = try checking("MessageKit") {
            try MessageKit(policyEncryptingKey: policyKey, plaintext: Secrets.secret(f.plaintext), using: &rng)
        }
        let sent = Secrets.declassify(kit.bytes)
        let received = try checking("MessageKit(bytes:)") { try MessageKit(bytes: sent) }
        let plaintext = try checking("MessageKit.decrypt") { try received.decrypt(secretKey: factory.makeKey(label: f.label)) }
        try expect(Secrets.declassify(plaintext) == f.plaintext, "plaintext")
    }

    /// Alice seals a kFrag for an Ursula; the Ursula opens it with her secret key, checks Alice's
    /// signature and re-encrypts with it.
    static func encryptedKeyFrag(_ f: Fixture) throws(CheckFailure) {
        let signer = Signer(try checking("SecretKey") { try SecretKey(bigEndianBytes: Secrets.secret(f.signerKeyBytes)) })
        let hrac = HRAC(publisherVerifyingKey: f.signerPublic, bobVerifyingKey: f.bobPublic, label: f.label)
        let keyFrag = try checking("KeyFrag") {
            try KeyFrag(messagePackBytes: Fixture.keyFragWithSecretShare(f.keyFragBytes[0])).skipVerification()
        }
        var rng = SecretRandom(seed: Fixture.Seeds.encryptedKeyFrag)
        let sealed = try checking("EncryptedKeyFrag") {
            try EncryptedKeyFrag(signer: signer, recipientKey: f.ursulaPublic, hrac: hrac, keyFrag: keyFrag, using: &rng)
        }
        let sent = Secrets.declassify(sealed.bytes)
        let ursula = try checking("SecretKey") { try SecretKey(bigEndianBytes: Secrets.secret(f.ursulaKeyBytes)) }
        let received = try checking("EncryptedKeyFrag(bytes:)") { try EncryptedKeyFrag(bytes: sent) }
        // EncryptedKeyFrag.decrypt(secretKey:hrac:publisherVerifyingKey:) in its two steps: the
        // Umbral decryption with Ursula's secret key, then the parse and signature check of the
        // authenticated plaintext. memcheck taints every byte a secret key decrypts, but only the
        // key share in it is secret: the rest is the format's framing, Alice's signature and the
        // kFrag's public fields. The check declassifies those before the parse, as it does for any
        // object that crosses the wire.
        let plaintext = try checking("Umbral.decryptOriginal") {
            try Umbral.decryptOriginal(received.ciphertext, capsule: received.capsule, secretKey: ursula)
        }
        let authorized = try Fixture.authorizedKeyFragWithSecretShare(plaintext)
        let opened = try checking("AuthorizedKeyFrag.verify") {
            try AuthorizedKeyFrag(bytes: authorized).verify(hrac: hrac, publisherVerifyingKey: f.signerPublic)
        }
        let capsule = try checking("Capsule(messagePackBytes:)") { try Capsule(messagePackBytes: f.capsuleBytes) }
        var reencryptRNG = SecretRandom(seed: Fixture.Seeds.reencrypt)
        let capsuleFrag = Umbral.reencrypt(capsule, with: opened, using: &reencryptRNG)
        try expect(Secrets.declassify(capsuleFrag.messagePackBytes) == f.capsuleFragBytes[0], "cFrag from the opened kFrag")
    }
}
