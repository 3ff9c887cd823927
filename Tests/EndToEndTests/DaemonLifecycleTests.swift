import Foundation
import ReturnsTestKit
import SupervisorClient
import Testing

/// `returnsd run` as systemd runs it: notify protocol, watchdog, socket activation, signals.
@Suite(.serialized) struct DaemonLifecycleTests {
    @Test func reportsReadyThenWatchdogThenStoppingAndExitsZero() throws {
        let daemon = try DaemonHarness()
        // WATCHDOG_USEC = 0.4 s: systemd expects a ping at least every 0.2 s.
        let beforeReady = try daemon.start(environment: ["WATCHDOG_USEC": "400000"])
        #expect(beforeReady.contains("READY=1"))
        #expect(!beforeReady.contains("WATCHDOG=1"), "no watchdog ping may precede READY=1")
        #expect(beforeReady.contains { $0.hasPrefix("STATUS=") && $0.contains("devices reading") })
        let pings = try daemon.notify.waitFor("WATCHDOG=1", timeout: .seconds(5))
        #expect(pings.contains("WATCHDOG=1"))
        daemon.process!.signal(SIGTERM)
        let stopping = try daemon.notify.waitFor("STOPPING=1", timeout: .seconds(5))
        #expect(stopping.contains("STOPPING=1"))
        #expect(try daemon.process!.wait() == 0, "\(daemon.log)")
        #expect(daemon.log.contains("stopped"))
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath), "the socket file is removed on exit")
    }

    @Test func servesTheSocketSystemdPassesAsDescriptorThree() throws {
        let daemon = try DaemonHarness()
        let activated = daemon.dir.file("activated.sock")
        let listener = try UnixSocket.listening(at: activated)
        defer { close(listener) }
        // As systemd does: the socket at fd 3, LISTEN_PID naming the daemon itself (the shell execs it).
        try daemon.start(environment: ["LISTEN_FDS": "1", "LISTEN_FDNAMES": "supervisor"], descriptors: [3: listener],
                         viaShell: "LISTEN_PID=$$")
        let status = try JSONSerialization.jsonObject(with: Data(SupervisorClient(socketPath: activated).request("GET", "/v1/status").body)) as? [String: Any]
        #expect(status?["station"] as? String == "E2E")
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath), "with a passed socket the daemon binds none itself")
        #expect(try daemon.stop() == 0)
    }

    @Test func aBadConfigurationIsRefusedWithItsLineAndKey() throws {
        let daemon = try DaemonHarness()
        try daemon.dir.write("returnsd.toml", """
        [station]
        id = "E2E"
        state_dir = "\(daemon.dir.file("state"))"

        [[device]]
        id = "gun"
        kind = "serial"
        path = "/dev/ttyACM0"
        baud = 12345
        """)
        let process = try SpawnedProcess(ProcessRunner.productsDirectory + "/returnsd", ["run", "--config", daemon.configPath],
                                         environment: ["NOTIFY_SOCKET": daemon.notify.path], outputPath: daemon.dir.file("bad.log"))
        #expect(try process.wait() == 78)
        #expect(process.output.contains("returnsd.toml:9: device.baud: 12345 is not a standard rate"), "\(process.output)")
        #expect(daemon.notify.receive(timeout: .milliseconds(500))?.contains("READY=1") != true)

        try daemon.dir.write("returnsd.toml", "[station]\nid = \"E2E\"\ncolour = \"red\"\n")
        let unknown = try ProcessRunner.run("returnsd", ["check-config", "--config", daemon.configPath])
        #expect(unknown.status == 78)
        #expect(unknown.stderr.contains(":3: station.colour: unknown key"))
        let missing = try ProcessRunner.run("returnsd", ["run", "--config", daemon.dir.file("nope.toml")])
        #expect(missing.status == 78)
        #expect(missing.stderr.contains("cannot read the configuration file"))
    }

    @Test func reloadInTheMiddleOfAReturnAddsADeviceAndKeepsTheSession() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        try daemon.scan("SO-1001", "4006381333931")
        _ = try daemon.journal(count: 2)
        // A second scanner joins the same lane; the first device's configuration is unchanged.
        try daemon.makeFIFO("handheld")
        try daemon.writeConfig(devices: [("scanner", nil), ("handheld", "scanner")])
        daemon.process!.signal(SIGHUP)
        let reload = try daemon.notify.waitFor("READY=1")
        #expect(reload.contains("RELOADING=1"))
        #expect(reload.contains { $0.hasPrefix("MONOTONIC_USEC=") })
        try waitFor { (try daemon.get("/v1/devices") as? [[String: Any]])?.contains { $0["id"] as? String == "handheld" && $0["state"] as? String == "reading" } == true }
        try daemon.scan("4006381333931", on: "handheld")
        let journal = try daemon.journal(count: 3)
        #expect(journal[2]["outcome"] as? String == "accepted")
        #expect(journal[2]["session"] as? String == journal[0]["session"] as? String)
        try daemon.scan("CMD:CLOSE")
        _ = try daemon.journal(count: 4)
        let notes = try daemon.get("/v1/notes") as? [[String: Any]] ?? []
        #expect((notes.first?["lines"] as? [[String: Any]])?.first?["quantity"] as? Int == 2)

        // A broken file on reload is refused; the station keeps running on what it had.
        try daemon.dir.write("returnsd.toml", "[station\n")
        daemon.process!.signal(SIGHUP)
        let refused = try daemon.notify.waitFor("READY=1")
        #expect(refused.contains { $0.hasPrefix("STATUS=reload refused") })
        #expect((try daemon.get("/v1/devices") as? [[String: Any]])?.count == 2)
        #expect(try daemon.stop() == 0)
    }

    @Test func sigtermAndSigkillInTheMiddleOfAReturnLoseNothingAcknowledged() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        try daemon.scan("OP:ANNA", "SO-1001", "4006381333931", "COND:DAMAGED")
        let before = try daemon.journal(count: 4)
        #expect(try daemon.stop() == 0, "\(daemon.log)")

        try daemon.start()
        let sessions = try daemon.get("/v1/sessions") as? [[String: Any]] ?? []
        #expect(sessions.count == 1)
        #expect(sessions.first?["operatorID"] as? String == "ANNA")
        #expect(sessions.first?["units"] as? Int == 1)
        try daemon.scan("4006381333931")
        _ = try daemon.journal(count: 5)
        // kill -9: no shutdown at all. Everything the journal acknowledged must survive.
        daemon.process!.signal(SIGKILL)
        _ = try daemon.process!.wait()

        try daemon.start()
        try daemon.scan("4006381333931", "CMD:CLOSE")
        let journal = try daemon.journal(count: 7)
        #expect(journal.prefix(4).map { $0["id"] as? String } == before.map { $0["id"] as? String })
        #expect(journal.map { $0["outcome"] as? String } == ["commandApplied", "sessionOpened", "accepted", "commandApplied", "accepted", "overReturn", "commandApplied"])
        let note = try daemon.get("/v1/notes/RN-E2E-000001") as? [String: Any]
        #expect((note?["lines"] as? [[String: Any]])?.first?["condition"] as? String == "DAMAGED")
        #expect((note?["lines"] as? [[String: Any]])?.first?["quantity"] as? Int == 2)
        #expect(try daemon.stop() == 0)
    }
}

