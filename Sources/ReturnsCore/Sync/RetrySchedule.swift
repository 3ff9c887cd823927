/// When to try the ledger again: exponential backoff with jitter, as a value. The sync engine asks it
/// after each attempt; tests drive it with fixed times and jitter.
public struct RetrySchedule: Sendable, Hashable {
    public var initialMillis: Int64
    public var maximumMillis: Int64
    /// Failures in a row since the last success.
    public private(set) var failures = 0
    /// Nothing is tried before this wall-clock time.
    public private(set) var notBeforeMillis: Int64 = 0

    public init(initialMillis: Int64 = 1000, maximumMillis: Int64 = 300_000) {
        self.initialMillis = initialMillis
        self.maximumMillis = maximumMillis
    }

    /// Whether an attempt may start at `now`.
    public func mayAttempt(at now: Int64) -> Bool { now >= notBeforeMillis }

    /// A transient failure at `now`; `jitter` in 0..<1 spreads the retries of many stations after an
    /// outage ("full jitter": the wait is uniform between half and all of the backoff).
    public mutating func failed(at now: Int64, jitter: Double) {
        failures += 1
        let exponent = min(failures - 1, 30)
        let backoff = min(maximumMillis, initialMillis << Int64(exponent))
        let wait = backoff / 2 + Int64(Double(backoff / 2) * min(max(jitter, 0), 0.999_999))
        notBeforeMillis = now + wait
    }

    public mutating func succeeded() {
        failures = 0
        notBeforeMillis = 0
    }
}
