import Foundation
import ReturnsTestKit
import Testing

/// A keyboard-wedge capture (`cat /dev/input/eventN > capture`) replayed into the running daemon through a FIFO:
/// the records are built here byte by byte as the kernel lays them out on x86-64 and aarch64 (struct timeval of
/// two 64-bit fields, type, code, value), independent of the station's own encoder.
@Suite(.serialized) struct KeyboardCaptureTests {
    /// input_event records for `text` typed on a US keyboard and Enter, `gapMicros` apart, starting at `start`.
    static func capture(_ lines: [String], unfinished: String = "", start: UInt64 = 1_000_000, gapMicros: UInt64 = 1_000) -> [UInt8] {
        let digits: [Character: UInt16] = ["1": 2, "2": 3, "3": 4, "4": 5, "5": 6, "6": 7, "7": 8, "8": 9, "9": 10, "0": 11]
        let letters: [Character: UInt16] = ["s": 31, "o": 24, "c": 46, "m": 50, "d": 32, "l": 38, "e": 18]
        var bytes: [UInt8] = []
        var micros = start
        func record(_ type: UInt16, _ code: UInt16, _ value: Int32) {
            withUnsafeBytes(of: Int64(micros / 1_000_000).littleEndian) { bytes += $0 }
            withUnsafeBytes(of: Int64(micros % 1_000_000).littleEndian) { bytes += $0 }
            withUnsafeBytes(of: type.littleEndian) { bytes += $0 }
            withUnsafeBytes(of: code.littleEndian) { bytes += $0 }
            withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
        }
        func key(_ code: UInt16, _ down: Bool) {
            record(0x04, 0x04, 0x70000 + Int32(code))  // MSC_SCAN, as USB keyboards send before each key
            record(0x01, code, down ? 1 : 0)
            record(0x00, 0, 0)  // SYN_REPORT
            micros += gapMicros
        }
        for (index, line) in (lines + [unfinished]).enumerated() where !line.isEmpty {
            for c in line {
                let shifted = c.isUppercase || c == ":"
                let code: UInt16 = c == "-" ? 12 : c == ":" ? 39 : digits[c] ?? letters[Character(c.lowercased())]!
                if shifted { key(42, true) }
                key(code, true); key(code, false)
                if shifted { key(42, false) }
            }
            if index < lines.count { key(28, true); key(28, false) }  // Enter, except after the unfinished scan
        }
        if !unfinished.isEmpty { key(42, true) }  // and Shift still held when the capture stops
        return bytes
    }

    /// A daemon whose one device is a keyboard-wedge on the FIFO `wedge.fifo` (US layout), started and reading.
    static func startWithCaptureFIFO() throws -> DaemonHarness {
        let daemon = try DaemonHarness(devices: [])
        try daemon.makeFIFO("wedge")
        try daemon.writeConfig(devices: [], extra: """

        [[device]]
        id = "wedge"
        kind = "keyboard-wedge"
        path = "\(daemon.dir.file("wedge.fifo"))"
        layout = "us"
        """)
        try daemon.start()
        try waitFor("the capture FIFO open") { (try daemon.get("/v1/devices") as? [[String: Any]])?.first?["state"] as? String == "reading" }
        return daemon
    }

    @Test func aCaptureReplayedThroughAFIFOIsDecodedAndStoredAsTheDeviceWouldBe() throws {
        let daemon = try Self.startWithCaptureFIFO()
        defer { _ = try? daemon.stop() }
        // The capture's clock is not this boot's: its times lie long before this boot's now, which must not time scans out.
        let bytes = Self.capture(["SO-1001", "4006381333931", "4006381333931", "CMD:CLOSE"])
        #expect(bytes.count == 24 * 3 * 2 * ((7 + 2) + 13 + 13 + (9 + 9) + 4), "24-byte records, three per key change, Shift pressed around capitals and the colon")
        let fd = open(daemon.dir.file("wedge.fifo"), O_WRONLY)
        #expect(fd >= 0)
        // Written in pieces that cut records and scans apart, as a pipe may deliver them.
        for piece in stride(from: 0, to: bytes.count, by: 1_000) {
            let end = min(piece + 1_000, bytes.count)
            #expect(bytes[piece..<end].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == end - piece)
            usleep(2_000)
        }
        close(fd)
        let journal = try daemon.journal(count: 4)
        #expect(journal.map { $0["text"] as? String } == ["SO-1001", "4006381333931", "4006381333931", "CMD:CLOSE"])
        #expect(journal.map { $0["outcome"] as? String } == ["sessionOpened", "accepted", "accepted", "commandApplied"])
        let devices = try daemon.get("/v1/devices") as? [[String: Any]]
        #expect(devices?.first?["state"] as? String == "reading", "the writer going away is not an unplug")
    }

