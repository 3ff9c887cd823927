/// How long to wait before restarting a reader that failed: doubling from `initial` up to `maximum`,
/// and forgotten once a reader has run for `healthyAfter` (a cable pulled once a week must not
/// inherit last week's delay).
///
/// No jitter: a dock has a handful of readers on its own USB bus, there is no shared server to
/// protect from synchronised retries, and a deterministic delay is easier to read in a log.
public struct ReaderBackoff: Sendable, Hashable {
    public var initial: Duration
    public var maximum: Duration
    public var healthyAfter: Duration

    public init(
        initial: Duration = .milliseconds(500), maximum: Duration = .seconds(30),
        healthyAfter: Duration = .seconds(60)
    ) {
        self.initial = initial
        self.maximum = maximum
        self.healthyAfter = healthyAfter
    }

    /// Delay in nanoseconds after `failures` consecutive failures (1 → `initial`).
    public func delayNanos(afterFailures failures: Int) -> UInt64 {
        let cap = maximum.clampedNanoseconds
        var delay = min(initial.clampedNanoseconds, cap)
        for _ in 1..<max(1, failures) {
            guard delay < cap else { break }
            delay = min(cap, delay.multipliedReportingOverflow(by: 2).overflow ? cap : delay * 2)
        }
        return delay
    }
}
