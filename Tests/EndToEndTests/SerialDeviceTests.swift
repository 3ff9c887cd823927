import Foundation
import ReturnsTestKit
import Testing

/// Serial scanners and RFID readers through real pseudo-terminals, read by the running daemon.
@Suite(.serialized) struct SerialDeviceTests {
    func configure(_ daemon: DaemonHarness) throws {
        try daemon.writeConfig(devices: [], extra: """

        [[device]]
        id = "gun"
        kind = "serial"
        path = "\(daemon.dir.file("gun.tty"))"
        baud = 9600
        framing = "cr"
        good_read = "07"
        bad_read = "15 15"

        [[device]]
        id = "tunnel"
        kind = "rfid"
        path = "\(daemon.dir.file("tunnel.tty"))"
        lane = "gun"
        framing = "crlf"
        rfid_format = "{epc},{antenna},{rssi}"
        """)
    }

    @Test func serialScansGetTheirBeepAndRFIDRepeatsAreNotCounted() throws {
        let daemon = try DaemonHarness(devices: [])
        let gun = try PseudoTerminalPair()
        let tunnel = try PseudoTerminalPair()
        try gun.link(at: daemon.dir.file("gun.tty"))
        try tunnel.link(at: daemon.dir.file("tunnel.tty"))
        try configure(daemon)
        try daemon.start()
        defer { _ = try? daemon.stop() }
        try waitFor("both ports open") { (try daemon.get("/v1/devices") as? [[String: Any]])?.allSatisfy { $0["state"] as? String == "reading" } == true }
        gun.releaseSlave()
        tunnel.releaseSlave()

        gun.send("SO-1001\r4006381333931\r")
        #expect(gun.receive(count: 2) == [0x07, 0x07], "a good-read beep after each stored scan")
        gun.send("9780201379624\r")
        #expect(gun.receive(count: 2) == [0x15, 0x15], "the bad-read signal for a rejected item")

        // The tunnel reads the jacket's tag 20 times while it passes, on two antennas.
        for i in 0..<20 { tunnel.send("3074257BF7194E4000001A85,\(i % 2 + 1),-4\(i % 10)\r\n") }
        try waitFor("the burst handled") {
            (try daemon.client.request("GET", "/metrics").text).contains("returnstation_scans_total{outcome=\"duplicateRead\"} 19")
        }
        let journal = try daemon.journal(count: 4)
        #expect(journal.map { $0["outcome"] as? String } == ["sessionOpened", "accepted", "notInOrder", "accepted"])
        #expect(journal[3]["device"] as? String == "tunnel")
        #expect(journal[3]["line"] as? Int == 5)
        #expect(journal.count == 4, "repeats are tallied, not journaled")

        // Garbage and an overlong line are dropped; the stream resynchronises on the next terminator.
        gun.send(String(repeating: "X", count: 2000) + "\rCMD:CLOSE\r")
        let closed = try daemon.journal(count: 5)
        #expect(closed.last?["text"] as? String == "CMD:CLOSE")
        #expect(closed.last?["outcome"] as? String == "commandApplied")
    }

    @Test func aScannerThatIsUnpluggedAndPluggedBackKeepsItsIdentity() throws {
        let daemon = try DaemonHarness(devices: [])
        var gun = try PseudoTerminalPair()
        let tunnel = try PseudoTerminalPair()
        try gun.link(at: daemon.dir.file("gun.tty"))
        try tunnel.link(at: daemon.dir.file("tunnel.tty"))
        try configure(daemon)
        try daemon.start()
        defer { _ = try? daemon.stop() }
        try waitFor("gun open") { (try daemon.get("/v1/devices") as? [[String: Any]])?.first { $0["id"] as? String == "gun" }?["state"] as? String == "reading" }
        gun.releaseSlave()
        gun.send("SO-1001\r")
        _ = try daemon.journal(count: 1)
        gun.send("40063813")  // mid-scan ...
        // A tty hangup discards what nobody has read yet: give the reader (polling every 50 ms) time to take
        // the half scan, as a real scanner's bytes would have been read long before the cable came out.
        usleep(300_000)
        gun.unplug()           // ... the cable comes out
        try waitFor("gun seen gone", timeout: .seconds(10)) {
            let state = (try daemon.get("/v1/devices") as? [[String: Any]])?.first { $0["id"] as? String == "gun" }?["state"] as? String
            return state == "failed" || state == "absent"
        }
        #expect(try daemon.journal(count: 1).count == 1, "the partial scan was not matched")
        try waitFor("the cut-off scan logged") { daemon.log.contains("partial scan dropped") && daemon.log.contains("deviceGone") }

        gun = try PseudoTerminalPair()  // plugged back: a new tty node behind the same stable link
        try gun.link(at: daemon.dir.file("gun.tty"))
        try waitFor("gun back", timeout: .seconds(10)) {
            (try daemon.get("/v1/devices") as? [[String: Any]])?.first { $0["id"] as? String == "gun" }?["state"] as? String == "reading"
        }
        gun.releaseSlave()
        gun.send("4006381333931\r")
        let journal = try daemon.journal(count: 2)
        #expect(journal[1]["device"] as? String == "gun")
        #expect(journal[1]["outcome"] as? String == "accepted", "the open return continues on the same lane")
        let devices = try daemon.get("/v1/devices") as? [[String: Any]] ?? []
        #expect((devices.first { $0["id"] as? String == "gun" }?["errors"] as? Int ?? 0) >= 1)
    }
}
