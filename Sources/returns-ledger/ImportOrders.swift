import ArgumentParser
import Foundation
import LedgerServer
import ReturnsCore

struct ImportOrders: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-orders", abstract: "Import orders from the station's CSV or JSON order format (all or nothing).")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "CSV or .json file") var file: String

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
        let orders: [SalesOrder]
        do { orders = try OrderImport.parse([UInt8](data), fileName: file) } catch {
            throw ValidationError("\(file): \(error)")
        }
        let count = try await LedgerStore.withStore(url: try database.url()) { try await $0.importOrders(orders) }
        print("imported \(count) order\(count == 1 ? "" : "s")")
    }
}
