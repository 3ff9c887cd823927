import Foundation
import GRDB
import ReturnsCore
import StationArchive
import StationDaemon
import StationStore

/// Issue 13, scope 5: a simulated year of a busy dock with the archive on. Per simulated day: that day's orders
/// imported, returns of 20 scans (order, 18 items, close) through the real `ScanPipeline`, the ledger confirming
/// every note at the end of the day, and the archive run with the day's cutoff. Per month: the live database's
/// size, the archive's, and the acknowledgement latency of single scans taken alone and while the archive runs.
///
/// `returns-bench archive-year [SCANS] [AFTER_DAYS] [FOLDER]`: default 5,000,000 scans, 90 days, a folder
/// under the current directory (the same disk as the checkout).
enum ArchiveYearBenchmark {
    static let scansPerReturn = 20
    static let returnsPerDay = 685  // 13,700 scans a day: 5 million in a year
    static let timedScansPerDay = 40
    static let yearStartMillis: Int64 = 1_767_254_400_000  // 2026-01-01T08:00:00Z
    static let dayMillis: Int64 = 86_400_000
    static let gtins = ["4006381333931", "5060000000016", "0012345600012"]

    struct Month {
        var days = 0
        var scans = 0
        var ingestSeconds = 0.0
        var archiveSeconds = 0.0
        var aloneMicros: [Double] = []
        var duringArchiveMicros: [Double] = []
        var rawSameFileMicros: [Double] = []
        var rawFreshFileMicros: [Double] = []
    }

