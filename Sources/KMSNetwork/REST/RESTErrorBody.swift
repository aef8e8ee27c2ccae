import Foundation

/// The JSON body of every refusal from Ursula's REST API: `{"error": "<case>", "message": "<text>"}`.
///
/// `error` is a stable case name (``UrsulaRESTError/name``, or `KMSPolicyError`'s case name for
/// Ursula's own refusals) for programs to switch on; `message` says what was wrong, for people.
public struct RESTErrorBody: Codable, Hashable, Sendable {
    /// The case name, such as `policyRevoked` or `bodyTooLarge`.
    public let error: String

    /// What was wrong, in one line.
    public let message: String

    /// A body naming `error` and explaining it with `message`.
    public init(error: String, message: String) {
        self.error = error
        self.message = message
    }

    /// The body as compact JSON with sorted keys.
    public var jsonBytes: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Two strings cannot fail to encode.
        return (try? Array(encoder.encode(self))) ?? Array(#"{"error":"internalFailure","message":""}"#.utf8)
    }
}
