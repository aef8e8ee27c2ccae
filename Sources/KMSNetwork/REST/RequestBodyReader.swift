import Hummingbird
import NIOCore

/// Reads a request body into memory under a size limit, before anything parses it.
enum RequestBodyReader {
    /// The body's bytes, at most `limit` of them.
    ///
    /// A `Content-Length` above the limit is refused without reading a byte; a body sent without
    /// one (chunked) or longer than it claims is refused as soon as the bytes read pass the limit,
    /// so no more than `limit` plus one chunk is ever buffered.
    ///
    /// - Throws: ``UrsulaRESTError/bodyTooLarge(limit:)``, or ``UrsulaRESTError/unreadableBody``
    ///   when the body breaks off.
    static func read(_ request: Request, limit: Int) async throws(UrsulaRESTError) -> [UInt8] {
        if let declared = request.headers[.contentLength] {
            // An unparsable length cannot be trusted to be small.
            guard let length = Int(declared), length >= 0, length <= limit else {
                throw .bodyTooLarge(limit: limit)
            }
        }
        return try await read(request.body, limit: limit)
    }

    /// The bytes of `body`, at most `limit` of them.
    ///
    /// - Throws: ``UrsulaRESTError/bodyTooLarge(limit:)`` once more than `limit` bytes arrive, or
    ///   ``UrsulaRESTError/unreadableBody`` when the body stream fails.
    static func read(_ body: RequestBody, limit: Int) async throws(UrsulaRESTError) -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            for try await chunk in body {
                guard chunk.readableBytes <= limit - bytes.count else { throw UrsulaRESTError.bodyTooLarge(limit: limit) }
                bytes.append(contentsOf: chunk.readableBytesView)
            }
        } catch let error as UrsulaRESTError {
            throw error
        } catch {
            // The client went away or sent a broken stream: its fault, not the node's.
            throw .unreadableBody
        }
        return bytes
    }
}
