import Foundation
import KMSNetwork
import Testing
import UmbralCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Node keys encrypted at rest")
struct NodeKeyStoreTests {
    let passphrase = SecretBytes(Array("a long node passphrase".utf8))

    private func mode(of path: String) throws -> mode_t {
        var status = stat()
        guard stat(path, &status) == 0 else { throw CocoaError(.fileNoSuchFile) }
        return status.st_mode & 0o777
    }

    @Test("create-or-load creates keys once, in a 0600 file of 134 bytes, then loads the same keys")
    func createThenLoad() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = NodeKeyStore(directory: directory.path + "/nested/data")
        #expect(!store.keyFileExists)
        let (created, wasCreated) = try store.loadOrCreate(passphrase: passphrase, parameters: .insecureForTesting)
        #expect(wasCreated)
        #expect(store.keyFileExists)
        #expect(store.path == directory.path + "/nested/data/node-keys.sealed")
        #expect(try mode(of: store.path) == 0o600)
        #expect(try mode(of: store.directory) == 0o700)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: store.path))
        #expect(bytes.count == 134)
        #expect(Array(bytes.prefix(4)) == Array("UPSL".utf8))

        let (loaded, loadedWasCreated) = try store.loadOrCreate(passphrase: passphrase, parameters: .insecureForTesting)
        #expect(!loadedWasCreated)
        #expect(loaded.verifyingKey == created.verifyingKey)
        #expect(loaded.encryptingKey == created.encryptingKey)
        #expect(loaded.verifyingKey != loaded.encryptingKey, "two independent keys")
        // The loaded keys work: a signature by the loaded signer verifies with the created key.
        let message = Array("metadata".utf8)
        #expect(loaded.signer.sign(message).verify(message, with: created.verifyingKey))
        // No temporary files are left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.directory) == ["node-keys.sealed"])
    }

    @Test("the file holds no key in the clear")
    func noPlaintextKeys() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = NodeKeyStore(directory: directory.path)
        let keys = NodeKeys.random()
        try store.save(keys, passphrase: passphrase, parameters: .insecureForTesting)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: store.path)))
        for secret in [keys.signingKey.bigEndianBytes, keys.decryptingKey.bigEndianBytes] {
            for length in [32, 8] {
                let window = Array(secret.prefix(length))
                let found = bytes.indices.dropLast(length - 1).contains { Array(bytes[$0..<$0 + length]) == window }
                #expect(!found)
            }
        }
    }

    @Test("the wrong passphrase is refused with incorrectPassphrase")
    func wrongPassphrase() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = NodeKeyStore(directory: directory.path)
        try store.save(NodeKeys.random(), passphrase: passphrase, parameters: .insecureForTesting)
        for wrong in ["a long node passphrasE", "a long node passphrase ", "x"] {
            #expect(throws: KMSNetworkError.incorrectPassphrase(path: store.path)) {
                try store.load(passphrase: SecretBytes(Array(wrong.utf8)))
            }
            // create-or-load never replaces keys it cannot open.
            #expect(throws: KMSNetworkError.incorrectPassphrase(path: store.path)) {
                try store.loadOrCreate(passphrase: SecretBytes(Array(wrong.utf8)), parameters: .insecureForTesting)
            }
        }
    }

    @Test("every single-byte change to the file is refused")
    func everyByteFlipRefused() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = NodeKeyStore(directory: directory.path)
        try store.save(NodeKeys.random(), passphrase: passphrase, parameters: .insecureForTesting)
        let original = try Data(contentsOf: URL(fileURLWithPath: store.path))
        for index in original.indices {
            var tampered = original
            tampered[index] ^= 0x01
            try tampered.write(to: URL(fileURLWithPath: store.path))
            chmod(store.path, 0o600)
            let error = #expect(throws: KMSNetworkError.self) { try store.load(passphrase: passphrase) }
            switch error {
            case .incorrectPassphrase?, .nodeKeyFileInvalid?:
                break
            default:
                Issue.record("byte \(index): unexpected \(String(describing: error))")
            }
        }
        try original.write(to: URL(fileURLWithPath: store.path))
        chmod(store.path, 0o600)
        _ = try store.load(passphrase: passphrase)
    }

    @Test("a truncated, extended, missing or world-readable key file is invalid")
    func invalidFiles() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = NodeKeyStore(directory: directory.path)
        let missing = #expect(throws: KMSNetworkError.self) { try store.load(passphrase: passphrase) }
        guard case .nodeKeyFileInvalid(let path, _)? = missing, path == store.path else {
            Issue.record("missing file: \(String(describing: missing))")
            return
        }
        try store.save(NodeKeys.random(), passphrase: passphrase, parameters: .insecureForTesting)
        let original = try Data(contentsOf: URL(fileURLWithPath: store.path))
        for variant in [original.prefix(133), original + Data([0]), Data()] {
            try Data(variant).write(to: URL(fileURLWithPath: store.path))
            chmod(store.path, 0o600)
            let error = #expect(throws: KMSNetworkError.self) { try store.load(passphrase: passphrase) }
            guard case .nodeKeyFileInvalid(let path, _)? = error, path == store.path else {
                Issue.record("\(variant.count) bytes: \(String(describing: error))")
                continue
            }
        }
        try original.write(to: URL(fileURLWithPath: store.path))
        chmod(store.path, 0o644)
        let readable = #expect(throws: KMSNetworkError.self) { try store.load(passphrase: passphrase) }
        #expect(readable == .nodeKeyFileInvalid(path: store.path, reason: "its mode 644 lets others read it; it must be 600"))
        chmod(store.path, 0o600)
        _ = try store.load(passphrase: passphrase)
    }

    @Test("saving never overwrites existing keys unless asked; replacing changes the passphrase")
    func noOverwrite() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = NodeKeyStore(directory: directory.path)
        let keys = NodeKeys.random()
        try store.save(keys, passphrase: passphrase, parameters: .insecureForTesting)
        #expect(throws: KMSNetworkError.nodeKeyFileExists(path: store.path)) {
            try store.save(NodeKeys.random(), passphrase: passphrase, parameters: .insecureForTesting)
        }
        #expect(try store.load(passphrase: passphrase).verifyingKey == keys.verifyingKey)

        let newPassphrase = SecretBytes(Array("a different passphrase".utf8))
        try store.save(keys, passphrase: newPassphrase, parameters: .insecureForTesting, replacingExisting: true)
        #expect(try store.load(passphrase: newPassphrase).encryptingKey == keys.encryptingKey)
        #expect(throws: KMSNetworkError.incorrectPassphrase(path: store.path)) {
            try store.load(passphrase: passphrase)
        }
        #expect(try mode(of: store.path) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["node-keys.sealed"])
    }

    @Test("an empty passphrase cannot create keys")
    func emptyPassphrase() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = NodeKeyStore(directory: directory.path)
        #expect(throws: KMSNetworkError.passphraseUnavailable(reason: "the passphrase is empty")) {
            try store.loadOrCreate(passphrase: SecretBytes([UInt8]()), parameters: .insecureForTesting)
        }
        #expect(!store.keyFileExists)
    }

    @Test("a read-only data directory cannot take keys, and says so")
    func readOnlyDirectory() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        try FileManager.default.createDirectory(atPath: directory.path, withIntermediateDirectories: true)
        let store = NodeKeyStore(directory: directory.path)
        try ReadOnlyDirectory.withReadOnly(directory.path) {
            let error = #expect(throws: KMSNetworkError.self) {
                try store.loadOrCreate(passphrase: passphrase, parameters: .insecureForTesting)
            }
            guard case .dataDirectoryNotWritable(let path, _)? = error, path == directory.path else {
                Issue.record("expected dataDirectoryNotWritable, got \(String(describing: error))")
                return
            }
        }
        #expect(!store.keyFileExists)
    }

    @Test("descriptions show public keys only")
    func descriptions() throws {
        let keys = NodeKeys.random()
        let text = "\(keys) \(String(reflecting: keys.signingKey)) \(keys.decryptingKey)"
        for secret in [keys.signingKey.bigEndianBytes, keys.decryptingKey.bigEndianBytes] {
            let hex = secret.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            #expect(!text.lowercased().contains(hex.prefix(16)))
        }
        #expect("\(keys)".hasPrefix("NodeKeys(verifying: PublicKey("))
        #expect("\(keys.signingKey)" == "SecretKey(…)")
    }
}

