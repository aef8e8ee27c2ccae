import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP request and its answer, through Foundation's URLSession (libcurl on Linux), with a
/// deadline; the only HTTP client KMSNetwork needs.
struct HTTPExchange: Sendable {
    struct Answer: Sendable {
        let status: Int
        let body: [UInt8]
    }

    enum Failure: Error {
        case unreachable(String)
    }

    let session: URLSession

    init(timeout: Double) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.httpMaximumConnectionsPerHost = 16
        session = URLSession(configuration: configuration)
    }

    func send(_ method: String, host: String, port: UInt16, path: String, body: [UInt8]?) async throws(Failure) -> Answer {
        let authority = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        guard let url = URL(string: "http://\(authority)\(path)") else { throw .unreachable("bad address \(authority)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let body {
            request.httpBody = Data(body)
            request.setValue("application/octet-stream", forHTTPHeaderField: "Content-Type")
        }
        do {
            let (data, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse else { throw Failure.unreachable("not an HTTP answer") }
            return Answer(status: http.statusCode, body: Array(data))
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .unreachable(error.localizedDescription)
        }
    }
}
