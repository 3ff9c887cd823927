import Foundation
import GRDB
import LedgerProtocol
import ReturnsCore
import ReturnsTestKit
import Testing
@testable import StationStore

@Suite struct StationStoreTests {
    @Test func opensWithWALSynchronousFullAndForeignKeys() throws {
        let harness = try StoreHarness()
        #expect(try harness.store.pragma("journal_mode") == "wal")
        // Read through the writer: the connection that commits decides whether a commit is flushed.
        #expect(try harness.store.pragma("synchronous") == "2")  // FULL
        #expect(try harness.store.pragma("foreign_keys") == "1")
        #expect(try harness.store.pragma("busy_timeout") == "5000")
    }

    /// The supervisor's reads run on the store's own queue, never on the cooperative thread that awaits them.
    @Test func readsOffTheCooperativePoolRunOnTheStoresQueue() async throws {
        let harness = try StoreHarness()
        #expect(!StationStore.isOnReadQueue)
        let (onQueue, orders) = try await harness.store.offCooperativePool { store in (StationStore.isOnReadQueue, try store.orderCount()) }
        #expect(onQueue && orders == 1)
        // A failure inside comes back as the store's typed error.
        await #expect(throws: StoreError.self) {
            _ = try await harness.store.offCooperativePool { _ in throw StoreError(.notFound, "x", path: "p") }
        }
    }

    @Test func aSecondOpenerOfTheStateFolderIsRefusedNamingTheHolder() throws {
        let harness = try StoreHarness()
        #expect {
            _ = try StationStore(path: harness.store.path, stationID: "DOCK1")
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.code == .locked && error.message.contains("process \(getpid())")
        }
        // Closing lets the next one in.
        try harness.store.close()
        let again = try StationStore(path: harness.store.path, stationID: "DOCK1")
        #expect(try again.orderCount() == 1)
    }

    @Test func journalGetsMonotonicSequenceAndKeepsRawBytes() throws {
        var h = try StoreHarness()
        let committed = try h.scan("SO-1", "4006381333931", "garbage!")
        #expect(committed.compactMap(\.seq) == [1, 2, 3])
        let journal = try h.store.scans()
        #expect(journal.map(\.outcome) == ["sessionOpened", "accepted", "unreadable"])
        #expect(journal[2].raw == Array("garbage!".utf8))
        #expect(journal[1].line == 1)
    }

    @Test func theJournalIsAppendOnly() throws {
        var h = try StoreHarness()
        try h.scan("SO-1")
        #expect(throws: (any Error).self) { try h.store.pool.write { db in try db.execute(sql: "UPDATE scans SET outcome = 'accepted'") } }
        #expect(throws: (any Error).self) { try h.store.pool.write { db in try db.execute(sql: "DELETE FROM scans") } }
    }

    @Test func closeWritesNoteLinesAndOutboxInOneTransactionWithGaplessNumbers() throws {
        var h = try StoreHarness()
        let first = try h.scan("SO-1", "4006381333931", "(01)09506000134352(21)TAB-1", "CMD:CLOSE")
        #expect(first.last?.noteNumber == "RN-DOCK1-000001")
        let second = try h.scan("SO-1", "4006381333931", "CMD:CLOSE")
        #expect(second.last?.noteNumber == "RN-DOCK1-000002")
        let notes = try h.store.notes()
        #expect(notes.map(\.number) == ["RN-DOCK1-000002", "RN-DOCK1-000001"])
        let note = try #require(try h.store.note(number: "RN-DOCK1-000001"))
        #expect(note.note.lines.map(\.orderLine) == [1, 2])
        #expect(note.note.lines[1].serials == ["TAB-1"])
        #expect(note.note.refundTotal.minorUnits == note.note.lines.reduce(0) { $0 + $1.money.refund.minorUnits })
        #expect(try h.store.outboxDepth() == 2)
    }

    @Test func aReloadedOrderCountsThisStationsNotes() throws {
        var h = try StoreHarness()
        try h.scan("SO-1", "4006381333931", "(01)09506000134352(21)TAB-1", "CMD:CLOSE")
        let order = try #require(try h.store.order("SO-1"))
        #expect(order.lines[0].quantityReturned == 1)
        #expect(order.lines[1].serialsReturned == ["TAB-1"])
        // A fresh state (a restarted station) sees the same.
        h.state = StationState()
        try h.scan("SO-1", "4006381333931")
        let third = try h.decide("4006381333931")
        #expect(third.decision.outcome == .overReturn)
    }

    @Test func reopeningTheFileResumesOpenSessions() throws {
        let dir = TemporaryDirectory("reopen")
        let path = dir.file("station.sqlite")
        do {
            var h = try StoreHarness()
            h.store = try StationStore(path: path, stationID: "DOCK1")
            try h.store.importOrders([StoreHarness.order], source: "test", atMillis: 1)
            try h.scan("OP:ANNA", "SO-1", "4006381333931", "COND:DAMAGED", "QTY:2")
            try h.scan("OP:BEN", lane: "B")
        }
        let reopened = try StationStore(path: path, stationID: "DOCK1")
        let restored = try reopened.restoreOpenState()
        #expect(restored.sessions.count == 1)
        let session = try #require(restored.sessions.first)
        #expect(session.operatorID == "ANNA")
        #expect(session.pendingQuantity == 2)
        #expect(session.defaults.condition == .damaged)
        #expect(session.items.map(\.inspection.condition) == [.damaged])
        #expect(restored.orders.map(\.number) == ["SO-1"])
        #expect(restored.laneOperators == ["A": "ANNA", "B": "BEN"])
    }

    @Test func aStoreBelongsToOneStation() throws {
        let dir = TemporaryDirectory("owner")
        _ = try StationStore(path: dir.file("s.sqlite"), stationID: "DOCK1")
        #expect { try StationStore(path: dir.file("s.sqlite"), stationID: "DOCK2") } throws: { ($0 as? StoreError)?.code == .wrongStation }
    }

    @Test func anUnopenableFileIsAClearError() throws {
        let dir = TemporaryDirectory("bad")
        let path = try dir.write("s.sqlite", String(repeating: "not a database ", count: 100))
        #expect { try StationStore(path: path, stationID: "DOCK1") } throws: { ($0 as? StoreError)?.code == .cannotOpen }
        #expect { try StationStore(path: "/nonexistent/folder/s.sqlite", stationID: "DOCK1") } throws: {
            ($0 as? StoreError)?.code == .cannotOpen && ($0 as? StoreError)?.path == "/nonexistent/folder/s.sqlite"
        }
    }

    @Test func aFullDiskLosesTheWholeBatchAndNothingElse() throws {
        var h = try StoreHarness()
        try h.scan("SO-1", "4006381333931")
        let before = try h.store.scans().count
        let pages = try #require(Int(try h.store.pragma("page_count") ?? ""))
        try h.store.limitPageCount(pages)
        let batch = try (0..<200).map { _ in try h.decide("garbage-\(String(repeating: "x", count: 300))") }
        #expect { try h.store.commit(batch) } throws: { ($0 as? StoreError)?.code == .diskFull }
        #expect(try h.store.scans().count == before)  // all or nothing
        try h.store.limitPageCount(1_000_000)
        #expect(try h.store.commit([h.decide("CMD:UNDO")]).first?.seq != nil)  // and it recovers once space is back
    }

    @Test func duplicateReadsAreTalliedNotJournaled() throws {
        var h = try StoreHarness()
        let epc = "3074257BF7194E4000001A85"
        try h.scan("SO-1")
        // The harness clock steps one second per scan: every read after the first is within the 2 s window.
        var entries: [JournalEntry] = []
        for _ in 0..<40 { entries.append(try h.decide(epc)) }
        #expect(entries.first?.decision.outcome == .notInOrder)
        #expect(entries.dropFirst().allSatisfy { $0.decision.outcome == .duplicateRead })
        let committed = try h.store.commit(entries)
        #expect(committed.dropFirst().allSatisfy { $0.seq == nil })
        #expect(try h.store.scans().count == 2)
        #expect(try h.store.duplicateReadTally() == ["urn:epc:id:sgtin:0614141.812345.6789": 39])
        // A batch's repeats of a tag are written as one change: the next batch adds to the tally, the last read's time stays.
        try h.store.pool.write { db in
            try db.execute(sql: """
                CREATE TABLE tally_updates(n INTEGER);
                CREATE TRIGGER count_tally_updates AFTER UPDATE ON duplicate_reads BEGIN INSERT INTO tally_updates VALUES (1); END
                """)
        }
        var more: [JournalEntry] = []
        for _ in 0..<5 { more.append(try h.decide(epc)) }
        _ = try h.store.commit(more)
        #expect(try h.store.duplicateReadTally() == ["urn:epc:id:sgtin:0614141.812345.6789": 44])
        #expect(try h.store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM tally_updates") } == 1, "five repeats, one row change")
        let lastAt = try h.store.pool.read { db in try Int64.fetchOne(db, sql: "SELECT last_at FROM duplicate_reads") }
        #expect(lastAt == more.last?.context.wallMillis)
    }

    @Test func rejectedItemsBecomeOpenExceptions() throws {
        var h = try StoreHarness()
        try h.scan("SO-1", "9780201379624", "(01)09506000134352(21)TAB-9", "4006381333931")
        let exceptions = try h.store.exceptions(status: "open")
        #expect(exceptions.map(\.outcome) == ["notInOrder", "serialMismatch"])
        #expect(exceptions.allSatisfy { $0.orderNumber == "SO-1" })
    }

    /// The gauges a status request reads instead of the store follow every change of the outbox and the
    /// exceptions within the write that makes it (no waiting), and always equal a fresh count of the tables.
    @Test func theGaugesFollowEveryNoteDeliveryParkingAndExceptionAtOnce() async throws {
        var h = try StoreHarness()
        func fresh() async throws -> StoreGauges {
            StoreGauges(outboxDepth: try h.store.outboxDepth(), parkedNotes: try await h.store.parkedNoteCount(),
                        openExceptions: try h.store.exceptions(status: "open").count)
        }
        #expect(h.store.gauges == StoreGauges())
        try h.scan("SO-1", "9780201379624")  // not on the order: an open exception
        #expect(h.store.gauges == StoreGauges(outboxDepth: 0, parkedNotes: 0, openExceptions: 1))
        let id = try #require(try h.store.exceptions(status: "open").first?.id)
        _ = try h.store.commit([h.decide("REJECT", meaning: .supervisor(.rejectException(id: id), by: "lead"))])
        #expect(h.store.gauges.openExceptions == 0)
        try h.scan("4006381333931", "CMD:CLOSE", "SO-1", "4006381333931", "CMD:CLOSE")
        #expect(h.store.gauges == StoreGauges(outboxDepth: 2, parkedNotes: 0, openExceptions: 0))
        let pending = try await h.store.pendingOutbox()
        try await h.store.recordDeliveryFailure(noteID: pending[0].noteID, error: "409", retryAtMillis: nil, permanent: true)
        #expect(h.store.gauges == StoreGauges(outboxDepth: 2, parkedNotes: 1, openExceptions: 0))
        // A transient failure changes no gauge.
        try await h.store.recordDeliveryFailure(noteID: pending[1].noteID, error: "down", retryAtMillis: 99, permanent: false)
        #expect(h.store.gauges == (try await fresh()))
        #expect(try await h.store.unparkOutbox(noteNumber: nil) == 1)
        #expect(h.store.gauges.parkedNotes == 0)
        try await h.store.recordDelivery(noteID: pending[0].noteID, verdict: LedgerVerdict(status: "accepted", creditNote: "CN-1",
                                                                                          acceptedByPosition: [0: 1], refusals: []), atMillis: 100)
        #expect(h.store.gauges == StoreGauges(outboxDepth: 1, parkedNotes: 0, openExceptions: 0))
        #expect(h.store.gauges == (try await fresh()))
        // Each count reads only its partial index (waiting notes, open exceptions), never the delivered history.
        let plans = try await h.store.pool.read { db in
            try ["SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL",
                 "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND failed_permanently = 1",
                 "SELECT COUNT(*) FROM exceptions WHERE status = 'open'"].map { sql in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }.joined(separator: "; ")
            }
        }
        #expect(plans[0].contains("outbox_waiting") && plans[1].contains("outbox_waiting") && plans[2].contains("exceptions_open"), "\(plans)")
        // Opened again, the store starts from the file's counts.
        let path = h.store.path
        try h.store.close()
        let reopened = try StationStore(path: path, stationID: "DOCK1")
        #expect(reopened.gauges == StoreGauges(outboxDepth: 1, parkedNotes: 0, openExceptions: 0))
    }

    @Test func importReplacesAnOrderAndIsAllOrNothing() throws {
        let h = try StoreHarness()
        var changed = StoreHarness.order
        changed.lines[0].quantitySold = 7
        var broken = StoreHarness.order
        broken.number = "SO-2"
        broken.lines.append(broken.lines[0])  // duplicate line number violates the primary key
        #expect { try h.store.importOrders([changed, broken], source: "t", atMillis: 2) } throws: { ($0 as? StoreError)?.code == .constraint }
        #expect(try h.store.order("SO-1")?.lines[0].quantitySold == 2)
        #expect(try h.store.order("SO-2") == nil)
        try h.store.importOrders([changed], source: "t", atMillis: 3)
        #expect(try h.store.order("SO-1")?.lines[0].quantitySold == 7)
    }
}

