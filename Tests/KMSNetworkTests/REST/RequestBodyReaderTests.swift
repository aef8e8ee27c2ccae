import Hummingbird
@testable import KMSNetwork
import NIOCore
import Testing

/// Yields `chunks` one after another, counting how many were taken, like a body arriving from a socket.
private actor ChunkCounter {
    private(set) var taken = 0
    func take() { taken += 1 }
}

private struct CountedChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let chunks: [ByteBuffer]
    let counter: ChunkCounter

    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: ArraySlice<ByteBuffer>
        let counter: ChunkCounter
        mutating func next() async throws -> ByteBuffer? {
            guard let chunk = remaining.popFirst() else { return nil }
            await counter.take()
            return chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: chunks[...], counter: counter) }
}

/// A body stream that breaks off after its first chunk.
private struct BrokenChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    struct Broken: Error {}
    struct AsyncIterator: AsyncIteratorProtocol {
        var sent = false
        mutating func next() async throws -> ByteBuffer? {
            guard !sent else { throw Broken() }
            sent = true
            return ByteBuffer(bytes: [1, 2, 3])
        }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator() }
}

@Suite("REST request body limits")
struct RequestBodyReaderTests {
    private func request(_ body: RequestBody, contentLength: String? = nil) -> Request {
        var fields = HTTPFields()
        if let contentLength { fields[.contentLength] = contentLength }
        return Request(
            head: HTTPRequest(method: .post, scheme: "http", authority: "localhost", path: "/reencrypt", headerFields: fields),
            body: body)
    }

    @Test("A chunked body without Content-Length is cut off at the chunk that passes the limit")
    func streamedPastLimit() async throws {
        let counter = ChunkCounter()
        let chunks = (0..<10).map { _ in ByteBuffer(bytes: [UInt8](repeating: 7, count: 100)) }
        let body = RequestBody(asyncSequence: CountedChunks(chunks: chunks, counter: counter))
        await #expect(throws: UrsulaRESTError.bodyTooLarge(limit: 250)) {
            try await RequestBodyReader.read(request(body), limit: 250)
        }
        // Two chunks fit, the third passes the limit; the other seven are never read.
        #expect(await counter.taken == 3)
    }

    @Test("A declared Content-Length over the limit, or unparsable, is refused before a byte is read")
    func declaredLength() async throws {
        for declared in ["251", "-1", "lots", "99999999999999999999999"] {
            let counter = ChunkCounter()
            let body = RequestBody(asyncSequence: CountedChunks(chunks: [ByteBuffer(bytes: [1])], counter: counter))
            await #expect(throws: UrsulaRESTError.bodyTooLarge(limit: 250), "\(declared)") {
                try await RequestBodyReader.read(request(body, contentLength: declared), limit: 250)
            }
            #expect(await counter.taken == 0, "\(declared)")
        }
    }

    @Test("A body that claims less than it sends is still cut off at the limit")
    func lyingLength() async throws {
        let body = RequestBody(buffer: ByteBuffer(bytes: [UInt8](repeating: 1, count: 300)))
        await #expect(throws: UrsulaRESTError.bodyTooLarge(limit: 250)) {
            try await RequestBodyReader.read(request(body, contentLength: "10"), limit: 250)
        }
    }

    @Test("Bodies up to the limit are read whole, across chunks")
    func withinLimit() async throws {
        let counter = ChunkCounter()
        let chunks = [ByteBuffer(bytes: [1, 2]), ByteBuffer(bytes: [3]), ByteBuffer(bytes: [4, 5])]
        let body = RequestBody(asyncSequence: CountedChunks(chunks: chunks, counter: counter))
        #expect(try await RequestBodyReader.read(request(body, contentLength: "5"), limit: 5) == [1, 2, 3, 4, 5])
        #expect(try await RequestBodyReader.read(request(RequestBody(buffer: ByteBuffer())), limit: 0) == [])
    }

    @Test("A body that breaks off is a 400, not a 500")
    func brokenBody() async throws {
        let body = RequestBody(asyncSequence: BrokenChunks())
        let error = await #expect(throws: UrsulaRESTError.self) {
            try await RequestBodyReader.read(request(body), limit: 250)
        }
        #expect(error == .unreadableBody)
        #expect(error?.status == .badRequest)
    }
}
