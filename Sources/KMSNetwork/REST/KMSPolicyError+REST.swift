public import Hummingbird
public import KMSPolicy

extension KMSPolicyError {
    /// The HTTP status Ursula's REST API answers this refusal with.
    ///
    /// - `400`: the bytes are malformed, of another object or version, or ask for nothing;
    /// - `403`: a signature or a sealed kFrag does not verify, or the sender is not the policy's
    ///   publisher;
    /// - `404`: the policy, arrangement or treasure map is unknown;
    /// - `409`: it contradicts what is already accepted (another arrangement, an existing policy,
    ///   an unstaked Ursula);
    /// - `410`: the policy or kFrag was revoked, or expired;
    /// - `421`: a revocation order addressed to another Ursula;
    /// - `500`, `502`, `503`: failures of the node or of nodes behind it, never of the input. The
    ///   response-checking and transport cases belong to Bob and Alice and are not thrown while
    ///   serving; if one ever were, it would be a node's fault, not the request's.
    public var restStatus: HTTPResponse.Status { restMapping.status }

    /// The case name, as the `error` field of the API's JSON error body.
    public var restName: String { restMapping.name }

    /// Every case's status and name, in one exhaustive switch, so that a new case cannot compile
    /// until someone decides how the API answers it.
    private var restMapping: (status: HTTPResponse.Status, name: String) {
        switch self {
        // The bytes themselves are wrong.
        case .headerTooShort: (.badRequest, "headerTooShort")
        case .invalidBrandLength: (.badRequest, "invalidBrandLength")
        case .wrongBrand: (.badRequest, "wrongBrand")
        case .majorVersionMismatch: (.badRequest, "majorVersionMismatch")
        case .unsupportedMinorVersion: (.badRequest, "unsupportedMinorVersion")
        case .malformedBody: (.badRequest, "malformedBody")
        case .invalidUmbralValue: (.badRequest, "invalidUmbralValue")
        case .addressesNotStrictlyAscending: (.badRequest, "addressesNotStrictlyAscending")
        case .invalidFerveoPublicKey: (.badRequest, "invalidFerveoPublicKey")
        case .invalidLength: (.badRequest, "invalidLength")
        case .invalidAddressText: (.badRequest, "invalidAddressText")
        case .invalidThreshold: (.badRequest, "invalidThreshold")
        case .operatorAddressRecoveryFailed: (.badRequest, "operatorAddressRecoveryFailed")
        // Well-formed, but asking for nothing or for an impossible policy layout.
        case .nothingToRetrieve: (.badRequest, "nothingToRetrieve")
        case .ursulaCountMismatch: (.badRequest, "ursulaCountMismatch")
        case .duplicateUrsula: (.badRequest, "duplicateUrsula")
        case .treasureMapForAnotherPolicy: (.badRequest, "treasureMapForAnotherPolicy")
        // Authentication: a signature, a sealed kFrag or a publisher that does not check out. A
        // ciphertext that does not open failed its AEAD tag, which is a failed authentication too.
        case .invalidRevocationOrderSignature: (.forbidden, "invalidRevocationOrderSignature")
        case .invalidMetadataResponseSignature: (.forbidden, "invalidMetadataResponseSignature")
        case .signatureVerificationFailed: (.forbidden, "signatureVerificationFailed")
        case .publisherMismatch: (.forbidden, "publisherMismatch")
        case .notPolicyOwner: (.forbidden, "notPolicyOwner")
        case .keyFragNotForThisUrsula: (.forbidden, "keyFragNotForThisUrsula")
        case .keyFragNotArranged: (.forbidden, "keyFragNotArranged")
        case .treasureMapPublisherMismatch: (.forbidden, "treasureMapPublisherMismatch")
        case .decryptionFailed: (.forbidden, "decryptionFailed")
        // Unknown.
        case .policyNotFound: (.notFound, "policyNotFound")
        case .arrangementNotFound: (.notFound, "arrangementNotFound")
        case .treasureMapNotFound: (.notFound, "treasureMapNotFound")
        case .unknownUrsula: (.notFound, "unknownUrsula")
        // Contradicts the accepted state.
        case .conflictingArrangement: (.conflict, "conflictingArrangement")
        case .policyAlreadyExists: (.conflict, "policyAlreadyExists")
        case .ursulaNotStaked: (.conflict, "ursulaNotStaked")
        // No longer valid.
        case .policyRevoked: (.gone, "policyRevoked")
        case .policyExpired: (.gone, "policyExpired")
        case .keyFragRevoked: (.gone, "keyFragRevoked")
        case .expirationNotInFuture: (.gone, "expirationNotInFuture")
        // Meant for another node.
        case .misaddressedRevocation: (.misdirectedRequest, "misaddressedRevocation")
        // The node's own failures: its storage or its random source.
        case .storageFailed: (.internalServerError, "storageFailed")
        case .encryptionFailed: (.internalServerError, "encryptionFailed")
        // Other nodes failed (Bob's and Alice's side of the exchange).
        case .capsuleCountMismatch: (.badGateway, "capsuleCountMismatch")
        case .invalidReencryptionResponseSignature: (.badGateway, "invalidReencryptionResponseSignature")
        case .invalidCapsuleFrag: (.badGateway, "invalidCapsuleFrag")
        case .ursulaUnreachable: (.badGateway, "ursulaUnreachable")
        case .ursulaRefused: (.badGateway, "ursulaRefused")
        case .publicationFailed: (.badGateway, "publicationFailed")
        case .notEnoughHonestUrsulas: (.badGateway, "notEnoughHonestUrsulas")
        case .notEnoughUrsulas: (.serviceUnavailable, "notEnoughUrsulas")
        }
    }
}
