import Foundation
import ReturnsCore
import ReturnsTestKit
import Synchronization
import Testing
@testable import StationDaemon
@testable import StationStore

/// Counts transactions as the pipeline reports them.
final class BatchLog: Sendable {
    let sizes = Mutex<[Int]>([])
    let failures = Mutex<Int>(0)
    var observers: PipelineObservers {
        PipelineObservers(batchCommitted: { n in self.sizes.withLock { $0.append(n) } },
                          batchFailed: { _ in self.failures.withLock { $0 += 1 } })
    }
}

@Suite struct ScanPipelineTests {
    let dir = TemporaryDirectory("pipeline")

    func makeStore() throws -> StationStore {
        let store = try StationStore(path: dir.file("station.sqlite"), stationID: "DOCK1")
        try store.importOrders(try OrderImport.parseCSV(DemoData.orders), source: "demo", atMillis: 0)
        return store
    }

    func input(_ text: String, device: String = "scanner", nanos: UInt64 = 0) -> ScanInput {
        ScanInput(device: device, bytes: ScanTextEscapes.unescape(text), monotonicNanos: nanos, wallMillis: 1_700_000_000_000)
    }

    @Test func scansThatArriveTogetherShareOneTransaction() async throws {
        let log = BatchLog()
        let pipeline = try ScanPipeline(store: try makeStore(), clock: .pinned(today: DemoData.today), observers: log.observers)
        _ = try await pipeline.submit(input("SO-1001"))
        let epcs = ["3074257BF7194E4000001A85"] + (0..<49).map { _ in "garbage" }
        let receipts = try await pipeline.submit(contentsOf: epcs.map { input($0, nanos: 5) })
        #expect(receipts.count == 50)
        #expect(receipts[0].decision.outcome == .accepted)
        #expect(Set(receipts.compactMap(\.seq)).count == 50)
        #expect(log.sizes.withLock { $0 } == [1, 50])  // one transaction for the whole burst
    }

