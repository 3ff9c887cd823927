import Foundation
import ReturnsCore
import ReturnsTestKit
import SupervisorClient
import Testing

/// Station and ledger price every note alike and agree on a supervisor's decisions (issue 9, item 6): the station
/// prices by the policy the ledger serves, names it in the note, and sends the operator and every override.
extension LedgerSyncTests {
    @Test func stationAndLedgerAgreeOnMoneyAndOnApprovedExceptions() async throws {
        let ledger = try await Ledger()
        try ledger.start(["--refund-fee", "OPENED=15", "--override-grace-days", "120"])
        defer { try? ledger.stop() }
        var expected = RefundPolicy.standard
        expected.feeBasisPoints[.opened] = 1500
        let station = try station("DOCKP", ledger: ledger)
        try station.start()
        defer { _ = try? station.stop() }
        try waitFor("the station pricing by the ledger's policy") {
            (try station.get("/v1/status") as? [String: Any])?["refundPolicy"] as? String == expected.id
        }
        #expect(try await ledger.query("SELECT count(*) FROM refund_policies WHERE id = '\(expected.id)'") == "1")
        // A reload re-reads the file, which has no [refund] of its own: the ledger's policy stays in force.
        station.process!.signal(SIGHUP)
        _ = try station.notify.waitFor("READY=1")
        #expect((try station.get("/v1/status") as? [String: Any])?["refundPolicy"] as? String == expected.id)

        // Headphones (opened, the default: 15 % fee under this ledger), then the gift card (not returnable),
        // approved by the supervisor; then a late return (SO-1002's window closed in September), approved too.
        try station.scan("OP:ann", "SO-1001", "4006381333931", "05012345678900")
        try approveLastException(station, outcome: "notReturnable", scans: 4)
        try station.scan("CMD:CLOSE", "SO-1002", "4006381333931")
        try approveLastException(station, outcome: "outsideWindow", scans: 8)  // the approval is journaled too
        try station.scan("CMD:CLOSE")
        _ = try station.journal(count: 10)
        try waitForDelivered(station, notes: 2)

        let notes = try #require(try station.get("/v1/notes") as? [[String: Any]])
        #expect(notes.map { $0["ledgerStatus"] as? String } == ["accepted", "accepted"], "the ledger honoured both approvals")
        #expect(notes.allSatisfy { $0["refundPolicy"] as? String == expected.id })
        for note in notes {
            let number = try #require(note["note"] as? String)
            let ledgerRefund = try await ledger.query("""
                SELECT to_char(c.refund_minor / 100.0, 'FM999990.00') FROM credit_notes c JOIN return_notes n ON n.id = c.note_id
                WHERE n.note_number = '\(number)'
                """)
            #expect(note["refundTotal"] as? String == ledgerRefund, "\(number): the station printed what the ledger pays")
        }
        // Newest first. 59.90 opened: fee 8.99 (15 %), tax 19 % of 50.91 = 9.67 → 60.58 on each note; the gift
        // card 50.00 opened: fee 7.50, no tax → 42.50 on the first.
        #expect(notes.map { $0["refundTotal"] as? String } == ["60.58", "103.08"])

        let supervisor = String(cString: getpwuid(getuid())!.pointee.pw_name) + " (uid \(getuid()))"  // as the socket names its peer
        let overrides = try await ledger.query("""
            SELECT string_agg(n.operator_id || ':' || l.override_rule || ':' || l.override_by || ':' || l.override_honoured, ','
                ORDER BY n.note_number)
            FROM return_lines l JOIN return_notes n ON n.id = l.note_id WHERE l.override_rule IS NOT NULL
            """)
        #expect(overrides == "ann:notReturnable:\(supervisor):true,ann:outsideWindow:\(supervisor):true")
        #expect(try await ledger.query("SELECT count(DISTINCT refund_policy) || ' ' || min(refund_policy) FROM return_notes")
                == "1 \(expected.id)")
    }

    @Test(arguments: [("refund.fees", "OPENED = 0"), ("refund", "waive_fee_for_reasons = []")])
    func aStationWithALedgerRefusesItsOwnRefundTables(_ table: String, _ key: String) throws {
        let harness = try DaemonHarness(station: "DOCKQ")
        try harness.writeConfig(devices: [("scanner", nil)], extra: """

            [ledger]
            url = "http://127.0.0.1:9"
            token_file = "\(harness.dir.file("ledger.token"))"

            [\(table)]
            \(key)
            """)
        let check = try ProcessRunner.run("returnsd", ["check-config", "--config", harness.configPath])
        #expect(check.status != 0)
        #expect(check.stderr.contains("\(table): with [ledger] the refund policy is the ledger's"), "\(check.stderr)")
    }

    /// Waits for the scan journal to hold `scans` rows, the last refused with `outcome`, and approves its exception.
    func approveLastException(_ station: DaemonHarness, outcome: String, scans: Int) throws {
        let last = try station.journal(count: scans).last
        #expect(last?["outcome"] as? String == outcome)
        let open = try station.get("/v1/exceptions?status=open") as? [[String: Any]] ?? []
        let id = try #require(open.first { $0["outcome"] as? String == outcome }?["id"] as? Int)
        let reply = try station.client.request("POST", "/v1/exceptions/\(id)/approve")
        #expect(reply.status == 200)
    }
}
