import ArgumentParser
import UmbralCore

/// Why a `kms` command failed: a one-line message for stderr and the process exit code.
///
/// Messages name the option and file at fault and reuse ``UmbralError``'s description, which never
/// contains secret material; nothing in this type ever holds key bytes.
struct CommandError: Error, CustomStringConvertible {
    /// The class of failure, which decides the exit code.
    enum Kind {
        /// A signature, proof or authenticated decryption did not check out.
        case verificationFailed
        /// The command line lacks something the inputs turned out to need.
        case usage
        /// A file's contents were not what the option expects (wrong length, malformed, invalid).
        case invalidInput
        /// A file could not be read or written.
        case io
        /// The cryptographic backend failed; no input of the user's is at fault.
        case internalFailure
        /// What was asked of the network is not there: a DHT key with no value, a value no node kept.
        case notFound
        /// The network could not be used: no port to listen on, no bootstrap node answering.
        case unavailable
    }

    let kind: Kind
    let message: String

    var description: String { message }

    /// Distinct per kind so scripts can tell a forged object from a mistyped path. `usage` shares
    /// argument-parser's own code for command lines it rejects.
    var exitCode: Int32 {
        switch kind {
        case .verificationFailed: 1
        case .usage: ExitCode.validationFailure.rawValue
        case .invalidInput: 3
        case .io: 4
        case .internalFailure: 70  // EX_SOFTWARE
        case .notFound: 1
        case .unavailable: 69  // EX_UNAVAILABLE
        }
    }

    static func verificationFailed(_ message: String) -> CommandError {
        CommandError(kind: .verificationFailed, message: message)
    }

    static func usage(_ message: String) -> CommandError {
        CommandError(kind: .usage, message: message)
    }

    static func invalidInput(_ message: String) -> CommandError {
        CommandError(kind: .invalidInput, message: message)
    }

    static func io(_ message: String) -> CommandError {
        CommandError(kind: .io, message: message)
    }

    static func notFound(_ message: String) -> CommandError {
        CommandError(kind: .notFound, message: message)
    }

    static func unavailable(_ message: String) -> CommandError {
        CommandError(kind: .unavailable, message: message)
    }

    static func internalFailure(_ message: String) -> CommandError {
        CommandError(kind: .internalFailure, message: message)
    }
}