/// Polls `condition` for up to `timeout`.
func waitFor(_ what: String = "condition", timeout: Duration = .seconds(5), _ condition: () throws -> Bool) throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try condition() { return }
        usleep(20_000)
    }
    throw TestKitError("\(what) not met within \(timeout)")
}

/// SIGTERM while a broken device waits out its retry backoff: the daemon stops at once, not after the backoff.
@Suite(.serialized) struct StopDuringBackoffTests {
    @Test func sigtermDuringADevicesBackoffStopsAtOnce() throws {
        let daemon = try DaemonHarness(devices: [])
        // A plain file is no tty: every open fails, and the retries back off 0.5, 1, 2, 4, 8 s …
        _ = try daemon.dir.write("not-a-tty", "")
        try daemon.writeConfig(devices: [], extra: """

        [[device]]
        id = "broken"
        kind = "serial"
        path = "\(daemon.dir.file("not-a-tty"))"
        """)
        try daemon.start()
        try waitFor("the backoff to reach 8 s", timeout: .seconds(30)) { daemon.log.contains("8.0 seconds") }
        let asked = ContinuousClock.now
        daemon.process?.signal(SIGTERM)
        #expect(try daemon.process?.wait() == 0)
        let took = ContinuousClock.now - asked
        // The backoff it was in has 8 s to run; stopping "at once" leaves a wide margin below that.
        #expect(took < .seconds(4), "stopping took \(took) while a device backed off for 8 s")
    }
}
