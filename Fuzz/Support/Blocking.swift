import Dispatch

/// Holds an async result until the waiting thread takes it; the semaphore orders the accesses.
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}

/// Runs `body` on Swift's concurrency pool and waits for it on the calling thread.
///
/// libFuzzer calls its target synchronously from its own thread, which is not part of the
/// cooperative pool, so blocking it while the async code under test runs is safe.
public func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        box.value = await body()
        done.signal()
    }
    done.wait()
    guard let value = box.value else { fatalError("runBlocking: the task ended without a value") }
    return value
}