    @Test func concurrentLanesAreAllCommittedAndAcknowledged() async throws {
        let log = BatchLog()
        let store = try makeStore()
        let pipeline = try ScanPipeline(store: store, clock: .pinned(today: DemoData.today), observers: log.observers)
        let lanes = (1...8).map { "lane\($0)" }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in lanes {
                group.addTask {
                    _ = try await pipeline.submit(input("SO-1003", device: lane))
                    for _ in 0..<5 { _ = try await pipeline.submit(input("hello", device: lane)) }
                }
            }
            try await group.waitForAll()
        }
        #expect(log.sizes.withLock { $0.reduce(0, +) } == 48)
        #expect(try store.scans().count == 48)
        #expect(await pipeline.openSessions.count == 8)
    }

    @Test func aScanThatCannotBeStoredIsNotAcknowledgedAndLeavesNoTrace() async throws {
        let log = BatchLog()
        let store = try makeStore()
        let pipeline = try ScanPipeline(store: store, clock: .pinned(today: DemoData.today), observers: log.observers)
        _ = try await pipeline.submit(input("SO-1001"))
        try store.limitPageCount(Int(try store.pragma("page_count")!)!)
        let burst = [input("4006381333931")] + (0..<300).map { _ in input(String(repeating: "Z", count: 400)) }
        await #expect(throws: PipelineError.self) { try await pipeline.submit(contentsOf: burst) }
        #expect(log.failures.withLock { $0 } == 1)
        try store.limitPageCount(1_000_000)
        // Memory was put back: the headphones of the failed batch do not count.
        let again = try await pipeline.submit(input("4006381333931"))
        #expect(again.decision.outcome == .accepted)
        #expect(again.decision.detail.contains("1 of 2"))
        #expect(try store.scans().map(\.outcome) == ["sessionOpened", "accepted"])
    }

    @Test func aLanesBacklogGoesInOneTransactionPerOrderEachRefreshedFirst() async throws {
        let log = BatchLog()
        let pipeline = try ScanPipeline(store: try makeStore(), clock: .pinned(today: DemoData.today), observers: log.observers)
        let ledger = RecordingOrderSource(log: log)
        await pipeline.setOrderSource(ledger)
        let backlog = ["SO-1001", "4006381333931", "COND:NEW", "CMD:CLOSE", "SO-1003", "hello", "hello"].map { input($0) }
        let results = await pipeline.submitInOrder(backlog)
        let receipts = try results.map { try $0.get() }
        #expect(receipts.count == backlog.count)
        #expect(receipts[1].decision.outcome == .accepted)
        #expect(receipts[3].note != nil)
        #expect(receipts[4].decision.outcome == .sessionOpened)
        // Each order was asked for before it was decided, and only after everything scanned before it was stored.
        #expect(ledger.refreshes.withLock { $0 } == [RecordingOrderSource.Refresh(order: "SO-1001", committedBefore: 0),
                                                     RecordingOrderSource.Refresh(order: "SO-1003", committedBefore: 4)])
        #expect(log.sizes.withLock { $0 } == [4, 3])  // seven scans, two transactions
    }

    @Test func aLongBacklogIsCutIntoGroupsOfBoundedSize() async throws {
        let log = BatchLog()
        let pipeline = try ScanPipeline(store: try makeStore(), clock: .pinned(today: DemoData.today), observers: log.observers)
        let limit = ScanPipeline.largestLaneGroup
        let results = await pipeline.submitInOrder((0..<(2 * limit + 1)).map { _ in input("4006381333931") })
        #expect(results.allSatisfy { (try? $0.get()) != nil })
        #expect(log.sizes.withLock { $0 } == [limit, limit, 1], "one scan more than two groups hold starts a third")
    }

    @Test func aBacklogScanThatCannotBeStoredFailsAloneAndIsNotAcknowledged() async throws {
        let log = BatchLog()
        let store = try makeStore()
        try await store.pool.write { db in
            try db.execute(sql: "CREATE TRIGGER refuse_broken BEFORE INSERT ON scans WHEN NEW.text = 'BROKEN' BEGIN SELECT RAISE(ABORT, 'refused'); END")
        }
        let pipeline = try ScanPipeline(store: store, clock: .pinned(today: DemoData.today), observers: log.observers)
        let results = await pipeline.submitInOrder(["SO-1001", "4006381333931", "BROKEN", "4006381333931"].map { input($0) })
        #expect(results.map { (try? $0.get()) != nil } == [true, true, false, true])
        #expect(try results[3].get().decision.detail.contains("2 of 2"), "the failed group was decided again from what the disk holds")
        #expect(log.sizes.withLock { $0 } == [1, 1, 1], "the group failed whole, then each scan alone")
        #expect(log.failures.withLock { $0 } == 1, "one scan was lost, not the group's four: the failure is reported once, for it")
        #expect(try store.scans().map(\.text) == ["SO-1001", "4006381333931", "4006381333931"])
    }

    @Test func aRestartedPipelineResumesOpenSessions() async throws {
        do {
            let pipeline = try ScanPipeline(store: try makeStore(), clock: .pinned(today: DemoData.today))
            for text in ["OP:ANNA", "SO-1001", "4006381333931", "COND:NEW"] { _ = try await pipeline.submit(input(text)) }
        }
        let reopened = try StationStore(path: dir.file("station.sqlite"), stationID: "DOCK1")
        let pipeline = try ScanPipeline(store: reopened, clock: .pinned(today: DemoData.today))
        #expect(await pipeline.openSessions.first?.orderNumber == "SO-1001")
        #expect(try await pipeline.submit(input("4006381333931")).decision.detail.contains("2 of 2"))
        #expect(try await pipeline.submit(input("4006381333931")).decision.outcome == .overReturn)
        let close = try await pipeline.submit(input("CMD:CLOSE"))
        #expect(close.note?.number == "RN-DOCK1-000001")
        #expect(close.note?.note.operatorID == "ANNA")
        #expect(close.note?.note.lines.first?.inspection.condition == .new)
    }

    @Test func devicesInOneLaneShareTheSession() async throws {
        let pipeline = try ScanPipeline(store: try makeStore(), lanes: LaneMap(["rfid": "scanner"]), clock: .pinned(today: DemoData.today))
        _ = try await pipeline.submit(input("SO-1001"))
        #expect(try await pipeline.submit(input("3074257BF7194E4000001A85", device: "rfid")).decision.outcome == .accepted)
        #expect(try await pipeline.submit(input("4006381333931", device: "other")).decision.outcome == .noSession)
    }
}

/// A ledger that only notes when it was asked for an order, and how many scans were committed by then.
final class RecordingOrderSource: OrderSource {
    struct Refresh: Equatable { var order: String; var committedBefore: Int }
    let log: BatchLog
    let refreshes = Mutex<[Refresh]>([])
    init(log: BatchLog) { self.log = log }
    func refresh(order number: String) async {
        let committed = log.sizes.withLock { $0.reduce(0, +) }
        refreshes.withLock { $0.append(Refresh(order: number, committedBefore: committed)) }
    }
    func refresh(rma number: String) async {}
}

@Suite struct ScanScriptTests {
    @Test func parsesDevicesCommentsAndSeparators() throws {
        let script = try ScanScript("""
        # comment
        SO-1   # trailing comment
        @rfid 3074257BF7194E4000001A85
        ]C10109506000134352<GS>21A\\x1d10B

        """)
        #expect(script.lines.map(\.device) == ["scanner", "rfid", "scanner"])
        #expect(script.lines[0].bytes == Array("SO-1".utf8))
        #expect(script.lines[2].bytes == Array("]C10109506000134352\u{1D}21A\u{1D}10B".utf8))
        #expect(script.lines[2].number == 4)
    }

    @Test func aDeviceWithoutAScanIsAnError() {
        #expect(throws: ScanScriptError.self) { try ScanScript("@rfid\n") }
    }

    @Test func theBundledDemoDataIsTheExamplesFolder() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let orders = try String(contentsOf: root.appendingPathComponent("Examples/orders.csv"), encoding: .utf8)
        let scans = try String(contentsOf: root.appendingPathComponent("Examples/demo-scans.txt"), encoding: .utf8)
        #expect(DemoData.orders + "\n" == orders)
        #expect(DemoData.scans + "\n" == scans)
    }
}
