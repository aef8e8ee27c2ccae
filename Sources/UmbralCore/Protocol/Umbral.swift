/// The Umbral threshold proxy re-encryption scheme, step by step.
///
/// The story: Alice ``encrypt(_:for:)``s data under her public key and can always
/// ``decryptOriginal(_:capsule:secretKey:)`` it. To share with Bob she
/// ``generateKeyFrags(delegating:receiving:signer:threshold:shares:signDelegatingKey:signReceivingKey:)``
/// and gives one kFrag to each of `shares` Ursulas. Each Ursula verifies her kFrag and
/// ``reencrypt(_:with:)``s the capsule into a cFrag; Bob verifies any `threshold` of them and
/// ``decryptReencrypted(_:capsule:capsuleFrags:receivingKey:delegatingKey:)``s. No Ursula,
/// nor any group smaller than `threshold`, learns anything about the data or Alice's key.
///
/// Every function matches umbral-pre 0.11 byte for byte; each randomized one also takes an
/// explicit random number generator.
public enum Umbral {
    /// The curve backend this build of UmbralCore runs on: `"openssl"` (libcrypto, the default) or
    /// `"libsecp256k1"` (the package built with the `LibSecp256k1` trait).
    ///
    /// Both produce the same bytes wherever the output is deterministic; the backend changes only
    /// speed. Programs print it so that a benchmark or log says what it measured.
    public static let curveBackend: String = Point.backendName
}