    /// Each capture starts clean: one that ends inside a scan (Shift held, half a record) leaves nothing to the next,
    /// whose times start over. Before, the next capture's first keys were glued onto the unfinished scan.
    @Test func aCaptureEndingMidScanLeavesNothingToTheNext() throws {
        let daemon = try Self.startWithCaptureFIFO()
        defer { _ = try? daemon.stop() }
        var first = Self.capture(["SO-1001"], unfinished: "4006S")  // ends inside a scan, no Enter, Shift held
        first += first.prefix(10)  // and ten bytes of a record
        for capture in [first, Self.capture(["4006381333931", "CMD:CLOSE"])] {
            let fd = open(daemon.dir.file("wedge.fifo"), O_WRONLY)
            #expect(capture.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == capture.count)
            close(fd)
            usleep(300_000)  // the reader sees the writer leave before the next one comes
        }
        let journal = try daemon.journal(count: 3)
        #expect(journal.map { $0["text"] as? String } == ["SO-1001", "4006381333931", "CMD:CLOSE"], "no Shift held over, no glued keys")
        #expect(journal.map { $0["outcome"] as? String } == ["sessionOpened", "accepted", "commandApplied"])
        try waitFor("the unfinished scan and the cut record logged") {
            daemon.log.contains("partial scan dropped") && daemon.log.components(separatedBy: "partial scan dropped").count >= 3
        }
    }

    /// Two captures the reader takes as one stream (the second writer came before the first one's end was seen):
    /// the second's times start over, and that starts a fresh capture: the first's unfinished scan is not glued on.
    @Test func capturesBackToBackAreToldApartByTheirClock() throws {
        let daemon = try Self.startWithCaptureFIFO()
        defer { _ = try? daemon.stop() }
        let both = Self.capture(["SO-1001"], unfinished: "4006", start: 5_000_000) + Self.capture(["4006381333931"], start: 1_000_000)
        let fd = open(daemon.dir.file("wedge.fifo"), O_WRONLY)
        #expect(both.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == both.count)  // one writer: no end between them
        let journal = try daemon.journal(count: 2)
        close(fd)
        #expect(journal.map { $0["text"] as? String } == ["SO-1001", "4006381333931"])
        #expect(journal.map { $0["outcome"] as? String } == ["sessionOpened", "accepted"])
    }

    @Test func aCaptureFIFOReplacedByAFileIsRefusedNotReadAgainAndAgain() throws {
        let daemon = try Self.startWithCaptureFIFO()
        defer { _ = try? daemon.stop() }
        // The FIFO goes, a file of one scan takes its name, and a writer opens and closes the old FIFO's reader's end
        // is gone: at the next reopen the reader must see it is no longer a FIFO.
        let capture = Self.capture(["4006381333931"])
        let path = daemon.dir.file("wedge.fifo")
        let fd = open(path, O_WRONLY)
        unlink(path)
        try Data(capture).write(to: URL(fileURLWithPath: path))
        close(fd)  // the reader sees its writer leave and reopens the path
        try waitFor("the device refused", timeout: .seconds(10)) {
            (try daemon.get("/v1/devices") as? [[String: Any]])?.first?["state"] as? String == "failed"
        }
        #expect(daemon.log.contains("no longer a FIFO"))
        #expect(((try daemon.get("/v1/devices") as? [[String: Any]])?.first?["scans"] as? Int ?? -1) == 0, "the file's scan was never read")
    }

    /// A FIFO's writer can wait, so one that outruns the disk is slowed down: 15,000 reads more than the scan
    /// inbox holds (10,000) are all stored, none dropped. (Before, the oldest were dropped as from a runaway device.)
    @Test func aFloodThroughAFIFOWaitsForTheDiskAndLosesNothing() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        defer { _ = try? daemon.stop() }
        let count = 25_000
        try daemon.scan(contentsOf: Array(repeating: "4006381333931", count: count))  // no return open: each one noSession
        try waitFor("every read stored", timeout: .seconds(60)) {
            ((try daemon.get("/v1/status") as? [String: Any])?["devices"] as? [[String: Any]])?.first?["scans"] as? Int == count
        }
        let metrics = try daemon.client.request("GET", "/metrics").text
        #expect(!metrics.contains("returnstation_reads_dropped_total{"), "no read was dropped")
        let commits = try #require(metrics.split(separator: "\n").first { $0.hasPrefix("returnstation_store_commits_total ") }
            .flatMap { Int($0.split(separator: " ")[1]) })
        #expect(commits > 0 && commits < count / 10, "the backlog went in groups, not a transaction per read (\(commits) commits)")
        #expect(!daemon.log.contains("scan inbox full"))
    }
}
