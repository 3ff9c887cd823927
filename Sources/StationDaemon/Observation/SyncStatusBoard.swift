import Synchronization

/// What the sync engine last did, for `returnsctl sync` and `status`.
public final class SyncStatusBoard: Sendable {
    public struct Snapshot: Sendable, Codable, Equatable {
        public var ledgerConfigured: Bool
        public var lastAttemptMillis: Int64?
        public var lastSuccessMillis: Int64?
        public var lastError: String?
        public var consecutiveFailures: Int
    }

    private let state: Mutex<Snapshot>

    public init(ledgerConfigured: Bool) {
        state = Mutex(Snapshot(ledgerConfigured: ledgerConfigured, consecutiveFailures: 0))
    }

    public var snapshot: Snapshot { state.withLock { $0 } }

    public func attempted(atMillis: Int64, error: String?) {
        state.withLock { s in
            s.lastAttemptMillis = atMillis
            if let error {
                s.lastError = error
                s.consecutiveFailures += 1
            } else {
                s.lastSuccessMillis = atMillis
                s.lastError = nil
                s.consecutiveFailures = 0
            }
        }
    }
}
