import Synchronization

/// Whether the store takes writes: the last failed commit until the next one succeeds, for `status`,
/// systemd's STATUS= and the log. Scans are retried as they come, so the board clears by itself once the
/// cause (a full disk, a read-only folder, another process's lock) is gone.
public final class StoreHealthBoard: Sendable {
    public struct Failure: Sendable, Equatable {
        public var message: String
        public var sinceMillis: Int64
        public var failedBatches: Int
    }

    private let state = Mutex<Failure?>(nil)
    public init() {}

    public var failure: Failure? { state.withLock { $0 } }

    /// A transaction failed: the first since the store last worked starts the failure, later ones count in.
    public func failed(_ message: String, atMillis now: Int64) {
        state.withLock { s in
            s = Failure(message: message, sinceMillis: s?.sinceMillis ?? now, failedBatches: (s?.failedBatches ?? 0) + 1)
        }
    }

    /// Returns the failure that just ended, if any.
    public func committed() -> Failure? {
        state.withLock { s in
            defer { s = nil }
            return s
        }
    }
}
