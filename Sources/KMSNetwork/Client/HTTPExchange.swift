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
    let timeout: Double

    init(timeout: Double, maximumConnections: Int) {
        self.timeout = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.httpMaximumConnectionsPerHost = maximumConnections
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
        } catch let error as URLError {
            throw .unreachable(explain(error, authority: authority))
        } catch {
            throw .unreachable(error.localizedDescription)
        }
    }

    /// Words for the failures Bob and Alice meet; on Linux, URLError's own text is only a code.
    private func explain(_ error: URLError, authority: String) -> String {
        let seconds = timeout.formatted(.number.precision(.fractionLength(0...3)))
        switch error.code {
        case .timedOut: return "no answer from \(authority) within \(seconds) s (timed out)"
        case .cannotConnectToHost: return "\(authority) refused the connection"
        case .networkConnectionLost: return "\(authority) closed the connection before answering"
        case .cannotFindHost, .dnsLookupFailed: return "cannot resolve \(authority)"
        case .badServerResponse: return "\(authority) sent a malformed HTTP answer"
        default: return "HTTP exchange with \(authority) failed (URLError \(error.code.rawValue))"
        }
    }
}