    /// A raw single-row commit on a connection set up as the store's writer (WAL, synchronous=FULL, read back).
    static func rawConnection(_ path: String) throws -> DatabaseQueue {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
            guard try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal", try Int.fetchOne(db, sql: "PRAGMA synchronous") == 2 else {
                throw StoreError(.sqlite, "the baseline connection did not take WAL and synchronous=FULL")
            }
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS bench_probe (id INTEGER PRIMARY KEY, v TEXT)")
        }
        return queue
    }

    static func rawCommits(_ queue: DatabaseQueue, count: Int) throws -> [Double] {
        try (0..<count).map { _ in
            let start = ContinuousClock.now
            try queue.write { db in try db.execute(sql: "INSERT INTO bench_probe(v) VALUES ('4006381333931')") }
            return seconds(ContinuousClock.now - start) * 1e6
        }
    }

    static func run(arguments: [String]) async throws {
        let totalScans = arguments.first.flatMap(Int.init) ?? 5_000_000
        let afterDays = arguments.dropFirst().first.flatMap(Int.init) ?? 90
        let folder = arguments.dropFirst(2).first ?? FileManager.default.currentDirectoryPath + "/.bench-archive-year"
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let store = try StationStore(path: folder + "/station.sqlite", stationID: "YEAR")
        print("# writer read back: journal_mode=\(try store.pragma("journal_mode") ?? "?") synchronous=\(try store.pragma("synchronous") ?? "?")")
        // The ledger's confirmations arrive on a connection of their own: this simulation has no ledger, and the
        // station's one-note-at-a-time delivery (recordDelivery) would dominate the run.
        let ledger = try DatabaseQueue(path: folder + "/station.sqlite")
        // Baselines in the same run on the same disk: raw single-row commits into the station's own file (as large
        // as it has grown) and into a small file of their own, both with the writer's settings.
        let rawSame = try rawConnection(folder + "/station.sqlite")
        let rawFresh = try rawConnection(folder + "/raw.sqlite")
        let archive = JournalArchive(folder: folder + "/archive")
        let clock = StationClock(wallMillis: { 0 }, monotonicNanos: { DispatchTime.now().uptimeNanoseconds },
                                 today: { LocalDate(daysSinceEpoch: Int($0 / dayMillis)) })
        let pipeline = try ScanPipeline(store: store, clock: clock)

        let days = max(1, totalScans / (scansPerReturn * returnsPerDay + timedScansPerDay))
        print("| month | days | scans so far | live scans | live database | archive files | ingest scans/s | archive s/day | scan alone p50 / p99 / p99.9 µs | scan during archive | raw commit, station file | raw commit, small file |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        var month = Month()
        var total = 0
        for day in 0..<days {
            let dayStart = yearStartMillis + Int64(day) * dayMillis
            try store.importOrders(orders(day: day), source: "day \(day)", atMillis: dayStart)
            let ingestStart = ContinuousClock.now
            for batch in stride(from: 0, to: returnsPerDay, by: 5) {
                let inputs = (batch..<min(batch + 5, returnsPerDay)).flatMap { returnScans(day: day, index: $0, dayStart: dayStart) }
                total += try await pipeline.submit(contentsOf: inputs).count
            }
            month.ingestSeconds += seconds(ContinuousClock.now - ingestStart)
            // Single scans, each acknowledged before the next is read: one return with nobody else writing.
            month.aloneMicros += try await timedReturn(pipeline, day: day, index: returnsPerDay, dayStart: dayStart)
            month.rawSameFileMicros += try rawCommits(rawSame, count: scansPerReturn)
            month.rawFreshFileMicros += try rawCommits(rawFresh, count: scansPerReturn)
            try await ledger.write { db in
                try db.execute(sql: "UPDATE outbox SET delivered_at = ?, attempts = attempts + 1 WHERE delivered_at IS NULL", arguments: [dayStart])
            }
            // The archive runs on a thread of its own while one more return is scanned single file.
            let cutoff = dayStart + dayMillis - Int64(afterDays) * dayMillis
            let archiveStart = ContinuousClock.now
            async let archived: Void = runOffPool { _ = try archive.run(store: store, rules: ArchiveRules(cutoffMillis: cutoff, requireDelivery: true), nowMillis: dayStart) }
            month.duringArchiveMicros += try await timedReturn(pipeline, day: day, index: returnsPerDay + 1, dayStart: dayStart)
            try await archived
            month.archiveSeconds += seconds(ContinuousClock.now - archiveStart)
            month.days += 1
            month.scans += returnsPerDay * scansPerReturn
            total += 2 * scansPerReturn
            if month.days == 30 || day == days - 1 {
                try printMonth(month, number: (day / 30) + 1, total: total, store: store, folder: folder)
                month = Month()
            }
        }
        try await afterTheYear(store: store, archive: archive, folder: folder)
    }

    static func printMonth(_ m: Month, number: Int, total: Int, store: StationStore, folder: String) throws {
        let live = try store.liveJournalSize()
        let file = fileBytes(folder + "/station.sqlite") + fileBytes(folder + "/station.sqlite-wal")
        let archived = ((try? FileManager.default.contentsOfDirectory(atPath: folder + "/archive")) ?? [])
            .reduce(Int64(0)) { $0 + fileBytes(folder + "/archive/" + $1) }
        func pct(_ samples: [Double]) -> String {
            let s = samples.sorted()
            guard !s.isEmpty else { return "–" }
            func at(_ q: Double) -> Int { Int(s[min(s.count - 1, Int(Double(s.count) * q))]) }
            return "\(at(0.5)) / \(at(0.99)) / \(at(0.999))"
        }
        print("| \(number) | \(m.days) | \(total) | \(live.scans) | \(mib(file)) (\(mib(live.bytes)) in use) | \(mib(archived)) | "
              + "\(Int(Double(m.scans) / m.ingestSeconds)) | \(String(format: "%.2f", m.archiveSeconds / Double(m.days))) | "
              + "\(pct(m.aloneMicros)) | \(pct(m.duringArchiveMicros)) | \(pct(m.rawSameFileMicros)) | \(pct(m.rawFreshFileMicros)) |")

    }

    /// Verifying everything, and reading archived history back the way the supervisor does.
    static func afterTheYear(store: StationStore, archive: JournalArchive, folder: String) async throws {
        let history = JournalHistory(store: store, archive: archive)
        var start = ContinuousClock.now
        let check = try archive.verify(store: store)
        print("\n# archive verify: ok=\(check.ok), \(check.records) records in \(check.files.count) files, \(String(format: "%.1f", seconds(ContinuousClock.now - start))) s")
        let through = check.archivedThrough
        start = ContinuousClock.now
        let page = try history.scans(after: through / 2, limit: 100)
        print("# a page of 100 archived scans from the middle of the year: \(String(format: "%.1f", seconds(ContinuousClock.now - start) * 1000)) ms (\(page.count) scans)")
        if let session = page.first(where: { $0.sessionID != nil })?.sessionID {
            start = ContinuousClock.now
            let found = try history.session(session)
            print("# an archived return (\(found?.scans.count ?? 0) scans, \(found?.items.count ?? 0) items): \(String(format: "%.1f", seconds(ContinuousClock.now - start) * 1000)) ms")
        }
    }

    static func orders(day: Int) -> [SalesOrder] {
        let delivered = LocalDate(daysSinceEpoch: Int((yearStartMillis + Int64(day) * dayMillis) / dayMillis) - 3)
        return (0..<(returnsPerDay + 2)).map { index in
            SalesOrder(number: "SO-\(day)-\(index)", customer: "Customer \(index % 97)", lines: gtins.enumerated().map { line, gtin in
                OrderLine(line: line + 1, sku: "SKU\(line)", gtin: try! GTIN(gtin), quantitySold: 6,
                          unitPrice: Money(minorUnits: 1990, currency: "EUR"), taxRateBasisPoints: 1900, deliveredOn: delivered, returnDays: 30)
            })
        }
    }

    static func returnScans(day: Int, index: Int, dayStart: Int64) -> [ScanInput] {
        let texts = ["SO-\(day)-\(index)"] + (0..<18).map { gtins[$0 % 3] } + ["CMD:CLOSE"]
        let at = dayStart + Int64(index) * 60_000
        return texts.enumerated().map { k, text in
            ScanInput(device: "dock", bytes: Array(text.utf8), monotonicNanos: UInt64(at + Int64(k) * 2000) * 1_000_000,
                      wallMillis: at + Int64(k) * 2000)
        }
    }

    /// Scans one return scan by scan, each acknowledged before the next; returns each scan's latency in µs.
    static func timedReturn(_ pipeline: ScanPipeline, day: Int, index: Int, dayStart: Int64) async throws -> [Double] {
        var micros: [Double] = []
        for input in returnScans(day: day, index: index, dayStart: dayStart) {
            let start = ContinuousClock.now
            _ = try await pipeline.submit(input)
            micros.append(seconds(ContinuousClock.now - start) * 1e6)
        }
        return micros
    }

    static func runOffPool(_ body: @escaping @Sendable () throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            Thread.detachNewThread { done.resume(with: Result { try body() }) }
        }
    }

    static func fileBytes(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }

    static func mib(_ bytes: Int64) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
}