@Suite("Passphrase sources")
struct PassphraseSourceTests {
    @Test("the environment variable is read first, as UTF-8; an empty one is refused")
    func environment() throws {
        let found = try PassphraseSource.fromEnvironment(["KMS_URSULA_PASSPHRASE": "pässword"])
        #expect(found == SecretBytes(Array("pässword".utf8)))
        #expect(try PassphraseSource.fromEnvironment(["OTHER": "x"]) == nil)
        #expect(throws: KMSNetworkError.passphraseUnavailable(reason: "KMS_URSULA_PASSPHRASE is set but empty")) {
            try PassphraseSource.fromEnvironment(["KMS_URSULA_PASSPHRASE": ""])
        }
        let read = try PassphraseSource.read(prompt: "unused: ", environment: ["KMS_URSULA_PASSPHRASE": "from env"])
        #expect(read == SecretBytes(Array("from env".utf8)))
    }

    @Test("with no variable and no terminal, the error says how to supply one")
    func noTerminal() {
        let error = #expect(throws: KMSNetworkError.self) {
            try PassphraseSource.fromTerminal(prompt: "Passphrase: ", terminalPath: "/nonexistent/tty")
        }
        guard case .passphraseUnavailable(let reason)? = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
        #expect(reason.contains("KMS_URSULA_PASSPHRASE"))
        let notATerminal = #expect(throws: KMSNetworkError.self) {
            try PassphraseSource.fromTerminal(prompt: "Passphrase: ", terminalPath: "/dev/null")
        }
        #expect(notATerminal == .passphraseUnavailable(reason: "/dev/null is not a terminal"))
    }

    @Test("on a terminal: prompts, reads a line with echo off, and restores echo")
    func terminalPrompt() throws {
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        try #require(master >= 0)
        defer { close(master) }
        let slavePath = try #require(Self.unlockedSlavePath(master))
        // Keep the slave open for the whole test so the terminal settings persist between opens.
        let slave = open(slavePath, O_RDWR | O_NOCTTY)
        try #require(slave >= 0)
        defer { close(slave) }

        // A thread of its own: the read blocks, and must not hold one of the few concurrency threads.
        let reader = BlockingCall { () throws(KMSNetworkError) -> SecretBytes in
            try PassphraseSource.fromTerminal(prompt: "Passphrase: ", terminalPath: slavePath)
        }
        // Wait for the prompt, which is written after echo is turned off.
        var output = try readMaster(master, until: "Passphrase: ")
        var settings = termios()
        #expect(tcgetattr(slave, &settings) == 0)
        #expect(settings.c_lflag & tcflag_t(ECHO) == 0, "echo is off while the passphrase is typed")
        _ = Array("hunter2 secret\n".utf8).withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
        let passphrase = try reader.wait()
        #expect(passphrase == SecretBytes(Array("hunter2 secret".utf8)))
        output += try readMaster(master, until: nil)
        #expect(!output.contains("hunter2"), "the passphrase was echoed: \(output.debugDescription)")
        #expect(tcgetattr(slave, &settings) == 0)
        #expect(settings.c_lflag & tcflag_t(ECHO) != 0, "echo is restored")
    }

    @Test("a confirmed passphrase must be typed twice the same; both reads stay silent")
    func terminalConfirmation() throws {
        for (second, matches) in [("twice typed", true), ("twice typo", false)] {
            let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
            try #require(master >= 0)
            defer { close(master) }
            let slavePath = try #require(Self.unlockedSlavePath(master))
            let slave = open(slavePath, O_RDWR | O_NOCTTY)
            try #require(slave >= 0)
            defer { close(slave) }
            let reader = BlockingCall { () throws(KMSNetworkError) -> SecretBytes in
                try PassphraseSource.fromTerminal(
                    prompt: "New passphrase: ", confirmationPrompt: "Again: ", terminalPath: slavePath)
            }
            var output = try readMaster(master, until: "New passphrase: ")
            _ = Array("twice typed\n".utf8).withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            output += try readMaster(master, until: "Again: ")
            _ = Array((second + "\n").utf8).withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if matches {
                #expect(try reader.wait() == SecretBytes(Array("twice typed".utf8)))
            } else {
                #expect(throws: KMSNetworkError.passphraseUnavailable(reason: "the two passphrases differ")) {
                    try reader.wait()
                }
            }
            output += try readMaster(master, until: nil)
            #expect(!output.contains("twice"), "a passphrase was echoed: \(output.debugDescription)")
        }
    }

    /// Unlocks the pseudo-terminal pair of `master` and names its slave side. Linux's
    /// `unlockpt`/`ptsname` are these two ioctls (`grantpt` does nothing on devpts); glibc declares
    /// them only for XSI builds, which Swift's Glibc module is not.
    private static func unlockedSlavePath(_ master: CInt) -> String? {
        #if os(Linux)
        var unlock: CInt = 0
        var number: CInt = 0
        guard ioctl(master, 0x4004_5431, &unlock) == 0,  // TIOCSPTLCK
            ioctl(master, 0x8004_5430, &number) == 0  // TIOCGPTN
        else { return nil }
        return "/dev/pts/\(number)"
        #else
        guard grantpt(master) == 0, unlockpt(master) == 0, let name = ptsname(master) else { return nil }
        return String(cString: name)
        #endif
    }

    /// Reads what the pty shows until `marker` appears (or, with `nil`, what is available within
    /// a short wait).
    private func readMaster(_ master: CInt, until marker: String?) throws -> String {
        var collected = [UInt8]()
        let deadline = Date().addingTimeInterval(marker == nil ? 0.3 : 10)
        while Date() < deadline {
            var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 256)
            let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            collected += buffer.prefix(count)
            if let marker, String(decoding: collected, as: UTF8.self).contains(marker) { break }
        }
        let text = String(decoding: collected, as: UTF8.self)
        if let marker, !text.contains(marker) {
            Issue.record("no '\(marker)' on the terminal; got \(text.debugDescription)")
        }
        return text
    }
}

/// Runs a blocking call on a dedicated thread; `wait()` returns its result.
final class BlockingCall<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<Value, KMSNetworkError>?

    init(_ body: @escaping @Sendable () throws(KMSNetworkError) -> Value) {
        Thread.detachNewThread { [self] in
            result = Result { () throws(KMSNetworkError) -> Value in try body() }
            done.signal()
        }
    }

    func wait() throws(KMSNetworkError) -> Value {
        done.wait()
        return try result!.get()
    }
}
