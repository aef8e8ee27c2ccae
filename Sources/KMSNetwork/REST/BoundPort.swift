/// The port a server bound, for those who wait for it (the system picks it when 0 was asked for).
actor BoundPort {
    private enum State {
        case waiting([CheckedContinuation<Int, any Error>])
        case bound(Int)
        case failed(UrsulaRESTError)
    }

    private var state = State.waiting([])

    /// The bound port, once the server listens.
    ///
    /// - Throws: ``UrsulaRESTError/serverFailed(reason:)`` if the server stopped before it bound.
    func value() async throws(UrsulaRESTError) -> Int {
        do {
            return try await withCheckedThrowingContinuation { continuation in
                switch state {
                case var .waiting(waiters):
                    waiters.append(continuation)
                    state = .waiting(waiters)
                case let .bound(port):
                    continuation.resume(returning: port)
                case let .failed(error):
                    continuation.resume(throwing: error)
                }
            }
        } catch let error as UrsulaRESTError {
            throw error
        } catch {
            throw .serverFailed(reason: "\(error)")
        }
    }

    /// Records the bound port and wakes the waiters; later calls change nothing.
    func bind(_ port: Int) {
        guard case let .waiting(waiters) = state else { return }
        state = .bound(port)
        for waiter in waiters { waiter.resume(returning: port) }
    }

    /// Records that the server stopped without binding and fails the waiters; changes nothing
    /// once bound.
    func fail(_ error: UrsulaRESTError) {
        guard case let .waiting(waiters) = state else { return }
        state = .failed(error)
        for waiter in waiters { waiter.resume(throwing: error) }
    }
}
