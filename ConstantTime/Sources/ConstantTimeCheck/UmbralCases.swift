import UmbralCore

/// One operation run with its secret inputs marked: what is secret in it, and the run itself.
struct CheckCase: Sendable {
    let name: String
    /// What is marked secret, for `--list` and the report.
    let secrets: String
    let run: @Sendable (Fixture) throws(CheckFailure) -> Void
}

/// Runs `body`, turning UmbralCore's and KMSPolicy's errors into check failures.
func checking<T>(_ what: String, _ body: () throws -> T) throws(CheckFailure) -> T {
    do {
        return try body()
    } catch let failure as CheckFailure {
        throw failure
    } catch {
        throw CheckFailure("\(what) threw \(error)")
    }
}

/// UmbralCore's operations on secrets.
enum UmbralCases {
    static let all: [CheckCase] = [
        CheckCase(name: "secret-key", secrets: "secret key bytes", run: secretKey),
        CheckCase(name: "key-derivation", secrets: "SecretKeyFactory seed", run: keyDerivation),
        CheckCase(name: "signing", secrets: "signing key, hedging randomness", run: signing),
        CheckCase(name: "encrypt", secrets: "plaintext, capsule randomness, DEM nonce", run: encrypt),
        CheckCase(name: "decrypt-original", secrets: "Alice's secret key", run: decryptOriginal),
        CheckCase(name: "kfrag-generation", secrets: "Alice's delegating and signing keys, randomness", run: keyFrags),
        CheckCase(name: "reencrypt", secrets: "the kFrag's key share, proof nonce", run: reencrypt),
        CheckCase(name: "decrypt-reencrypted", secrets: "Bob's secret key", run: decryptReencrypted),
        CheckCase(name: "passphrase-seal", secrets: "passphrase, sealed key, salt and nonce", run: passphraseSeal),
    ]

    /// Parsing a secret key, its public key, and writing it back out.
    static func secretKey(_ f: Fixture) throws(CheckFailure) {
        let key = try checking("SecretKey(bigEndianBytes:)") { try SecretKey(bigEndianBytes: Secrets.secret(f.aliceKeyBytes)) }
        try expect(Secrets.declassify(key.publicKey.compressedBytes) == f.alicePublic.compressedBytes, "public key")
        try expect(Secrets.declassify(key.bigEndianBytes) == f.aliceKeyBytes, "key bytes round trip")
        let viaSecretBytes = try checking("SecretKey(secretBytes:)") {
            try SecretKey(secretBytes: SecretBytes(Secrets.secret(f.aliceKeyBytes)))
        }
        try expect(
            Secrets.declassify(viaSecretBytes.publicKey.compressedBytes) == f.alicePublic.compressedBytes,
            "public key through SecretBytes")
    }

    /// A factory's keys, secrets and child factories.
    static func keyDerivation(_ f: Fixture) throws(CheckFailure) {
        let reference = try checking("SecretKeyFactory(seed:)") { try SecretKeyFactory(seed: f.factorySeed) }
        let factory = try checking("SecretKeyFactory(seed:)") { try SecretKeyFactory(seed: Secrets.secret(f.factorySeed)) }
        let key = factory.makeKey(label: f.label)
        try expect(
            Secrets.declassify(key.publicKey.compressedBytes) == reference.makeKey(label: f.label).publicKey.compressedBytes,
            "derived key")
        try expect(Secrets.declassify(factory.makeSecret(label: f.label)) == reference.makeSecret(label: f.label), "derived secret")
        let child = factory.makeFactory(label: f.label).makeKey(label: f.label)
        try expect(
            Secrets.declassify(child.publicKey.compressedBytes)
                == reference.makeFactory(label: f.label).makeKey(label: f.label).publicKey.compressedBytes,
            "child factory's key")
    }

    /// ECDSA signing with hedged RFC 6979 nonces.
    static func signing(_ f: Fixture) throws(CheckFailure) {
        let signer = Signer(try checking("SecretKey") { try SecretKey(bigEndianBytes: Secrets.secret(f.signerKeyBytes)) })
        var rng = SecretRandom(seed: Fixture.Seeds.signing)
        let signature = Secrets.declassify(signer.sign(f.message, using: &rng).bytes)
        let referenceSigner = Signer(try checking("SecretKey") { try SecretKey(bigEndianBytes: f.signerKeyBytes) })
        var referenceRNG = SecretRandom(seed: Fixture.Seeds.signing, marksOutput: false)
        try expect(signature == referenceSigner.sign(f.message, using: &referenceRNG).bytes, "signature bytes")
        let parsed = try checking("Signature(bytes:)") { try Signature(bytes: signature) }
        try expect(parsed.verify(f.message, with: f.signerPublic), "signature verifies")
    }

    /// Encryption for Alice's public key: the capsule's scalars and the data are secret.
    static func encrypt(_ f: Fixture) throws(CheckFailure) {
        var rng = SecretRandom(seed: Fixture.Seeds.encrypt)
        let (capsule, ciphertext) = try checking("Umbral.encrypt") {
            try Umbral.encrypt(Secrets.secret(f.plaintext), for: f.alicePublic, using: &rng)
        }
        try expect(Secrets.declassify(capsule.messagePackBytes) == f.capsuleBytes, "capsule bytes")
        try expect(Secrets.declassify(ciphertext) == f.ciphertext, "ciphertext bytes")
    }

