import Foundation
import ReturnsTestKit
import SupervisorClient
import Testing

/// One process owns a station's state folder; everything else goes through it or is refused clearly.
@Suite(.serialized) struct StateFolderTests {
    @Test func aSecondDaemonAndAnOfflineImportAreRefusedAndImportsGoThroughTheService() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        defer { _ = try? daemon.stop() }
        let pid = try #require(daemon.process?.pid)

        // The offline tool next to the running service: refused, naming the holder and the way that works.
        let offline = try ProcessRunner.run("returnsd", ["import-orders", "--state-dir", daemon.dir.file("state"), "--station", "E2E",
                                                         ProcessRunner.examplesDirectory + "/orders.csv"])
        #expect(offline.status == 2)
        #expect(offline.stderr.contains("in use by process \(pid)"), "\(offline.stderr)")
        #expect(offline.stderr.contains("returnsd run"), "\(offline.stderr)")
        #expect(offline.stderr.contains("returnsctl import-orders"), "\(offline.stderr)")

        // A second daemon on the same configuration stops before it touches the socket.
        let second = try ProcessRunner.run("returnsd", ["run", "--config", daemon.configPath], environment: ["PATH": "/usr/bin:/bin"])
        #expect(second.status != 0)
        #expect((second.stderr + second.stdout).contains("in use by process \(pid)"), "\(second.stderr)")
        try daemon.scan("SO-1001", "4006381333931")
        #expect(try daemon.journal(count: 2).map { $0["outcome"] as? String } == ["sessionOpened", "accepted"],
                "the first daemon still owns its socket and scans")

        // Through the service: a new order arrives while scanning goes on.
        let yesterday = ISO8601DateFormatter.string(from: Date(timeIntervalSinceNow: -86_400), timeZone: .current,
                                                    formatOptions: [.withFullDate])
        let file = try daemon.dir.write("more.csv", """
        order,line,sku,gtin,description,quantity,unit_price,currency,tax_rate,serials,lot,returnable,delivered_on,return_days,customer
        SO-7777,1,HP-200,04006381333931,Headphones HP-200,1,59.90,EUR,19,,,true,\(yesterday),30,Neu
        """)
        let imported = try ProcessRunner.run("returnsctl", ["import-orders", "--socket", daemon.socketPath, file])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("imported 1 order"))
        try daemon.scan("CMD:CLOSE", "SO-7777", "4006381333931")
        #expect(try daemon.journal(count: 5).suffix(2).map { $0["outcome"] as? String } == ["sessionOpened", "accepted"])

        let garbage = try daemon.dir.write("bad.csv", "order,line\nSO-1,x\n")
        let refused = try ProcessRunner.run("returnsctl", ["import-orders", "--socket", daemon.socketPath, garbage])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("bad.csv"), "\(refused.stderr)")
    }

    /// The service holds the folder for as long as it runs, and a SIGKILL gives it back (the kernel drops the lock).
    @Test func aKilledDaemonLeavesNoLockBehind() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        daemon.process?.signal(SIGKILL)
        _ = try daemon.process?.wait()
        let offline = try ProcessRunner.run("returnsd", ["import-orders", "--state-dir", daemon.dir.file("state"), "--station", "E2E",
                                                         ProcessRunner.examplesDirectory + "/orders.csv"])
        #expect(offline.status == 0, "\(offline.stderr)")
    }
}