@Suite struct StationStoreImportTests {
    /// The ERP's export knows nothing of returns: re-importing an order must not hand back units the ledger said
    /// another station took.
    @Test func anImportNeverLowersWhatTheLedgerSaidWasReturned() async throws {
        let harness = try StoreHarness()
        var fromLedger = StoreHarness.order
        fromLedger.lines[0].quantityReturned = 1
        fromLedger.lines[1].serialsReturned = ["TAB-2"]
        try await harness.store.storeLedgerOrders([fromLedger], othersOnly: true, atMillis: 2)
        try harness.store.importOrders([StoreHarness.order], source: "erp.csv", atMillis: 3)
        let order = try #require(try harness.store.order("SO-1"))
        #expect(order.lines[0].quantityReturned == 1)
        #expect(order.lines[1].serialsReturned == ["TAB-2"])
    }

    /// The race the other-stations figures close: the ledger took this station's note (its total says 1) but the
    /// station has not recorded the verdict yet. With the new figures the unit counts once; the old arithmetic
    /// (total minus recorded verdicts) counted it twice until the next refresh.
    @Test func aNoteTheLedgerTookBeforeTheVerdictWasRecordedCountsOnce() async throws {
        var harness = try StoreHarness()
        try harness.scan("SO-1", "4006381333931", "CMD:CLOSE")
        var ledgerView = OrderDTO(StoreHarness.order, changeCursor: 1)
        ledgerView.lines[0].quantityReturned = 1
        ledgerView.lines[0].quantityReturnedByOthers = 0
        for index in ledgerView.lines.indices where index > 0 {
            ledgerView.lines[index].quantityReturnedByOthers = 0
            ledgerView.lines[index].serialsReturnedByOthers = []
        }
        ledgerView.lines[0].serialsReturnedByOthers = []
        #expect(ledgerView.carriesOtherStationsReturns)
        try await harness.store.storeLedgerOrders([try ledgerView.salesOrder(othersOnly: true)], othersOnly: true, atMillis: 5)
        #expect(try harness.store.order("SO-1")?.lines[0].quantityReturned == 1, "this station's own note, once")
        // An older ledger's totals alone cannot tell: the unit counts twice until the next refresh.
        try await harness.store.storeLedgerOrders([try ledgerView.salesOrder()], othersOnly: false, atMillis: 6)
        #expect(try harness.store.order("SO-1")?.lines[0].quantityReturned == 2)
    }
}

