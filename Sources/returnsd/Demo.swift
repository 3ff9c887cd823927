import ArgumentParser
import Foundation
import ReturnsCore
import StationDaemon

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Process a whole sample return on a fresh embedded store and print what happened.")

    @Option(help: "State folder for the demo's store (default: a new temporary folder).")
    var stateDir: String?
    @Flag(help: "Print JSON lines instead of the readable report.")
    var json = false

    func run() async throws {
        let folder = stateDir ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("returnsd-demo-\(UUID().uuidString.prefix(8))").path
        let ordersPath = folder + "/orders.csv"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(DemoData.orders.utf8).write(to: URL(fileURLWithPath: ordersPath))
        let replayer = Replayer(stateDirectory: folder, stationID: "DOCK1", ordersFile: ordersPath,
                                lanes: LaneMap(["rfid": ScanScript.defaultDevice]), clock: .pinned(today: DemoData.today))
        if !json {
            print("ReturnStation demo: station DOCK1, store \(folder)/station.sqlite, today pinned to \(DemoData.today)")
            print("Orders imported from the bundled Examples/orders.csv; scans from Examples/demo-scans.txt.\n")
        }
        let json = self.json
        let receipts = try await replayer.run(script: try ScanScript(DemoData.scans)) { receipt in
            if json {
                ReplayReport.jsonLines(for: receipt).forEach { print($0) }
            } else {
                print(HumanReport.line(for: receipt))
                if let note = receipt.note { print(HumanReport.note(note)) }
            }
        }
        if !json {
            var counts: [ScanOutcome: Int] = [:]
            for receipt in receipts { counts[receipt.decision.outcome, default: 0] += 1 }
            let summary = ScanOutcome.allCases.compactMap { o in counts[o].map { "\(o.rawValue) \($0)" } }.joined(separator: ", ")
            print("\(receipts.count) scans: \(summary)")
            print("Every scan above was committed to SQLite before it was printed. Inspect it with:")
            print("  sqlite3 \(folder)/station.sqlite 'SELECT seq, outcome, text FROM scans'")
        }
    }
}
