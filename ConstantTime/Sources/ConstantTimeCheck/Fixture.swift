import KMSPolicy
import UmbralCore

/// Everything the checked operations take as public input, and the outputs they must reproduce,
/// computed once with nothing marked secret. Each case then re-runs one operation with its secret
/// inputs marked and compares what comes out (declassified) with these.
struct Fixture {
    let aliceKeyBytes = Fixture.keyBytes(0x11)
    let bobKeyBytes = Fixture.keyBytes(0x22)
    let signerKeyBytes = Fixture.keyBytes(0x33)
    let ursulaKeyBytes = Fixture.keyBytes(0x44)
    let factorySeed = (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 29 &+ 0x55) }
    let passphrase = Array("correct horse battery staple".utf8)
    let label = Array("constant-time".utf8)
    let message = Array("a message Alice signs".utf8)
    let plaintext = Array("the data only Alice and Bob may read".utf8)

    let alicePublic: PublicKey
    let bobPublic: PublicKey
    let signerPublic: PublicKey
    let ursulaPublic: PublicKey

    /// Capsule and ciphertext from `Umbral.encrypt` with `SecretRandom(seed: Seeds.encrypt)`.
    let capsuleBytes: [UInt8]
    let ciphertext: [UInt8]
    /// Two of three kFrags (threshold 2) from `SecretRandom(seed: Seeds.keyFrags)`.
    let keyFragBytes: [[UInt8]]
    /// One cFrag per kFrag, from `SecretRandom(seed: Seeds.reencrypt + index)`.
    let capsuleFragBytes: [[UInt8]]

    /// The seeds of the cases' secret random generators.
    enum Seeds {
        static let signing: UInt64 = 1
        static let encrypt: UInt64 = 2
        static let keyFrags: UInt64 = 3
        static let reencrypt: UInt64 = 10
        static let passphraseSeal: UInt64 = 20
        static let messageKit: UInt64 = 30
        static let encryptedKeyFrag: UInt64 = 40
    }

    init() throws(CheckFailure) {
        do {
            let alice = try SecretKey(bigEndianBytes: aliceKeyBytes)
            alicePublic = alice.publicKey
            bobPublic = try SecretKey(bigEndianBytes: bobKeyBytes).publicKey
            let signer = Signer(try SecretKey(bigEndianBytes: signerKeyBytes))
            signerPublic = signer.verifyingKey
            ursulaPublic = try SecretKey(bigEndianBytes: ursulaKeyBytes).publicKey

            var rng = SecretRandom(seed: Seeds.encrypt, marksOutput: false)
            let (capsule, ciphertext) = try Umbral.encrypt(plaintext, for: alicePublic, using: &rng)
            capsuleBytes = capsule.messagePackBytes
            self.ciphertext = ciphertext

            rng = SecretRandom(seed: Seeds.keyFrags, marksOutput: false)
            let keyFrags = try Umbral.generateKeyFrags(
                delegating: alice, receiving: bobPublic, signer: signer, threshold: 2, shares: 3, using: &rng)
            keyFragBytes = keyFrags.prefix(2).map(\.messagePackBytes)
            capsuleFragBytes = keyFrags.prefix(2).enumerated().map { index, keyFrag in
                var rng = SecretRandom(seed: Seeds.reencrypt + UInt64(index), marksOutput: false)
                return Umbral.reencrypt(capsule, with: keyFrag, using: &rng).messagePackBytes
            }
        } catch {
            throw CheckFailure("building the fixture failed: \(error)")
        }
    }

    /// 32 bytes below the group order, different for each `tag`.
    private static func keyBytes(_ tag: UInt8) -> [UInt8] {
        (0..<32).map { index in UInt8(truncatingIfNeeded: Int(tag) &* (index &+ 3) &+ index) & 0x7f }
    }

    /// Where a serialized kFrag keeps its 32-byte key share: after the array headers (2 bytes),
    /// U (2 + 33) and the id (2 + 32), and its own `bin 8` header (2). Checked against the bytes.
    static let keyShareRange = 73..<105

    /// `bytes` with the key share marked secret and everything else public, as an Ursula holds it.
    static func keyFragWithSecretShare(_ bytes: [UInt8]) throws(CheckFailure) -> [UInt8] {
        guard bytes.count == 310, bytes[71] == 0xc4, bytes[72] == 0x20 else {
            throw CheckFailure("the kFrag layout changed: the key share is no longer at \(keyShareRange)")
        }
        return Secrets.secret(bytes, in: keyShareRange)
    }

    /// Where a serialized AuthorizedKeyFrag (385 bytes) keeps the kFrag's key share: after the
    /// 8-byte header, the body's array header (1) and the signature (2 + 64), inside the kFrag.
    static let authorizedKeyShareRange = (75 + keyShareRange.lowerBound)..<(75 + keyShareRange.upperBound)

    /// An AuthorizedKeyFrag's bytes with the key share secret and the rest public.
    static func authorizedKeyFragWithSecretShare(_ bytes: [UInt8]) throws(CheckFailure) -> [UInt8] {
        let kFragStart = 75
        guard bytes.count == 385 else {
            throw CheckFailure("the AuthorizedKeyFrag layout changed: \(bytes.count) bytes, not 385")
        }
        // Check the layout on a public copy, then mark the share in it.
        _ = try keyFragWithSecretShare(Secrets.declassify(Secrets.freshCopy(Array(bytes[kFragStart...]))))
        return Secrets.secret(bytes, in: authorizedKeyShareRange)
    }
}

/// A check that did not hold: an operation run on marked secrets gave a different answer than on
/// unmarked ones, or failed.
struct CheckFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Fails with `what` unless `condition`, which must already be computed on public (declassified) data.
func expect(_ condition: Bool, _ what: @autoclosure () -> String) throws(CheckFailure) {
    guard condition else { throw CheckFailure(what()) }
}
