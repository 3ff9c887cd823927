import Foundation

/// Runs `workers` loops at once for `seconds`, each calling `body(worker, iteration)` back to back; returns calls
/// completed per second across all workers.
enum BenchLoop {
    static func rate(workers: Int, seconds: Double,
                     _ body: @escaping @Sendable (Int, Int) async throws -> Void) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start.advanced(by: .milliseconds(Int(seconds * 1000)))
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var done = 0
                    while clock.now < deadline {
                        try await body(worker, done)
                        done += 1
                    }
                    return done
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = start.duration(to: clock.now)
        return Double(total) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
