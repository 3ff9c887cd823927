import GRDB
import Synchronization

/// The counts the supervisor's status and metrics show, kept current by the store itself: a GRDB
/// `DatabaseRegionObservation` over the outbox's and the exceptions' state columns counts them again on the
/// writer, right after each commit that changed those columns (a closed note, a delivery, a parked note, an
/// exception raised or decided) and before that write returns, so a scan's acknowledgement is never ahead of
/// them; a plain scan costs nothing. A status request reads the last value from memory: no store read per
/// request, and none on Swift's cooperative threads.
public struct StoreGauges: Sendable, Hashable {
    /// Notes not yet delivered to the ledger, parked ones included.
    public var outboxDepth: Int
    /// Notes the ledger refused, waiting for `returnsctl sync retry`.
    public var parkedNotes: Int
    public var openExceptions: Int

    public init(outboxDepth: Int = 0, parkedNotes: Int = 0, openExceptions: Int = 0) {
        self.outboxDepth = outboxDepth
        self.parkedNotes = parkedNotes
        self.openExceptions = openExceptions
    }

    /// The same counts the store's direct reads make (`outboxDepth()`, `parkedNoteCount()`), in one read.
    static func fetch(_ db: Database) throws -> StoreGauges {
        StoreGauges(outboxDepth: try StationStore.outboxDepth(db), parkedNotes: try StationStore.parkedNoteCount(db),
                    openExceptions: try StationStore.openExceptionCount(db))
    }
}

/// The observation and its latest value, seeded by one read when the store opens.
final class StoreGaugeBoard: Sendable {
    private let latest: Mutex<StoreGauges>
    private let observation = Mutex<AnyDatabaseCancellable?>(nil)

    /// Only the state columns: a transient failure's `attempts`, `last_error` and `next_attempt_at` change no count,
    /// so a ledger outage's retries recount nothing. The counts use the partial indexes of migration v5.
    private static let region = DatabaseRegionObservation(tracking:
        SQLRequest<Row>(sql: "SELECT delivered_at, failed_permanently FROM outbox"),
        SQLRequest<Row>(sql: "SELECT status FROM exceptions"))

    init(pool: DatabasePool) throws {
        latest = Mutex(try pool.read(StoreGauges.fetch))
        let cancellable = Self.region.start(
            in: pool,
            // The region is fixed and known to be valid once the schema is migrated; an error here is a bug.
            onError: { error in assertionFailure("the store's gauges cannot be observed: \(error)") },
            // Counted again in full, not by deltas: a count that failed once is right again at the next change.
            onChange: { [weak self] db in if let value = try? StoreGauges.fetch(db) { self?.latest.withLock { $0 = value } } })
        observation.withLock { $0 = cancellable }
    }

    var value: StoreGauges { latest.withLock { $0 } }

    /// Stops observing (before the pool closes).
    func stop() { observation.withLock { $0?.cancel(); $0 = nil } }
}
