import GRDB
import ReturnsCore

/// The station's durable state in one SQLite file: orders, sessions, the scan journal, notes, outbox.
///
/// WAL mode with `synchronous=FULL`, so a committed transaction survives power loss; foreign keys on;
/// one writer. Each write method is one transaction that keeps one invariant (a scan and its effects,
/// a note and its outbox entry, an order and its lines).
public final class StationStore: Sendable {
    public let stationID: String
    public let path: String
    let pool: DatabasePool

    /// Opens (creating and migrating when new) the store at `path` for `stationID`.
    public init(path: String, stationID: String) throws(StoreError) {
        self.stationID = stationID
        self.path = path
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try StationStore.migrator.migrate(pool)
            try pool.write { db in
                if let owner = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'station_id'") {
                    guard owner == stationID else {
                        throw StoreError(.wrongStation, "this store belongs to station \(owner), not \(stationID)", path: path)
                    }
                } else {
                    try db.execute(sql: "INSERT INTO settings(key, value) VALUES ('station_id', ?), ('next_note_sequence', '1')",
                                   arguments: [stationID])
                }
            }
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

    /// Closes every connection (checkpointing the WAL); the store cannot be used afterwards.
    public func close() throws(StoreError) {
        do { try pool.close() } catch { throw StoreError.wrapping(error, path: path) }
    }

    /// SQLite's own settings as seen by a connection, for tests and diagnostics.
    public func pragma(_ name: String) throws(StoreError) -> String? {
        try read { db in try String.fetchOne(db, sql: "PRAGMA \(name)") }
    }

    /// Limits the database file to `pages` pages: the way tests make SQLite report a full disk.
    public func limitPageCount(_ pages: Int) throws(StoreError) {
        try write { db in try db.execute(sql: "PRAGMA max_page_count = \(pages)") }
    }
}