@Suite struct StoredOverrideAndPolicyTests {
    @Test func anApprovedItemKeepsItsOverrideThroughARestartIntoTheNote() async throws {
        var h = try StoreHarness()
        try h.scan("SO-1", "4006381333931", "4006381333931", "4006381333931")
        let exception = try #require(try h.store.exceptions(status: "open").first)
        let (_, approval) = try #require(try h.store.exception(exception.id))
        #expect(approval.rule == .overReturn)
        h.counter += 1
        let context = ScanContext(lane: "supervisor", device: "supervisor", scanID: "sup-1", wallMillis: 1_780_000_000_000,
                                  monotonicNanos: 0, today: StoreHarness.today)
        let meaning = ScanMeaning.supervisor(.approveException(approval), by: "sue")
        let decision = h.state.apply(meaning, context: context, lookedUp: nil)
        _ = try h.store.commit([JournalEntry(context: context, raw: Array("APPROVE".utf8), text: "APPROVE", symbology: nil,
                                             meaning: meaning, decision: decision, operatorID: nil)])
        // A restarted station: the override comes back with the open session.
        let restored = try h.store.restoreOpenState()
        let expected = ExceptionOverride(rule: .overReturn, approvedBy: "sue", approvedAtMillis: 1_780_000_000_000,
                                         exceptionID: exception.id)
        #expect(restored.sessions.flatMap(\.items).map(\.override) == [nil, nil, expected])
        h.state = StationState(openSessions: restored.sessions, orders: restored.orders, laneOperators: restored.laneOperators)
        let closed = try h.scan("CMD:CLOSE")
        let number = try #require(closed.last?.noteNumber)
        let note = try #require(try h.store.note(number: number))
        #expect(note.note.lines.map(\.override) == [nil, expected])
        #expect(note.note.refundPolicyID == RefundPolicy.standard.id)
    }

    @Test func theLedgersRefundPolicyIsKeptAcrossARestart() async throws {
        let dir = TemporaryDirectory("store")
        var policy = RefundPolicy.standard
        policy.feeBasisPoints[.opened] = 1500
        do {
            let store = try StationStore(path: dir.file("station.sqlite"), stationID: "DOCK1")
            #expect(try store.ledgerRefundPolicy() == nil)
            try await store.setLedgerRefundPolicy(policy)
        }
        let reopened = try StationStore(path: dir.file("station.sqlite"), stationID: "DOCK1")
        #expect(try reopened.ledgerRefundPolicy()?.id == policy.id)
    }
}
