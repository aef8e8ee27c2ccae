import Hummingbird
import Logging

/// Turns what the router itself throws (no route for a path, or not for this method) into the
/// API's JSON error body (`404`, or `405` with `Allow`), so every refusal has the same shape.
/// The route handlers never throw; anything else that reaches here is the server's fault and is
/// answered `500` without detail.
struct RESTErrorMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    let logger: Logger

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError where error.status == .notFound {
            let path = request.uri.path
            // Hummingbird answers a known path asked with another method as not found: name the method.
            if let route = UrsulaRoute.allCases.first(where: { $0.path == path }) {
                var response = RESTResponses.error(
                    .methodNotAllowed(method: request.method.rawValue, path: path, allowed: route.method.rawValue))
                response.headers[.allow] = route.method.rawValue
                return response
            }
            return RESTResponses.error(.routeNotFound(method: request.method.rawValue, path: path))
        } catch let error as any HTTPResponseError {
            // Hummingbird's own refusals (for instance of a malformed request line) keep their status.
            let refusal = RESTErrorBody(error: "httpError", message: error.status.reasonPhrase)
            return RESTResponses.json(refusal.jsonBytes, status: error.status)
        } catch {
            logger.error("unexpected failure", metadata: ["path": "\(request.uri.path)"])
            return RESTResponses.error(.internalFailure(reason: "unexpected failure"))
        }
    }
}
