import PostgresNIO

extension LedgerStore {
    /// Any fixed number works; all instances use this one so concurrent `migrate` runs take turns.
    private static let migrationLockKey: Int64 = 0x5245_5455_524E_53

    /// Applies every migration not yet recorded in `schema_migrations`; safe to run again and from several
    /// instances at once. Returns the versions applied by this call.
    @discardableResult
    public func migrate() async throws -> [Int] {
        var applied: [Int] = []
        for migration in LedgerMigrations.all {
            let didApply = try await transaction { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLockKey))", logger: logger)
                try await connection.query("""
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                    """, logger: logger)
                let rows = try await connection.query(
                    "SELECT 1 FROM schema_migrations WHERE version = \(migration.version)", logger: logger)
                for try await _ in rows { return false }
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))",
                    logger: logger)
                return true
            }
            if didApply {
                logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                applied.append(migration.version)
            }
        }
        return applied
    }

    /// The highest applied migration, 0 on an empty database.
    public func schemaVersion() async throws -> Int {
        let rows = try await client.query("""
            SELECT COALESCE(MAX(version), 0)::integer FROM schema_migrations
            """, logger: logger)
        for try await version in rows.decode(Int.self) { return version }
        return 0
    }
}

extension LedgerStore {
    /// The schema version this build needs; `serve` refuses an older database.
    public static var latestSchemaVersion: Int { LedgerMigrations.latestVersion }
}