    /// Alice opens her own capsule.
    static func decryptOriginal(_ f: Fixture) throws(CheckFailure) {
        let capsule = try checking("Capsule(messagePackBytes:)") { try Capsule(messagePackBytes: f.capsuleBytes) }
        let key = try checking("SecretKey") { try SecretKey(bigEndianBytes: Secrets.secret(f.aliceKeyBytes)) }
        let plaintext = try checking("Umbral.decryptOriginal") {
            try Umbral.decryptOriginal(f.ciphertext, capsule: capsule, secretKey: key)
        }
        try expect(Secrets.declassify(plaintext) == f.plaintext, "plaintext")
    }

    /// Alice splits her re-encryption key for Bob and signs the kFrags.
    static func keyFrags(_ f: Fixture) throws(CheckFailure) {
        let alice = try checking("SecretKey") { try SecretKey(bigEndianBytes: Secrets.secret(f.aliceKeyBytes)) }
        let signer = Signer(try checking("SecretKey") { try SecretKey(bigEndianBytes: Secrets.secret(f.signerKeyBytes)) })
        var rng = SecretRandom(seed: Fixture.Seeds.keyFrags)
        let keyFrags = try checking("Umbral.generateKeyFrags") {
            try Umbral.generateKeyFrags(
                delegating: alice, receiving: f.bobPublic, signer: signer, threshold: 2, shares: 3, using: &rng)
        }
        try expect(keyFrags.count == 3, "three kFrags")
        for (index, expected) in f.keyFragBytes.enumerated() {
            try expect(Secrets.declassify(keyFrags[index].messagePackBytes) == expected, "kFrag \(index) bytes")
        }
    }

    /// An Ursula verifies her kFrag, whose key share is secret, and re-encrypts the capsule.
    static func reencrypt(_ f: Fixture) throws(CheckFailure) {
        let capsule = try checking("Capsule(messagePackBytes:)") { try Capsule(messagePackBytes: f.capsuleBytes) }
        for (index, bytes) in f.keyFragBytes.enumerated() {
            let marked = try Fixture.keyFragWithSecretShare(bytes)
            let keyFrag = try checking("KeyFrag.verify") {
                try KeyFrag(messagePackBytes: marked).verify(
                    verifyingKey: f.signerPublic, delegatingKey: f.alicePublic, receivingKey: f.bobPublic)
            }
            var rng = SecretRandom(seed: Fixture.Seeds.reencrypt + UInt64(index))
            let capsuleFrag = Umbral.reencrypt(capsule, with: keyFrag, using: &rng)
            try expect(Secrets.declassify(capsuleFrag.messagePackBytes) == f.capsuleFragBytes[index], "cFrag \(index) bytes")
        }
    }

    /// Bob verifies the cFrags and opens the capsule with his secret key.
    static func decryptReencrypted(_ f: Fixture) throws(CheckFailure) {
        let capsule = try checking("Capsule(messagePackBytes:)") { try Capsule(messagePackBytes: f.capsuleBytes) }
        let capsuleFrags = try checking("CapsuleFrag.verify") {
            try f.capsuleFragBytes.map {
                try CapsuleFrag(messagePackBytes: $0).verify(
                    capsule: capsule, verifyingKey: f.signerPublic, delegatingKey: f.alicePublic,
                    receivingKey: f.bobPublic)
            }
        }
        let bob = try checking("SecretKey") { try SecretKey(bigEndianBytes: Secrets.secret(f.bobKeyBytes)) }
        let plaintext = try checking("Umbral.decryptReencrypted") {
            try Umbral.decryptReencrypted(
                f.ciphertext, capsule: capsule, capsuleFrags: capsuleFrags, receivingKey: bob,
                delegatingKey: f.alicePublic)
        }
        try expect(Secrets.declassify(plaintext) == f.plaintext, "plaintext")
    }

    /// A key sealed under a passphrase (scrypt, then XChaCha20-Poly1305), opened with the right
    /// passphrase and refused with a wrong one: the DEM's tag check on a secret key, both ways.
    static func passphraseSeal(_ f: Fixture) throws(CheckFailure) {
        var rng = SecretRandom(seed: Fixture.Seeds.passphraseSeal)
        let associatedData = Array("ursula keys".utf8)
        let sealed = try checking("PassphraseSeal.seal") {
            try PassphraseSeal.seal(
                SecretBytes(Secrets.secret(f.aliceKeyBytes)), passphrase: SecretBytes(Secrets.secret(f.passphrase)),
                parameters: .insecureForTesting, associatedData: associatedData, using: &rng)
        }
        // The sealed bytes are what is written to disk: public.
        let stored = Secrets.declassify(sealed)
        let opened = try checking("PassphraseSeal.open") {
            try PassphraseSeal.open(stored, passphrase: SecretBytes(Secrets.secret(f.passphrase)), associatedData: associatedData)
        }
        let key = try checking("SecretKey(secretBytes:)") { try SecretKey(secretBytes: opened) }
        try expect(Secrets.declassify(key.publicKey.compressedBytes) == f.alicePublic.compressedBytes, "opened key")
        let wrong = Secrets.secret(f.passphrase.map { $0 ^ 1 })
        var refusal: UmbralError?
        do throws(UmbralError) {
            _ = try PassphraseSeal.open(stored, passphrase: SecretBytes(wrong), associatedData: associatedData)
        } catch {
            refusal = error
        }
        try expect(refusal == .incorrectPassphrase, "a wrong passphrase gives incorrectPassphrase, not \(String(describing: refusal))")
    }
}
