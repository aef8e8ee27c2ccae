/// Prints each step of the demo with its wall-clock time.
struct Story {
    private let clock = ContinuousClock()
    private var count = 0
    private var total = Duration.zero

    mutating func step<T>(_ title: String, _ body: () throws -> T) rethrows -> T {
        let start = clock.now
        let value = try body()
        record(title, clock.now - start)
        return value
    }

    mutating func step<T>(_ title: String, _ body: () async throws -> T) async rethrows -> T {
        let start = clock.now
        let value = try await body()
        record(title, clock.now - start)
        return value
    }

    func note(_ text: String) {
        print("      \(text)")
    }

    func finish() {
        print("done: \(count) steps in \(Self.milliseconds(total)) ms")
    }

    private mutating func record(_ title: String, _ elapsed: Duration) {
        count += 1
        total += elapsed
        let time = Self.milliseconds(elapsed)
        print("\(count). \(title) (\(time) ms)")
    }

    private static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let value = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        return String(Int(value.rounded()))
    }
}
