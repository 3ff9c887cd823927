import ArgumentParser
import LedgerServer

extension LedgerRole: ExpressibleByArgument {}

/// Tokens for people and scripts beside the stations: customer service, finance, administrators.
struct CredentialCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credential", abstract: "Manage credentials for customer service, finance and administrators.",
        discussion: "Each role may use the routes listed in docs/SECURITY.md; a wrong role gets 403 naming the role it needs.",
        subcommands: [Add.self, Revoke.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a credential and print its bearer token (shown only this once).")
        @OptionGroup var database: DatabaseOptions
        @Argument var name: String
        @Option(help: "customer-service, finance or admin") var role: LedgerRole
        @Flag(help: "Replace the token of an active credential") var rotate = false

        func run() async throws {
            let token = try await LedgerStore.withStore(url: try database.url()) { [name, role, rotate] in
                try await $0.addCredential(name, role: role, rotate: rotate)
            }
            print(token)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a credential's token at once.")
        @OptionGroup var database: DatabaseOptions
        @Argument var name: String

        func run() async throws {
            try await LedgerStore.withStore(url: try database.url()) { [name] in try await $0.revokeCredential(name) }
            print("revoked \(name)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List credentials with their roles.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let rows = try await LedgerStore.withStore(url: try database.url()) {
                try await $0.credentials().map { "\($0.name)\t\($0.role)\t\($0.active ? "active" : "revoked")" }
            }
            rows.forEach { print($0) }
        }
    }
}
