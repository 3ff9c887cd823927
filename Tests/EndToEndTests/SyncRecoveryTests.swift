import Foundation
import ReturnsTestKit
import SupervisorClient
import Testing

/// The outbox recovers from what stops it: a note goes at once, a rotated token, a note the ledger refused.
@Suite(.serialized) struct SyncRecoveryTests {
    let sync = LedgerSyncTests()

    /// With the retry tick at an hour, only the close itself can send the note.
    @Test func aClosedNoteGoesAtOnceNotAtTheNextTick() async throws {
        let ledger = try await LedgerSyncTests.Ledger()
        try ledger.start()
        defer { try? ledger.stop() }
        let a = try sync.station("DOCKT", ledger: ledger, extra: "retry_tick_ms = 3600000")
        try a.start()
        defer { _ = try? a.stop() }
        try await Task.sleep(for: .seconds(1))  // the start-up pass has run and found nothing
        try a.scan("SO-1001", "4006381333931", "CMD:CLOSE")
        _ = try a.journal(count: 3)
        try sync.waitForDelivered(a, notes: 1, timeout: .seconds(20))
        #expect(try await ledger.query("SELECT count(*) FROM return_notes") == "1")
    }

    /// A token the ledger refuses pauses delivery without parking anything; a new token file and a reload deliver.
    @Test func aRotatedTokenParksNothingAndAReloadDelivers() async throws {
        let ledger = try await LedgerSyncTests.Ledger()
        try ledger.start()
        defer { try? ledger.stop() }
        let old = try ledger.run(["station", "add", "DOCKR"])
        let a = try sync.station("DOCKR", ledger: ledger, token: old, importOrders: true)
        let fresh = try ledger.run(["station", "add", "--rotate", "DOCKR"])  // the old token is refused from now on
        try a.start()
        defer { _ = try? a.stop() }
        try a.scan("SO-1001", "4006381333931", "CMD:CLOSE", "SO-1003", "]C1010506000000001610L2405A", "CMD:CLOSE")
        _ = try a.journal(count: 6)
        try waitFor("the old token refused") { (try sync.syncState(a)["lastError"] as? String)?.contains("401") == true }
        let state = try sync.syncState(a)
        #expect(state["pending"] as? Int == 2)
        #expect(state["parked"] as? Int == 0, "a refused token is not the notes' fault: \(state)")

        // The administrator puts the new token in place and reloads.
        let tokenFile = a.dir.file("ledger.token")
        try (fresh + "\n").write(toFile: tokenFile, atomically: true, encoding: .utf8)
        chmod(tokenFile, 0o600)
        a.process?.signal(SIGHUP)
        try sync.waitForDelivered(a, notes: 2, timeout: .seconds(30))
        #expect(try await ledger.query("SELECT count(*) FROM return_notes WHERE station = 'DOCKR'") == "2")
        // Still in closing order: the note that met the refused token first went first.
        #expect(try await ledger.query("SELECT string_agg(note_number, ',' ORDER BY received_at) FROM return_notes")
                == "RN-DOCKR-000001,RN-DOCKR-000002")
    }

    /// A note the ledger refuses (409: the same note id with another body) is parked, shown, and sent again on
    /// `returnsctl sync retry` once the cause is gone.
    @Test func aRefusedNoteIsParkedShownAndRetriedBySupervisor() async throws {
        let ledger = try await LedgerSyncTests.Ledger()
        try ledger.start()
        defer { try? ledger.stop() }
        let a = try sync.station("DOCKP", ledger: ledger)
        try a.start()
        try a.scan("SO-1001", "4006381333931", "CMD:CLOSE")
        _ = try a.journal(count: 3)
        try sync.waitForDelivered(a, notes: 1)
        #expect(try a.stop() == 0)
        // As if the station lost the verdict and its copy of the note changed: the ledger must refuse the new body.
        let database = a.dir.file("state/station.sqlite")
        func sqlite(_ sql: String) throws {
            let run = try ProcessRunner.run("/usr/bin/python3", ["-c", """
                import sqlite3; c = sqlite3.connect('\(database)'); c.executescript('''\(sql)'''); c.commit()
                """], absolute: true)
            #expect(run.status == 0, "\(run.stderr)")
        }
        try sqlite("UPDATE outbox SET delivered_at = NULL; UPDATE return_notes SET ledger_status = NULL, credit_note = NULL, customer = 'Someone Else';")
        try a.start()
        defer { _ = try? a.stop() }
        try waitFor("the note parked") { (try sync.syncState(a)["parked"] as? Int) == 1 }
        let pending = try #require((try sync.syncState(a)["pendingNotes"] as? [[String: Any]])?.first)
        #expect(pending["parked"] as? Bool == true)
        #expect((pending["lastError"] as? String)?.contains("409") == true, "\(pending)")
        #expect((try a.get("/v1/status") as? [String: Any]).flatMap { $0["degraded"] as? [String] }?.contains { $0.contains("refused by the ledger") } == true)
        let shown = try ProcessRunner.run("returnsctl", ["sync", "--socket", a.socketPath])
        let number = try #require(pending["note"] as? String)
        let row = shown.stdout.split(separator: "\n").first { $0.contains(number) } ?? ""
        #expect(row.contains("parked") && row.contains("409"), "\(shown.stdout)")

        // The cause is mended; the supervisor retries that one note and it is delivered, once.
        try sqlite("UPDATE return_notes SET customer = 'Müller GmbH';")
        let retried = try ProcessRunner.run("returnsctl", ["sync", "retry", "--socket", a.socketPath, number])
        #expect(retried.status == 0, "\(retried.stderr)")
        #expect(retried.stdout.contains("1 parked note"), "\(retried.stdout)")
        try sync.waitForDelivered(a, notes: 1)
        #expect(try await ledger.query("SELECT count(*) FROM return_notes") == "1")
        let unknown = try ProcessRunner.run("returnsctl", ["sync", "retry", "--socket", a.socketPath, "RN-NOPE-000001"])
        #expect(unknown.status == 3, "\(unknown.stderr)")
    }
}
