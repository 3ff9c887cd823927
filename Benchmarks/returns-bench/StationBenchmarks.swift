import Foundation
import GRDB
import ReturnsCore
import StationDaemon
import StationStore

/// Issue 2's figures: decoding and matching in memory, and durable commits end to end.
enum StationBenchmarks {
    static let ordersCSV = """
    order,line,sku,gtin,description,quantity,unit_price,currency,tax_rate,serials,lot,returnable,delivered_on,return_days,customer
    SO-1,1,HP,04006381333931,Headphones,100000000,59.90,EUR,19,,,true,2026-11-02,30,Bench
    SO-1,2,VIT,05060000000016,Vitamins,100000000,12.50,EUR,7,,L1,true,2026-11-02,30,Bench
    SO-1,3,CBL,00012345600012,Cable,100000000,9.99,EUR,19,,,true,2026-11-02,30,Bench
    """
    /// A realistic mix: plain EAN-13, GS1-128 with lot and expiry, UPC-A, and a condition command.
    static let mix = ["4006381333931", "]C1010506000000001610L1\u{1D}17271231", "012345600012", "COND:OPENED"]

    static func inMemory() throws -> [BenchResult] {
        let order = try OrderImport.parseCSV(ordersCSV)[0]
        let classifier = ScanClassifier()
        let today = LocalDate(year: 2026, month: 11, day: 20)!
        var results: [BenchResult] = []
        let n = 200_000
        var i = 0
        let decodeRate = ratePerSecond(iterations: n) {
            _ = classifier.classify(mix[i & 3])
            i += 1
        }
        results.append(BenchResult(name: "decode (classify) in memory", value: decodeRate, unit: "scans/s", note: "mix of EAN-13, GS1-128 with lot+expiry, UPC-A, command"))
        var state = StationState()
        let open = ScanContext(lane: "A", device: "A", scanID: "open", wallMillis: 0, monotonicNanos: 0, today: today)
        _ = state.apply(classifier.classify("SO-1"), context: open, lookedUp: order)
        var counter: UInt64 = 0
        let matchRate = ratePerSecond(iterations: n) {
            counter += 1
            let context = ScanContext(lane: "A", device: "A", scanID: "s", wallMillis: 0, monotonicNanos: counter, today: today)
            _ = state.apply(classifier.classify(mix[Int(counter) & 3]), context: context)
            if counter % 200 == 0 {  // keep the session a realistic size: cancel and reopen
                _ = state.apply(classifier.classify("CMD:CANCEL"), context: context)
                _ = state.apply(classifier.classify("SO-1"), context: context, lookedUp: order)
            }
        }
        results.append(BenchResult(name: "decode + match in memory", value: matchRate, unit: "scans/s", note: "StationState.apply, sessions of up to 200 scans"))
        return results
    }

    static func durable() async throws -> [BenchResult] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("returns-bench-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var results: [BenchResult] = []

        // Raw baseline: one single-row INSERT per transaction on a connection opened exactly as the store's writer
        // is (WAL, synchronous=FULL set on the writer after GRDB's own WAL setup, busy timeout), same disk, same run.
        // Both settings are read back from the connections that commit and printed with the figures.
        var config = Configuration()
        config.busyMode = .timeout(StationStore.busyTimeoutSeconds)
        let raw = try DatabasePool(path: dir + "/raw.sqlite", configuration: config)
        let rawSettings = try await raw.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            return try "journal_mode=\(String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "?") synchronous=\(Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1)"
        }
        try await raw.write { db in try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)") }
        let rawRate = try ratePerSecond(iterations: 2000) { () throws -> Void in
            try raw.write { (db: Database) throws -> Void in try db.execute(sql: "INSERT INTO t(v) VALUES ('4006381333931')") }
        }
        results.append(BenchResult(name: "baseline: raw SQLite single-row commits", value: rawRate, unit: "commits/s",
                                   note: "writer read back: \(rawSettings)"))
        let storeProbe = try StationStore(path: dir + "/probe.sqlite", stationID: "BENCH")
        let storeSettings = "journal_mode=\(try storeProbe.pragma("journal_mode") ?? "?") synchronous=\(try storeProbe.pragma("synchronous") ?? "?")"
        try storeProbe.close()
        results.append(BenchResult(name: "station store writer settings", value: 0, unit: "",
                                   note: "read back: \(storeSettings) (must equal the baseline's)"))

        // End to end through replay: classify, match, journal, one transaction per scan.
        let ordersPath = dir + "/orders.csv"
        try Data(ordersCSV.utf8).write(to: URL(fileURLWithPath: ordersPath))
        let n = 2000
        var script = "SO-1\n"
        for k in 0..<n { script += ScanTextEscapes.printable(mix[k & 3]) + "\n" }
        let replayer = Replayer(stateDirectory: dir + "/replay", stationID: "BENCH", ordersFile: ordersPath,
                                clock: .pinned(today: LocalDate(year: 2026, month: 11, day: 20)!))
        let parsed = try ScanScript(script)
        let clock = ContinuousClock()
        var receipts = 0
        let elapsed = try await clock.measure { receipts = try await replayer.run(script: parsed) { _ in }.count }
        results.append(BenchResult(name: "replay end to end, one commit per scan", value: Double(receipts) / seconds(elapsed), unit: "scans/s",
                                   note: "\(receipts) scans incl. order import and open"))

        // Group commit: bursts of 50 (an RFID tote) share one transaction.
        let store = try StationStore(path: dir + "/group.sqlite", stationID: "BENCH")
        try store.importOrders(try OrderImport.parseCSV(ordersCSV), source: "bench", atMillis: 0)
        let pipeline = try ScanPipeline(store: store, clock: .pinned(today: LocalDate(year: 2026, month: 11, day: 20)!))
        _ = try await pipeline.submit(ScanInput(device: "A", bytes: Array("SO-1".utf8), monotonicNanos: 0, wallMillis: 0))
        var total = 0
        let groupElapsed = try await clock.measure {
            for burst in 0..<100 {
                let inputs = (0..<50).map { k in
                    ScanInput(device: "A", bytes: Array(mix[(burst * 50 + k) & 3].utf8), monotonicNanos: UInt64(burst * 50 + k), wallMillis: 0)
                }
                total += try await pipeline.submit(contentsOf: inputs).count
            }
        }
        results.append(BenchResult(name: "group commit, bursts of 50", value: Double(total) / seconds(groupElapsed), unit: "scans/s",
                                   note: "each burst one transaction, every scan acknowledged after it"))
        return results
    }
}
