import Foundation
import ReturnsTestKit
import Testing

/// The network between a station and the ledger misbehaves, and the ledger itself goes away, while the
/// station closes notes: nothing is lost, nothing is doubled, delivery resumes by itself.
@Suite(.serialized) struct LedgerFaultTests {
    let sync = LedgerSyncTests()

    @Test func dropsResetsDelaysHalfOpenConnectionsAndRestartsLoseAndDoubleNothing() async throws {
        let ledger = try await LedgerSyncTests.Ledger()
        try ledger.start()
        defer { try? ledger.stop() }
        let control = ledger.dir.file("proxy.mode")
        try "pass".write(toFile: control, atomically: true, encoding: .utf8)
        let proxyPort = try PostgresCluster.freePort()
        let script = ProcessRunner.scriptsDirectory + "/fault-proxy"
        let proxy = try SpawnedProcess("/usr/bin/python3", [script, "\(proxyPort)", "\(ledger.port)", control],
                                       environment: ["PATH": "/usr/bin:/bin"], outputPath: ledger.dir.file("proxy.log"))
        defer { proxy.signal(SIGKILL); _ = try? proxy.wait() }
        try waitFor("the proxy listening") { (try? String(contentsOfFile: ledger.dir.file("proxy.log"), encoding: .utf8))?.contains("listening") == true }

        let a = try sync.station("DOCKX", ledger: ledger, url: "http://127.0.0.1:\(proxyPort)")
        try a.start()
        defer { _ = try? a.stop() }
        var notes = 0
        func closeANote() throws {
            try a.scan("SO-1003", "]C1010506000000001610L2405A", "CMD:CLOSE")
            notes += 1
            try waitFor("note \(notes) closed", timeout: .seconds(15)) { (try a.get("/v1/notes") as? [[String: Any]])?.count == notes }
        }
        try closeANote()
        try sync.waitForDelivered(a, notes: 1)

        // Each fault in turn, with a note closed under it. The supervisor's retry forgets the backoff the previous
        // fault caused, so the station opens a connection under this fault now rather than seconds later.
        func proxied() -> String { (try? String(contentsOfFile: ledger.dir.file("proxy.log"), encoding: .utf8)) ?? "" }
        for fault in ["reset", "drop", "delay:400", "halfopen"] {
            try fault.write(toFile: control, atomically: true, encoding: .utf8)
            try await Task.sleep(for: .milliseconds(300))  // the proxy resets the kept-alive connections
            try closeANote()  // one vitamin each: SO-1003 sold ten, and this test closes eight notes
            _ = try a.client.request("POST", "/v1/sync/retry")
            try waitFor("a connection under \(fault)", timeout: .seconds(20)) { proxied().contains("connection: \(fault)") }
        }
        // The ledger process goes away and comes back while the network is healthy again.
        try "pass".write(toFile: control, atomically: true, encoding: .utf8)
        try ledger.stop()
        try closeANote()
        try await Task.sleep(for: .seconds(1))
        try ledger.start()
        // PostgreSQL itself restarts (fast shutdown: the ledger's sessions are cut) with a note in flight.
        try closeANote()
        try await PostgresCluster.shared().restart(downFor: .seconds(2))
        try closeANote()

        // Half-open attempts end at the client's 30 s read timeout, then the backoff (at most 30 s) lets go.
        try sync.waitForDelivered(a, notes: notes, timeout: .seconds(120))
        #expect(try await ledger.query("SELECT count(*) FROM return_notes") == "\(notes)")
        #expect(try await ledger.query("SELECT count(DISTINCT note_number) FROM return_notes") == "\(notes)")
        #expect(try await ledger.query("SELECT count(*) FROM credit_notes") == "\(notes)")
        #expect(try await ledger.query("SELECT sum(quantity) FROM stock_movements") == "\(notes)")
        let log = proxied()
        for fault in ["reset", "drop", "delay:400", "halfopen"] {
            #expect(log.contains("connection: \(fault)"), "the \(fault) fault was never exercised")
        }
    }
}
