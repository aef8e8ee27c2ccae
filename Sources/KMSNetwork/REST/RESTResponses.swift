import Hummingbird
import NIOCore

/// The few response shapes the API answers with, so every handler sets the same headers.
enum RESTResponses {
    /// A `200` with a binary body in one of nucypher-core's byte forms.
    static func octetStream(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/octet-stream"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A JSON body.
    static func json(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Plain text.
    static func text(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// A refusal: the error's status and its JSON body.
    static func error(_ error: UrsulaRESTError) -> Response {
        json(error.body.jsonBytes, status: error.status)
    }
}
