import Hummingbird
import KMSMessagePack
import KMSNetwork
import KMSPolicy
import Testing
import UmbralCore

@Suite("REST error mapping")
struct ErrorMappingTests {
    private static let hrac = try! HRAC(bytes: [UInt8](repeating: 7, count: 16))
    private static let address = try! Address(bytes: [UInt8](repeating: 9, count: 20))
    private static let now = UnixTime(secondsSinceEpoch: 10)

    @Test("Input errors are 4xx, never 5xx", arguments: [
        (KMSPolicyError.headerTooShort(actual: 3), HTTPResponse.Status.badRequest, "headerTooShort"),
        (.wrongBrand(expected: [1, 2, 3, 4], actual: [5, 6, 7, 8]), .badRequest, "wrongBrand"),
        (.majorVersionMismatch(expected: 3, actual: 2), .badRequest, "majorVersionMismatch"),
        (.unsupportedMinorVersion(supported: 0, actual: 1), .badRequest, "unsupportedMinorVersion"),
        (.malformedBody(object: "X", .trailingBytes(offset: 1, count: 1)), .badRequest, "malformedBody"),
        (.nothingToRetrieve, .badRequest, "nothingToRetrieve"),
        (.invalidRevocationOrderSignature, .forbidden, "invalidRevocationOrderSignature"),
        (.signatureVerificationFailed(object: "EncryptedKeyFrag"), .forbidden, "signatureVerificationFailed"),
        (.publisherMismatch(hrac), .forbidden, "publisherMismatch"),
        (.keyFragNotForThisUrsula(address), .forbidden, "keyFragNotForThisUrsula"),
        (.keyFragNotArranged(hrac), .forbidden, "keyFragNotArranged"),
        (.policyNotFound(hrac), .notFound, "policyNotFound"),
        (.arrangementNotFound(hrac, ursula: address), .notFound, "arrangementNotFound"),
        (.conflictingArrangement(hrac), .conflict, "conflictingArrangement"),
        (.policyRevoked(hrac), .gone, "policyRevoked"),
        (.policyExpired(hrac, expiration: now, now: now), .gone, "policyExpired"),
        (.keyFragRevoked(address), .gone, "keyFragRevoked"),
        (.misaddressedRevocation(addressedTo: address, receivedBy: address), .misdirectedRequest, "misaddressedRevocation"),
    ])
    func inputErrors(error: KMSPolicyError, status: HTTPResponse.Status, name: String) {
        #expect(error.restStatus == status)
        #expect(error.restName == name)
        let wrapped = UrsulaRESTError.policy(error)
        #expect(wrapped.status == status)
        #expect(wrapped.body == RESTErrorBody(error: name, message: error.description))
    }

    @Test("The node's own failures are 500s")
    func nodeFailures() {
        #expect(KMSPolicyError.storageFailed("disk full").restStatus == .internalServerError)
        #expect(UrsulaRESTError.internalFailure(reason: "x").status == .internalServerError)
    }

    @Test("The REST layer's own refusals have their statuses")
    func restErrors() {
        #expect(UrsulaRESTError.bodyTooLarge(limit: 1).status == .contentTooLarge)
        #expect(UrsulaRESTError.unreadableBody.status == .badRequest)
        #expect(UrsulaRESTError.forgedNodeMetadata(index: 0).status == .forbidden)
        #expect(UrsulaRESTError.foreignDomain(index: 0, domain: "x").status == .badRequest)
        #expect(UrsulaRESTError.routeNotFound(method: "GET", path: "/").status == .notFound)
    }

    @Test("The JSON body has exactly the two fields")
    func jsonShape() {
        let body = RESTErrorBody(error: "policyRevoked", message: "policy \"x\" was revoked")
        #expect(String(decoding: body.jsonBytes, as: UTF8.self)
            == #"{"error":"policyRevoked","message":"policy \"x\" was revoked"}"#)
    }
}
