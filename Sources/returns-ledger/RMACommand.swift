import ArgumentParser
import LedgerProtocol
import LedgerServer

struct RMACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rma", abstract: "Return authorisations.", subcommands: [Create.self, Cancel.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Authorise a return and print the RMA number.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Order number") var order: String
        @Option(name: .customLong("line"), help: "LINE:QUANTITY (repeatable)") var lines: [String]
        @Option(name: .customLong("expires-in"), help: "14d, 2w or days (default: 30d)") var expiresIn: String?
        @Option(name: .customLong("created-by"), help: "Who authorised it") var createdBy = "customer-service"

        func run() async throws {
            let request = RMACreateRequest(orderNumber: order, lines: try lines.map(CommandLineValues.rmaLine),
                                           expiresInDays: try expiresIn.map(CommandLineValues.days))
            let rma = try await LedgerStore.withStore(url: try database.url()) { [createdBy] in
                try await $0.createRMA(request, createdBy: createdBy)
            }
            print(rma.number)
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel an RMA.")
        @OptionGroup var database: DatabaseOptions
        @Argument var number: String

        func run() async throws {
            let rma = try await LedgerStore.withStore(url: try database.url()) { [number] in try await $0.cancelRMA(number) }
            print("\(rma.number) \(rma.status.rawValue)")
        }
    }
}
