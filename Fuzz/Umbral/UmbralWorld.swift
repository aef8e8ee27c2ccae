import FuzzSupport
import UmbralCore

/// Keys and objects made once, from a fixed seed, for the cases that need a context: a fuzzed
/// kFrag is verified against these keys, a fuzzed cFrag against this capsule, a fuzzed
/// ciphertext decrypted with this capsule and key. Their valid encodings are also seeds, so the
/// fuzzer starts from inputs that pass every check.
struct UmbralWorld: Sendable {
    let delegating: SecretKey
    let receiving: SecretKey
    let signer: Signer
    let capsule: Capsule
    let ciphertext: [UInt8]
    let keyFrag: VerifiedKeyFrag
    let capsuleFrag: VerifiedCapsuleFrag
    let evidence: ReencryptionEvidence
    let seal: [UInt8]
    static let passphrase = SecretBytes(Array("fuzz passphrase".utf8))

    static let shared = UmbralWorld()

    private init() {
        var rng = FuzzRNG(seed: 0x5EED_0001)
        delegating = SecretKey.random(using: &rng)
        receiving = SecretKey.random(using: &rng)
        signer = Signer(SecretKey.random(using: &rng))
        do {
            let encrypted = try Umbral.encrypt(Array("fuzzing plaintext".utf8), for: delegating.publicKey, using: &rng)
            capsule = encrypted.capsule
            ciphertext = encrypted.ciphertext
            let keyFrags = try Umbral.generateKeyFrags(
                delegating: delegating, receiving: receiving.publicKey, signer: signer, threshold: 1, shares: 1,
                using: &rng)
            keyFrag = keyFrags[0]
            capsuleFrag = Umbral.reencrypt(capsule, with: keyFrag, using: &rng)
            evidence = try ReencryptionEvidence(
                capsule: capsule, capsuleFrag: capsuleFrag, verifyingKey: signer.verifyingKey,
                delegatingKey: delegating.publicKey, receivingKey: receiving.publicKey)
            seal = try PassphraseSeal.seal(
                SecretBytes(delegating.bigEndianBytes), passphrase: Self.passphrase,
                parameters: ScryptParameters(logN: 1, r: 1, p: 1), associatedData: [], using: &rng)
        } catch {
            fatalError("the fuzz world could not be built: \(error)")
        }
    }
}
