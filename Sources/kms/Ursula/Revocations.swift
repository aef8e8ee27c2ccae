import KMSPolicy
import UmbralCore

/// The kFrags Alice revoked at a file-based Ursula: one file per revoked kFrag in her key
/// directory's `revoked/`, holding the verified order, named by Keccak-256 of the publisher key
/// and the kFrag so that `reencrypt` finds it without reading any order.
struct Revocations {
    let directory: KeyDirectory

    init(ursula: KeyDirectory) {
        directory = KeyDirectory(ursula.option, ursula.file("revoked").path)
    }

    /// The file that records the revocation of `encryptedKeyFrag` by `publisherVerifyingKey`.
    func file(_ encryptedKeyFrag: EncryptedKeyFrag, publisherVerifyingKey: PublicKey) -> FileOption {
        let digest = Keccak256.hash(publisherVerifyingKey.compressedBytes + encryptedKeyFrag.messagePackBytes)
        let alphabet = Array("0123456789abcdef")
        let name = String(digest.flatMap { [alphabet[Int($0 >> 4)], alphabet[Int($0 & 0x0f)]] })
        return directory.file("\(name).revocation")
    }
}
