import GRDB
import ReturnsCore

/// The station's durable state in one SQLite file: orders, sessions, the scan journal, notes, outbox.
///
/// WAL mode with `synchronous=FULL` on the connection that commits, so a committed transaction is on the
/// disk (the WAL is flushed at every commit) before anything is acknowledged; foreign keys on; one writer,
/// in one process at a time (`StateFolderLock`). Each write method is one transaction that keeps one
/// invariant (a scan and its effects, a note and its outbox entry, an order and its lines).
public final class StationStore: Sendable {
    public let stationID: String
    public let path: String
    let pool: DatabasePool
    private let lock: StateFolderLock
    private let gaugeBoard: StoreGaugeBoard

    /// How long a write waits for another connection (a `sqlite3` shell, a backup) before it fails.
    public static let busyTimeoutSeconds: Double = 5

    /// Opens (creating and migrating when new) the store at `path` for `stationID`.
    public init(path: String, stationID: String) throws(StoreError) {
        self.stationID = stationID
        self.path = path
        lock = try StateFolderLock(databasePath: path)
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(StationStore.busyTimeoutSeconds)
        do {
            pool = try DatabasePool(path: path, configuration: config)
            // GRDB switches the writer to WAL with `synchronous = NORMAL` after `prepareDatabase` runs, and in WAL
            // mode NORMAL does not flush at commit: a power cut would take back acknowledged scans. So FULL is set
            // here, on the writer itself, and read back from it; a store that cannot promise it does not open.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                let level = try Int.fetchOne(db, sql: "PRAGMA synchronous")
                guard level == 2 else {
                    throw StoreError(.sqlite, "SQLite kept synchronous = \(level.map(String.init) ?? "?") on the writer instead of FULL (2)", path: path)
                }
            }
            try StationStore.migrator.migrate(pool)
            try pool.write { db in
                // A write at open: SQLite quietly opens a file it cannot write read-only, and such a store would
                // start and then refuse every scan until a restart. Refused here, systemd retries the start.
                try db.execute(sql: "UPDATE settings SET value = value WHERE key = 'station_id'")
                if let owner = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'station_id'") {
                    guard owner == stationID else {
                        throw StoreError(.wrongStation, "this store belongs to station \(owner), not \(stationID)", path: path)
                    }
                } else {
                    try db.execute(sql: "INSERT INTO settings(key, value) VALUES ('station_id', ?), ('next_note_sequence', '1')",
                                   arguments: [stationID])
                }
            }
            gaugeBoard = try StoreGaugeBoard(pool: pool)
        } catch {
            throw StoreError.wrapping(error, path: path)
        }
    }

    /// Runs a write transaction, mapping every failure to a `StoreError`.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.write(body) } catch { throw StoreError.wrapping(error, path: path) }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.read(body) } catch { throw StoreError.wrapping(error, path: path) }
    }

    /// `write` on GRDB's own queue: callers on Swift's cooperative pool (two threads on a dock's box)
    /// must not block one of them on the disk.
    func writeAsync<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do { return try await pool.write(body) } catch { throw StoreError.wrapping(error, path: path) }
    }

    func readAsync<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do { return try await pool.read(body) } catch { throw StoreError.wrapping(error, path: path) }
    }

    /// Outbox depth, parked notes and open exceptions as of the last commit that changed them, from memory
    /// (``StoreGauges``): what status requests read instead of the database.
    public var gauges: StoreGauges { gaugeBoard.value }

    /// Closes every connection (checkpointing the WAL); the store cannot be used afterwards.
    public func close() throws(StoreError) {
        gaugeBoard.stop()
        // The folder stays locked while a connection might still be open (close failed): until deinit then.
        do { try pool.close() } catch { throw StoreError.wrapping(error, path: path) }
        lock.release()
    }

    /// SQLite's own settings as the writer sees them: the connection that commits is the one whose
    /// `synchronous` decides durability, so that is the one tests and diagnostics read.
    public func pragma(_ name: String) throws(StoreError) -> String? {
        do { return try pool.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA \(name)") } } catch {
            throw StoreError.wrapping(error, path: path)
        }
    }

    /// The settings that decide what a commit costs and promises, as `pragma` reads them from the writer.
    public static let writerSettingNames = ["journal_mode", "synchronous", "page_size", "wal_autocheckpoint", "foreign_keys", "busy_timeout"]

    /// Limits the database file to `pages` pages: the way tests make SQLite report a full disk.
    public func limitPageCount(_ pages: Int) throws(StoreError) {
        try write { db in try db.execute(sql: "PRAGMA max_page_count = \(pages)") }
    }
}
