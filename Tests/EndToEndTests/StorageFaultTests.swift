import Foundation
import ReturnsTestKit
import SupervisorClient
import Testing

/// The disk under a running station goes bad: full, locked by another process, read-only, corrupted. A scan
/// that could not be stored is never acknowledged (it gets the bad-read byte, never the good-read one), the
/// condition shows on the socket, in systemd's STATUS= and in the log, and scanning recovers by itself once the
/// cause is gone.
@Suite(.serialized) struct StorageFaultTests {
    /// A daemon whose state folder is a small tmpfs of its own, with a beeping serial scanner on a pty.
    final class Station: @unchecked Sendable {
        // @unchecked: one test drives it from one task.
        let daemon: DaemonHarness
        let gun: PseudoTerminalPair
        var state: String { daemon.dir.file("state") }

        init(tmpfsMegabytes: Int) throws {
            daemon = try DaemonHarness(devices: [], importOrders: false)
            try FileManager.default.createDirectory(atPath: daemon.dir.file("state"), withIntermediateDirectories: true)
            try Station.shell("mount -t tmpfs -o size=\(tmpfsMegabytes)m returns-test '\(daemon.dir.file("state"))'")
            // One line sold in bulk, so every item scan is accepted (good read) for as long as it can be stored.
            let orders = try daemon.dir.write("bulk.csv", """
            order,line,sku,gtin,description,quantity,unit_price,currency,tax_rate,serials,lot,returnable,delivered_on,return_days,customer
            SO-BULK,1,HP-200,04006381333931,Headphones HP-200,100000,59.90,EUR,19,,,true,2026-11-02,3650,Bulk
            """)
            let imported = try ProcessRunner.run("returnsd", ["import-orders", "--state-dir", daemon.dir.file("state"), "--station", "E2E", orders])
            guard imported.status == 0 else { throw TestKitError("import: \(imported.stderr)") }
            gun = try PseudoTerminalPair()
            try gun.link(at: daemon.dir.file("gun.tty"))
            try daemon.writeConfig(devices: [], extra: """

            [[device]]
            id = "gun"
            kind = "serial"
            path = "\(daemon.dir.file("gun.tty"))"
            good_read = "06"
            bad_read = "15"
            """)
            try daemon.start()
            try waitFor("the gun open") { (try daemon.get("/v1/devices") as? [[String: Any]])?.first?["state"] as? String == "reading" }
            gun.releaseSlave()
        }

        static func shell(_ command: String) throws {
            let result = try ProcessRunner.run("/bin/sh", ["-c", command], absolute: true)
            guard result.status == 0 else { throw TestKitError("\(command): \(result.stderr)") }
        }

        static let item = "4006381333931"

        /// Scans `text`; true when the daemon acknowledged it as stored (the good-read byte) within `timeout`.
        func scan(_ text: String = Station.item, timeout: Duration = .seconds(8)) -> Bool {
            gun.send(text + "\r")
            return gun.receive(count: 1, timeout: timeout) == [0x06]
        }

        /// Item scans in the journal.
        func storedItems() throws -> Int { try journalTexts().filter { $0 == Station.item }.count }

        func journalTexts() throws -> [String] {
            (try daemon.get("/v1/scans?limit=1000") as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
        }

        func degraded() throws -> [String] {
            (try daemon.get("/v1/status") as? [String: Any])?["degraded"] as? [String] ?? []
        }

        /// Waits for a STATUS= line that contains `text`.
        func waitForStatus(containing text: String) throws {
            let deadline = ContinuousClock.now + .seconds(15)
            var seen: [String] = []
            while ContinuousClock.now < deadline {
                guard let message = daemon.notify.receive(timeout: .milliseconds(200)) else { continue }
                seen += message
                if message.contains(where: { $0.hasPrefix("STATUS=") && $0.contains(text) }) { return }
            }
            throw TestKitError("no STATUS= with \(text); saw \(seen.suffix(5))")
        }

        func stop() {
            _ = try? daemon.stop()
            _ = try? Station.shell("umount -l '\(state)'")
        }
    }

    /// Checks the failure is visible everywhere a person would look, then that the next scan is stored.
    func expectFailureShown(_ station: Station) throws {
        let degraded = try station.degraded()
        #expect(degraded.contains { $0.contains("the store refuses writes") }, "\(degraded)")
        try station.waitForStatus(containing: "STORE FAILING")
        #expect(station.daemon.log.contains("scans not stored, not acknowledged"))
    }

    func expectRecovered(_ station: Station, stored: Int) throws {
        #expect(station.scan(), "the first scan after the cause is gone is stored and acknowledged")
        #expect(try station.storedItems() == stored)
        #expect(try !station.degraded().contains { $0.contains("store") })
        #expect(station.daemon.log.contains("the store takes writes again"))
    }

