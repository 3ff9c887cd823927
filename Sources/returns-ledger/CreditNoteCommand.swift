import ArgumentParser
import LedgerServer

struct CreditNoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credit-note", abstract: "Credit notes.", subcommands: [Paid.self])

    struct Paid: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a credit note's refund as paid.")
        @OptionGroup var database: DatabaseOptions
        @Argument var number: String
        @Option(help: "Payment reference, e.g. the bank transfer id") var reference: String?

        func run() async throws {
            let credit = try await LedgerStore.withStore(url: try database.url()) { [number, reference] in
                try await $0.markPaid(number, reference: reference)
            }
            print("\(credit.number) \(credit.refundStatus.rawValue)")
        }
    }
}
