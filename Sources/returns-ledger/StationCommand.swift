import ArgumentParser
import LedgerServer

struct StationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "station", abstract: "Manage station tokens.", subcommands: [Add.self, Revoke.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a station and print its bearer token (shown only this once).")
        @OptionGroup var database: DatabaseOptions
        @Argument var name: String
        @Flag(help: "Replace the token of an active station") var rotate = false

        func run() async throws {
            let token = try await LedgerStore.withStore(url: try database.url()) { [name, rotate] in
                try await $0.addStation(name, rotate: rotate)
            }
            print(token)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a station's token at once.")
        @OptionGroup var database: DatabaseOptions
        @Argument var name: String

        func run() async throws {
            try await LedgerStore.withStore(url: try database.url()) { [name] in try await $0.revokeStation(name) }
            print("revoked \(name)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List stations.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let stations = try await LedgerStore.withStore(url: try database.url()) { try await $0.stations().map { "\($0.name)\t\($0.active ? "active" : "revoked")" } }
            stations.forEach { print($0) }
        }
    }
}
