#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
public import UmbralCore

/// Where a node's passphrase comes from: the environment variable `KMS_URSULA_PASSPHRASE`, or
/// else a prompt on the controlling terminal with echo turned off. Never a command-line argument,
/// which any user can read in the process list.
///
/// The environment copy is a Swift `String` and cannot be wiped; the terminal answer is read byte
/// by byte straight into `SecretBytes`.
public enum PassphraseSource {
    /// The environment variable consulted first.
    public static let environmentVariable = "KMS_URSULA_PASSPHRASE"

    /// The longest passphrase read from a terminal, in bytes.
    public static let maximumTerminalByteCount = 1024

    /// The passphrase from `KMS_URSULA_PASSPHRASE` if it is set, else from a prompt on the terminal.
    ///
    /// - Parameters:
    ///   - prompt: What to print on the terminal, e.g. `"Passphrase for /var/lib/ursula: "`.
    ///   - confirmationPrompt: If not `nil`, a terminal user types the passphrase a second time
    ///     after this prompt, as when a new key file is sealed; a typo would lock the node out.
    ///   - environment: The environment to read; `nil` (the default) for the process's own.
    /// - Returns: The passphrase.
    /// - Throws: ``KMSNetworkError/passphraseUnavailable(reason:)`` if the variable is set but
    ///   empty, or unset with no terminal to ask on, or the answer is empty, too long or not
    ///   confirmed.
    public static func read(
        prompt: String, confirmationPrompt: String? = nil, environment: [String: String]? = nil
    ) throws(KMSNetworkError) -> SecretBytes {
        if let passphrase = try fromEnvironment(environment ?? ProcessInfo.processInfo.environment) {
            return passphrase
        }
        return try fromTerminal(prompt: prompt, confirmationPrompt: confirmationPrompt)
    }

    /// The passphrase in `variable`, or `nil` if it is not set.
    ///
    /// - Parameters:
    ///   - environment: The environment to read.
    ///   - variable: The variable's name.
    /// - Returns: Its UTF-8 bytes, or `nil` if unset.
    /// - Throws: ``KMSNetworkError/passphraseUnavailable(reason:)`` if it is set but empty.
    public static func fromEnvironment(
        _ environment: [String: String], variable: String = environmentVariable
    ) throws(KMSNetworkError) -> SecretBytes? {
        guard let value = environment[variable] else { return nil }
        guard !value.isEmpty else { throw .passphraseUnavailable(reason: "\(variable) is set but empty") }
        return SecretBytes(value.utf8)
    }

    /// Prints `prompt` on the terminal at `terminalPath` and reads one line with echo off; the
    /// terminal's settings are restored afterwards. A trailing carriage return is dropped.
    ///
    /// - Parameters:
    ///   - prompt: What to print before reading.
    ///   - confirmationPrompt: If not `nil`, what to print before reading the passphrase a second
    ///     time; the two must match.
    ///   - terminalPath: The terminal device; the controlling terminal by default.
    /// - Returns: The line, without its newline.
    /// - Throws: ``KMSNetworkError/passphraseUnavailable(reason:)`` if the device cannot be opened
    ///   or is not a terminal, the line is empty or longer than ``maximumTerminalByteCount``, or
    ///   the confirmation differs.
    public static func fromTerminal(
        prompt: String, confirmationPrompt: String? = nil, terminalPath: String = "/dev/tty"
    ) throws(KMSNetworkError) -> SecretBytes {
        let descriptor = open(terminalPath, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .passphraseUnavailable(
                reason: "\(environmentVariable) is not set and there is no terminal to ask on (\(terminalPath): "
                    + DataDirectory.errnoDescription() + ")")
        }
        defer { close(descriptor) }
        var saved = termios()
        guard tcgetattr(descriptor, &saved) == 0 else {
            throw .passphraseUnavailable(reason: "\(terminalPath) is not a terminal")
        }
        var silent = saved
        // No echo, but the newline still echoes so the cursor moves on.
        silent.c_lflag &= ~tcflag_t(ECHO)
        silent.c_lflag |= tcflag_t(ECHONL)
        guard tcsetattr(descriptor, TCSAFLUSH, &silent) == 0 else {
            throw .passphraseUnavailable(reason: "cannot turn off echo on \(terminalPath)")
        }
        defer { tcsetattr(descriptor, TCSAFLUSH, &saved) }
        let passphrase = try promptAndRead(prompt, descriptor: descriptor)
        if let confirmationPrompt {
            guard try promptAndRead(confirmationPrompt, descriptor: descriptor) == passphrase else {
                throw .passphraseUnavailable(reason: "the two passphrases differ")
            }
        }
        return passphrase
    }

    /// Writes `prompt` to the terminal, then reads one line into protected memory.
    private static func promptAndRead(_ prompt: String, descriptor: CInt) throws(KMSNetworkError) -> SecretBytes {
        _ = Array(prompt.utf8).withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }

        var length = 0
        var tooLong = false
        let line = SecretBytes(unsafeUninitializedCount: maximumTerminalByteCount) { buffer in
            var byte: UInt8 = 0
            while true {
                let count = readByte(descriptor, &byte)
                if count < 0, errno == EINTR { continue }
                if count <= 0 || byte == UInt8(ascii: "\n") { break }
                guard length < buffer.count else {
                    tooLong = true
                    continue  // drain the rest of the line so it does not reach the shell
                }
                buffer[length] = byte
                length += 1
            }
            byte = 0
        }
        guard !tooLong else {
            throw .passphraseUnavailable(reason: "the passphrase is longer than \(maximumTerminalByteCount) bytes")
        }
        let end = line.withUnsafeBytes { length > 0 && $0[length - 1] == UInt8(ascii: "\r") } ? length - 1 : length
        guard end > 0 else { throw .passphraseUnavailable(reason: "the passphrase is empty") }
        return line.withUnsafeBytes { SecretBytes(UnsafeRawBufferPointer(rebasing: $0[0..<end])) }
    }
}

/// One `read(2)` of a single byte; at file scope, where `read` is the C function rather than
/// ``PassphraseSource/read(prompt:confirmationPrompt:environment:)``.
private func readByte(_ descriptor: CInt, _ byte: inout UInt8) -> Int {
    read(descriptor, &byte, 1)
}