    @Test func aFullDiskAcknowledgesNothingUnstoredAndRecoversWhenSpaceIsFreed() throws {
        let station = try Station(tmpfsMegabytes: 4)
        defer { station.stop() }
        #expect(station.scan("SO-BULK"))
        // Fill the file system; SQLite then fails to grow its WAL on some commit.
        _ = try? Station.shell("dd if=/dev/zero of='\(station.state)/filler' bs=64k 2>/dev/null")
        var acknowledged = 0
        var refused = false
        for _ in 0..<3000 {
            if station.scan(timeout: .seconds(8)) { acknowledged += 1 } else { refused = true; break }
        }
        #expect(refused, "the disk never filled up")
        #expect(try station.storedItems() == acknowledged, "exactly the acknowledged scans are stored, the refused one is not")
        try expectFailureShown(station)
        try Station.shell("rm '\(station.state)/filler'")
        try expectRecovered(station, stored: acknowledged + 1)
    }

    /// A state folder that is read-only at start (the kernel remounted it after I/O errors): the daemon refuses to
    /// start, saying why, and starts once the folder is writable again (systemd restarts it on failure).
    @Test func aReadOnlyStateFolderIsRefusedAtStartAndStartsWhenWritable() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        #expect(try daemon.stop() == 0)
        let state = daemon.dir.file("state")
        try Station.shell("mount --bind '\(state)' '\(state)' && mount -o remount,bind,ro '\(state)'")
        defer { _ = try? Station.shell("umount -l '\(state)'") }
        let run = try ProcessRunner.run("returnsd", ["run", "--config", daemon.configPath],
                                        environment: ["PATH": "/usr/bin:/bin", "NOTIFY_SOCKET": daemon.notify.path])
        #expect(run.status == 1)
        #expect((run.stdout + run.stderr).contains("cannot open the station store"), "\(run.stdout + run.stderr)")
        #expect(try statusLines(daemon).contains { $0.contains("cannot open the store") })
        try Station.shell("umount '\(state)'")
        try daemon.start()
        try daemon.scan("SO-1001")
        #expect(try daemon.journal(count: 1).first?["outcome"] as? String == "sessionOpened")
        _ = try daemon.stop()
    }

    /// Every STATUS= the daemon sent so far.
    func statusLines(_ daemon: DaemonHarness) throws -> [String] {
        var lines: [String] = []
        while let message = daemon.notify.receive(timeout: .milliseconds(500)) { lines += message.filter { $0.hasPrefix("STATUS=") } }
        return lines
    }

    /// Another process (a `sqlite3` shell, a backup tool) holds the database's write lock.
    @Test func anotherProcessHoldingTheLockDelaysThenRefusesAndScanningGoesOn() throws {
        let station = try Station(tmpfsMegabytes: 64)
        defer { station.stop() }
        #expect(station.scan("SO-BULK"))
        func holdLock(seconds: Double) throws -> SpawnedProcess {
            let ready = station.daemon.dir.file("locked-\(seconds)")
            let process = try SpawnedProcess("/usr/bin/python3", ["-c", """
                import sqlite3, time
                c = sqlite3.connect('\(station.state)/station.sqlite', isolation_level=None)
                c.execute('BEGIN EXCLUSIVE'); open('\(ready)', 'w').close(); time.sleep(\(seconds)); c.execute('COMMIT')
                """], environment: ["PATH": "/usr/bin:/bin"], outputPath: station.daemon.dir.file("holder.log"))
            try waitFor("the lock taken") { FileManager.default.fileExists(atPath: ready) }
            return process
        }
        // Shorter than the busy timeout: the scan waits and is stored.
        let brief = try holdLock(seconds: 1.5)
        #expect(station.scan(), "a lock shorter than the busy timeout only delays the scan")
        _ = try brief.wait()
        // Longer than the busy timeout: refused, shown, then the next scan goes through.
        let long = try holdLock(seconds: 12)
        #expect(!station.scan(timeout: .seconds(8)), "not acknowledged while another process holds the lock")
        try expectFailureShown(station)
        _ = try long.wait()
        try expectRecovered(station, stored: 2)
    }

    @Test func aCorruptedDatabaseIsRefusedAtStartWithTheReason() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        #expect(try daemon.stop() == 0)
        let database = daemon.dir.file("state/station.sqlite")
        // Scribble over the header and the first pages, as a failing disk or a careless copy would.
        let handle = try #require(FileHandle(forWritingAtPath: database))
        try handle.write(contentsOf: Data(repeating: 0x5A, count: 8192))
        try handle.close()
        try? FileManager.default.removeItem(atPath: database + "-wal")
        let run = try ProcessRunner.run("returnsd", ["run", "--config", daemon.configPath],
                                        environment: ["PATH": "/usr/bin:/bin", "NOTIFY_SOCKET": daemon.notify.path])
        #expect(run.status == 1)
        let said = run.stdout + run.stderr
        #expect(said.contains("cannot open the station store"), "\(said)")
        #expect(said.contains("not a database") || said.contains("SQLITE_NOTADB") || said.contains("corrupt"), "\(said)")
        let statuses = try statusLines(daemon)
        #expect(statuses.contains { $0.contains("cannot open the store") }, "\(statuses)")
    }
}
