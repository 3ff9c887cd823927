import Foundation
import Logging
import PostgresNIO

/// The ledger's only door to PostgreSQL: every SQL statement lives in this type's extensions.
///
/// Each write method is one transaction that keeps one invariant ("a note and all its effects", "an import").
/// The store holds no state of its own besides the client, so any number of instances can share one database.
///
/// ```swift
/// try await LedgerStore.withStore(url: try DatabaseURL(env)) { store in
///     try await store.migrate()
/// }
/// ```
public struct LedgerStore: Sendable {
    public let client: PostgresClient
    public let configuration: LedgerConfiguration
    let logger: Logger

    /// The caller runs `client.run()` (directly or as a service) for as long as the store is used.
    public init(client: PostgresClient, configuration: LedgerConfiguration = .init(), logger: Logger = Logger(label: "ledger.store")) {
        self.client = client
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs `body` with a store whose client runs for exactly that long (command-line tools, tests).
    public static func withStore<T: Sendable>(
        url: DatabaseURL, configuration: LedgerConfiguration = .init(), logger: Logger = Logger(label: "ledger.store"),
        _ body: @Sendable (LedgerStore) async throws -> T
    ) async throws -> T {
        var background = logger
        background.logLevel = .error  // not "run() hasn't been called yet": it is, in the task next to `body`
        let client = PostgresClient(configuration: url.clientConfiguration, backgroundLogger: background)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(LedgerStore(client: client, configuration: configuration, logger: logger))
        }
    }

    /// One transaction: BEGIN, `body`, COMMIT; ROLLBACK and rethrow `body`'s own error unchanged when it throws.
    ///
    /// (PostgresClient.withTransaction wraps errors in its own type; the HTTP edge needs ours as they were.)
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                let value = try await body(connection)
                try await connection.query("COMMIT", logger: logger)
                return value
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }
}

extension PSQLError {
    /// The SQLSTATE, e.g. `23505` for a unique violation.
    var sqlState: String? { serverInfo?[.sqlState] }
    var constraintName: String? { serverInfo?[.constraintName] }
}
