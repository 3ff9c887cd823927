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
