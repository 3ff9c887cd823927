import Foundation
import LedgerServer
import Logging
import ReturnsCore
import StationConfig
import StationDaemon
import StationStore

/// A station that was cut off from the ledger while it closed `notes` returns, then reconnects: how fast
/// does its outbox drain? Real store, real sync engine, real HTTP to the ledger started by the caller.
enum OutboxDrain {
    static func measure(notes: Int, ledgerURL: String, token: String, stateDir: String, logger: Logger) async throws -> (seconds: Double, rate: Double) {
        let configuration = try StationConfiguration(toml: """
            [station]
            id = "DRAIN"
            state_dir = "\(stateDir)"
            """)
        let runtime = try StationRuntime(configuration: configuration, logger: logger)
        // The order the returns are for: plenty of units, imported as the station would get it.
        let order = SalesOrder(number: "SO-DRAIN", customer: "Bench", lines: [
            OrderLine(line: 1, sku: "04006381333931", gtin: try GTIN("04006381333931"), quantitySold: 10_000_000,
                      unitPrice: Money(minorUnits: 1999, currency: "EUR"), taxRateBasisPoints: 1900,
                      deliveredOn: LocalDate(year: 2026, month: 11, day: 1)!, returnDays: 3650)])
        try runtime.store.importOrders([order], source: "bench", atMillis: 0)
        // Closing the notes while "offline": each return is order, item, close, committed together per 100 returns.
        var done = 0
        while done < notes {
            let count = min(100, notes - done)
            var inputs: [ScanInput] = []
            for _ in 0..<count {
                for text in ["SO-DRAIN", "4006381333931", "CMD:CLOSE"] {
                    inputs.append(ScanInput(device: "gun", bytes: Array(text.utf8), monotonicNanos: 0, wallMillis: runtime.clock.wallMillis()))
                }
            }
            _ = try await runtime.pipeline.submit(contentsOf: inputs)
            done += count
        }
        let waiting = try runtime.store.outboxDepth()
        precondition(waiting == notes, "expected \(notes) notes waiting, found \(waiting)")
        let client = try LedgerClient(baseURL: ledgerURL, token: token, caFile: nil)
        let sync = SyncService(runtime: runtime, client: client, settings: .init(lookupTimeout: .seconds(1), prefetchInterval: .seconds(3600)))
        let clock = ContinuousClock()
        let started = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await sync.run() }
            while try runtime.store.outboxDepth() > 0 { try await Task.sleep(for: .milliseconds(50)) }
            group.cancelAll()
        }
        let elapsed = started.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (seconds, Double(notes) / seconds)
    }
}
