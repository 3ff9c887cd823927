import ArgumentParser
import Foundation
import LedgerServer

/// `returns-ledger`: the central ledger. Each subcommand parses its arguments and calls LedgerServer.
@main
struct ReturnsLedger: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "returns-ledger",
        abstract: "The central returns ledger on PostgreSQL: orders, cross-station returns, stock movements, credit notes.",
        subcommands: [Migrate.self, Serve.self, StationCommand.self, CredentialCommand.self, ImportOrders.self, RMACommand.self, CreditNoteCommand.self])
}

/// `--database-url`, else `DATABASE_URL`.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "postgres://user[:password]@host[:port]/db[?sslmode=disable|prefer|require] (default: $DATABASE_URL)")
    var databaseURL: String?

    func url() throws -> DatabaseURL {
        guard let text = databaseURL ?? ProcessInfo.processInfo.environment["DATABASE_URL"] else {
            throw ValidationError("set DATABASE_URL or pass --database-url")
        }
        return try DatabaseURL(text)
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply the schema migrations not yet applied (safe to repeat).")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let applied = try await LedgerStore.withStore(url: try database.url()) { try await $0.migrate() }
        print(applied.isEmpty ? "schema is up to date" : "applied migrations \(applied.map(String.init).joined(separator: ", "))")
    }
}
