#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import KMSPolicy
import UmbralCore

/// The typed reads of nucypher-core 0.16's objects, for the `alice`, `bob`, `enrico` and `ursula`
/// groups: every object file holds the object's headered bytes, exactly as the reference writes
/// them.
extension FileOption {
    func readMessageKit() throws(CommandError) -> MessageKit {
        try decodePolicyObject(readBytes(), MessageKit.init(bytes:))
    }

    func readEncryptedTreasureMap() throws(CommandError) -> EncryptedTreasureMap {
        try decodePolicyObject(readBytes(), EncryptedTreasureMap.init(bytes:))
    }

    func readTreasureMap() throws(CommandError) -> TreasureMap {
        try decodePolicyObject(readBytes(), TreasureMap.init(bytes:))
    }

    func readReencryptionRequest() throws(CommandError) -> ReencryptionRequest {
        try decodePolicyObject(readBytes(), ReencryptionRequest.init(bytes:))
    }

    func readReencryptionResponse() throws(CommandError) -> ReencryptionResponse {
        try decodePolicyObject(readBytes(), ReencryptionResponse.init(bytes:))
    }

    /// A key factory's 32-byte seed, wiped once the factory has it.
    func readKeyFactory() throws(CommandError) -> SecretKeyFactory {
        var seed = try readBytes()
        defer { wipe(&seed) }
        do {
            return try SecretKeyFactory(seed: seed)
        } catch {
            throw .invalidInput("\(self): \(error)")
        }
    }

    /// Writes a key factory's seed, readable by its owner only.
    func writeSeed(_ seed: [UInt8]) throws(CommandError) {
        try write(seed, mode: 0o600)
    }

    /// An address file: `0x` and 40 hex digits, optionally followed by one newline.
    func readAddress() throws(CommandError) -> Address {
        var text = String(decoding: try readBytes(), as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        do {
            return try Address(text: text)
        } catch {
            throw .invalidInput("\(self): \(error)")
        }
    }

    private func decodePolicyObject<T>(
        _ bytes: [UInt8], _ parse: ([UInt8]) throws(KMSPolicyError) -> T
    ) throws(CommandError) -> T {
        do {
            return try parse(bytes)
        } catch {
            throw .invalidInput("\(self): \(error)")
        }
    }
}

/// A character's key directory, named by an option such as `--bob`: each file in it is reported
/// as that option and the file's path, e.g. `--bob 'keys/bob/signing.sk': …`.
struct KeyDirectory {
    let option: String
    let path: String

    init(_ option: String, _ path: String) {
        self.option = option
        self.path = path
    }

    func file(_ name: String) -> FileOption {
        FileOption(option, path.hasSuffix("/") ? path + name : "\(path)/\(name)")
    }

    /// Makes the directory (mode 0700) unless it already exists.
    func create() throws(CommandError) {
        try makeDirectory(path, option: option)
    }
}

/// File names inside the key directories, shared by the groups that write and read them.
enum KeyFileName {
    /// A signer's 32-byte secret key (0600).
    static let signingSecretKey = "signing.sk"
    /// A signer's 33-byte verifying key.
    static let verifyingKey = "verifying.pk"
    /// An encrypting key pair's 32-byte secret key (0600).
    static let encryptingSecretKey = "encrypting.sk"
    /// An encrypting key pair's 33-byte public key.
    static let encryptingKey = "encrypting.pk"
    /// Alice's 32-byte key-factory seed (0600).
    static let keyFactorySeed = "key-factory.seed"
    /// An Ursula's staking-provider address, as text.
    static let address = "address"
}

/// `ADDRESS=FILE`, as `--ursula` and `--response` take it.
struct AddressedFile {
    let address: Address
    let file: FileOption

    /// Parses `argument`, given to `option`; a usage error names both.
    init(_ option: String, _ argument: String) throws(CommandError) {
        guard let separator = argument.firstIndex(of: "="),
            argument.index(after: separator) != argument.endIndex
        else {
            throw .usage("\(option) '\(argument)': expected ADDRESS=FILE")
        }
        do {
            address = try Address(text: String(argument[..<separator]))
        } catch {
            throw .usage("\(option) '\(argument)': \(error)")
        }
        file = FileOption(option, String(argument[argument.index(after: separator)...]))
    }

    /// Parses every argument of a repeated option, refusing an address given twice.
    static func parseAll(_ option: String, _ arguments: [String]) throws(CommandError) -> [AddressedFile] {
        var seen = Set<Address>()
        var parsed: [AddressedFile] = []
        for argument in arguments {
            let addressed = try AddressedFile(option, argument)
            guard seen.insert(addressed.address).inserted else {
                throw .usage("\(option): Ursula \(addressed.address) is given more than once")
            }
            parsed.append(addressed)
        }
        return parsed
    }
}

/// A KMSPolicy failure while checking or opening an object read from `file`: a forged, tampered
/// or mismatched object is a verification failure; anything else is bad input.
func policyFailure(_ error: KMSPolicyError, _ file: FileOption) -> CommandError {
    switch error {
    case .decryptionFailed, .signatureVerificationFailed, .invalidReencryptionResponseSignature,
        .invalidCapsuleFrag, .invalidRevocationOrderSignature, .treasureMapPublisherMismatch,
        .treasureMapForAnotherPolicy:
        .verificationFailed("\(file): \(error)")
    default:
        .invalidInput("\(file): \(error)")
    }
}

/// Makes the directory `path` with mode 0700 (it holds secrets), unless a directory is already
/// there; the error names `option` and the path.
func makeDirectory(_ path: String, option: String) throws(CommandError) {
    if mkdir(path, 0o700) == 0 { return }
    let code = errno
    var status = stat()
    if code == EEXIST, stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR { return }
    throw .io("\(option) '\(path)': cannot create the directory: \(String(cString: strerror(code)))")
}

extension FileOption {
    func readRevocationOrder() throws(CommandError) -> RevocationOrder {
        try decodeRevocationOrder(readBytes())
    }

    private func decodeRevocationOrder(_ bytes: [UInt8]) throws(CommandError) -> RevocationOrder {
        do {
            return try RevocationOrder(bytes: bytes)
        } catch {
            throw .invalidInput("\(self): \(error)")
        }
    }

    /// Whether something is at the path (a dangling or unreadable entry counts as absent).
    var exists: Bool {
        var status = stat()
        return stat(path, &status) == 0
    }
}
