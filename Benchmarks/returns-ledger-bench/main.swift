import AsyncHTTPClient
import Foundation
import Hummingbird
import LedgerProtocol
import LedgerServer
import Logging
import NIOCore
import PostgresNIO
import ReturnsCore
import ReturnsTestKit
import ServiceLifecycle

// Return notes accepted per second by one ledger with 1, 8 and 32 concurrent stations, next to plain
// single-row transactional inserts into the same PostgreSQL in the same run. fsync stays on: with it off
// the figures would measure nothing a dock relies on.
// Build in release: swift build -c release --product returns-ledger-bench
let seconds = Double(ProcessInfo.processInfo.environment["BENCH_SECONDS"] ?? "5") ?? 5
let levels = [1, 8, 32]
let cluster = try await PostgresCluster.start(fsync: true, label: "ledger-bench")
let url = try await cluster.createDatabase(prefix: "bench")
let logger: Logger = {
    var logger = Logger(label: "bench")
    logger.logLevel = .error
    return logger
}()

// The application runs the store's PostgreSQL client as one of its services; setup waits for it to listen.
let client = PostgresClient(configuration: try DatabaseURL(url).clientConfiguration, backgroundLogger: logger)
let store = LedgerStore(client: client, logger: logger)
let port = try PostgresCluster.freePort()
let app = try LedgerApplication.make(store: store, listen: ListenConfiguration(host: "127.0.0.1", port: port), logger: logger)
let base = "http://127.0.0.1:\(port)"
try await withThrowingTaskGroup(of: Void.self) { group in
    group.addTask { try await app.runService(gracefulShutdownSignals: []) }
    _ = try await store.migrate()
    let lines = [OrderLine(line: 1, sku: "04006381333931", gtin: try GTIN("04006381333931"), quantitySold: 10_000_000,
                           unitPrice: Money(minorUnits: 1999, currency: "EUR"), taxRateBasisPoints: 1900,
                           deliveredOn: LocalDate(year: 2026, month: 11, day: 1)!, returnDays: 3650)]
    var issued: [String] = []
    for worker in 0..<levels.max()! {
        _ = try await store.importOrders([SalesOrder(number: "SO-B\(worker)", customer: "Bench", lines: lines)])
        issued.append(try await store.addStation("bench-\(worker)"))
    }
    let tokens = issued
    try await store.client.withConnection { c in
        try await c.query("CREATE TABLE bench_inserts (id BIGSERIAL PRIMARY KEY, station TEXT NOT NULL, at TIMESTAMPTZ NOT NULL DEFAULT now())", logger: logger)
    }

    do {
        // Wait for the listener.
        for _ in 0..<100 {
            if (try? await HTTPClient.shared.execute(HTTPClientRequest(url: base + "/v1/health"), timeout: .seconds(1)))?.status == .ok { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        print("| stations | notes accepted/s (HTTP, one transaction each) | plain single-row inserts/s |")
        print("|---|---|---|")
        for workers in levels {
            let notes = try await BenchLoop.rate(workers: workers, seconds: seconds) { worker, iteration in
                let note = BenchNote.make(worker: worker, number: "RN-B\(workers)-\(worker)-\(iteration)")
                var request = HTTPClientRequest(url: base + "/v1/return-notes")
                request.method = .POST
                request.headers.add(name: "Authorization", value: "Bearer \(tokens[worker])")
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(note)))
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                _ = try await response.body.collect(upTo: 1 << 20)
                guard response.status.code == 201 else { throw BenchFailure("HTTP \(response.status.code)") }
            }
            let inserts = try await BenchLoop.rate(workers: workers, seconds: seconds) { worker, _ in
                try await store.client.withConnection { c in
                    try await c.query("BEGIN", logger: logger)
                    try await c.query("INSERT INTO bench_inserts (station) VALUES (\("bench-\(worker)"))", logger: logger)
                    try await c.query("COMMIT", logger: logger)
                }
            }
            print("| \(workers) | \(Int(notes)) | \(Int(inserts)) |")
        }
        let drainNotes = Int(ProcessInfo.processInfo.environment["BENCH_DRAIN_NOTES"] ?? "10000") ?? 10000
        let drainToken = try await store.addStation("DRAIN")
        _ = try await store.importOrders([SalesOrder(number: "SO-DRAIN", customer: "Bench", lines: lines)])
        let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("drain-\(UUID().uuidString.prefix(8))").path
        let drained = try await OutboxDrain.measure(notes: drainNotes, ledgerURL: base, token: drainToken, stateDir: stateDir, logger: logger)
        print("")
        print("outbox drain after an outage: \(drainNotes) notes delivered in \(String(format: "%.1f", drained.seconds)) s = \(Int(drained.rate)) notes/s")
        try? FileManager.default.removeItem(atPath: stateDir)
    }
    group.cancelAll()
}
await cluster.stop()
