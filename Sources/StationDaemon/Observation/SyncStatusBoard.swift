import Synchronization

/// What the sync engine last did, for `returnsctl sync` and `status`.
public final class SyncStatusBoard: Sendable {
    /// What the last failure was, so the supervisor reads the right sentence.
    public enum FailureKind: String, Sendable, Codable, Equatable {
        /// Down, timed out, 5xx, an answer that does not decode.
        case unreachable
        /// 401/403: the station's token.
        case tokenRefused
        /// The ledger refused one note (it is parked) or does not know its order yet.
        case noteRefused
    }

    public struct Snapshot: Sendable, Codable, Equatable {
        public var ledgerConfigured: Bool
        public var lastAttemptMillis: Int64?
        public var lastSuccessMillis: Int64?
        public var lastError: String?
        public var lastErrorKind: FailureKind?
        public var consecutiveFailures: Int
    }

    private let state: Mutex<Snapshot>

    public init(ledgerConfigured: Bool) {
        state = Mutex(Snapshot(ledgerConfigured: ledgerConfigured, consecutiveFailures: 0))
    }

    public var snapshot: Snapshot { state.withLock { $0 } }

    /// The token worked again (a lookup or the feed went through) while no note was waiting to prove it.
    public func tokenAccepted() {
        state.withLock { s in
            guard s.lastErrorKind == .tokenRefused else { return }
            s.lastError = nil
            s.lastErrorKind = nil
            s.consecutiveFailures = 0
        }
    }

    public func attempted(atMillis: Int64, error: String?, kind: FailureKind = .unreachable) {
        state.withLock { s in
            s.lastAttemptMillis = atMillis
            if let error {
                s.lastError = error
                s.lastErrorKind = kind
                s.consecutiveFailures += 1
            } else {
                s.lastSuccessMillis = atMillis
                s.lastError = nil
                s.lastErrorKind = nil
                s.consecutiveFailures = 0
            }
        }
    }
}

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

    /// Returns true when this is the first failure since the store last worked.
    @discardableResult
    public func failed(_ message: String, atMillis now: Int64) -> Bool {
        state.withLock { s in
            if s == nil {
                s = Failure(message: message, sinceMillis: now, failedBatches: 1)
                return true
            }
            s!.message = message
            s!.failedBatches += 1
            return false
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
