import Hummingbird

extension UrsulaRouter {
    /// `GET /health`: `200 ok` in plain text, for load balancers and process supervisors.
    func health() -> Response {
        RESTResponses.text("ok")
    }
}
