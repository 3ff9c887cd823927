import Foundation
import ReturnsTestKit
import SupervisorClient
import Testing

/// Every supervisor endpoint through the daemon's real Unix socket, and who may use it.
@Suite(.serialized) struct SupervisorSocketTests {
    @Test func everyEndpointAnswersOverTheSocket() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        defer { _ = try? daemon.stop() }
        // Live events: subscribe first, then scan.
        let events = EventCollector(client: daemon.client)
        try events.waitUntilSubscribed()
        try daemon.scan("SO-1001", "4006381333931", "9780201379624", "5012345678900")
        let journal = try daemon.journal(count: 4)
        let session = try #require(journal[0]["session"] as? String)

        let status = try #require(try daemon.get("/v1/status") as? [String: Any])
        #expect(status["station"] as? String == "E2E")
        #expect(status["openSessions"] as? Int == 1)
        #expect(status["openExceptions"] as? Int == 2)
        #expect((status["devices"] as? [[String: Any]])?.first?["lastScanMillis"] != nil)
        #expect((status["degraded"] as? [String])?.contains { $0.contains("no ledger") } == true)

        #expect((try daemon.get("/v1/devices") as? [[String: Any]])?.first?["scans"] as? Int == 4)
        #expect((try daemon.get("/v1/sessions") as? [[String: Any]])?.first?["id"] as? String == session)
        let detail = try #require(try daemon.get("/v1/sessions/\(session)") as? [String: Any])
        #expect(detail["status"] as? String == "open")
        #expect((detail["scans"] as? [[String: Any]])?.map { $0["outcome"] as? String } == ["sessionOpened", "accepted", "notInOrder", "notReturnable"])
        #expect((try daemon.get("/v1/scans?after=2") as? [[String: Any]])?.map { $0["seq"] as? Int } == [3, 4])
        #expect((try daemon.get("/v1/scans?after=2") as? [[String: Any]])?.first?["rawHex"] as? String == "39373830323031333739363234")

        let exceptions = try #require(try daemon.get("/v1/exceptions?status=open") as? [[String: Any]])
        #expect(exceptions.map { $0["outcome"] as? String } == ["notInOrder", "notReturnable"])
        let notReturnable = try #require(exceptions[1]["id"] as? Int)
        let approved = try daemon.client.request("POST", "/v1/exceptions/\(notReturnable)/approve")
        #expect(approved.text.contains("counted on line 3"))
        #expect((try daemon.get("/v1/sessions") as? [[String: Any]])?.first?["units"] as? Int == 2)
        let notInOrder = try #require(exceptions[0]["id"] as? Int)
        #expect(try daemon.client.request("POST", "/v1/exceptions/\(notInOrder)/reject").text.contains("rejected"))
        #expect { try daemon.client.request("POST", "/v1/exceptions/\(notInOrder)/reject") } throws: { ($0 as? ClientError)?.kind == .refused }
        #expect((try daemon.get("/v1/exceptions?status=open") as? [[String: Any]])?.isEmpty == true)

        try daemon.scan("CMD:CLOSE")
        // The journal already holds more than five entries (the approval and the rejection are journaled too):
        // wait for the close itself.
        try waitFor("the close stored") { try daemon.journal(count: 1).last?["text"] as? String == "CMD:CLOSE" }
        let notes = try #require(try daemon.get("/v1/notes") as? [[String: Any]])
        let number = try #require(notes.first?["note"] as? String)
        #expect((try daemon.get("/v1/notes/\(number)") as? [String: Any])?["refundTotal"] != nil)
        #expect { try daemon.get("/v1/notes/RN-NOPE") } throws: { ($0 as? ClientError)?.kind == .notFound }

        try daemon.scan("SO-1003")
        try waitFor("the second return opened") { try daemon.journal(count: 1).last?["text"] as? String == "SO-1003" }
        let second = try #require((try daemon.get("/v1/sessions") as? [[String: Any]])?.first?["id"] as? String)
        #expect(try daemon.client.request("POST", "/v1/sessions/\(second)/cancel").text.contains("cancelled"))
        #expect((try daemon.get("/v1/sessions") as? [[String: Any]])?.isEmpty == true)
        #expect((try daemon.get("/v1/sessions/\(second)") as? [String: Any])?["status"] as? String == "cancelled")

        let sync = try #require(try daemon.get("/v1/sync") as? [String: Any])
        #expect(sync["ledgerConfigured"] as? Bool == false)
        #expect(sync["pending"] as? Int == 1)

        let metrics = try daemon.client.request("GET", "/metrics").text
        #expect(metrics.contains("returnstation_scans_total{outcome=\"accepted\"} 1"))
        #expect(metrics.contains("returnstation_outbox_depth 1"))
        #expect(metrics.contains("returnstation_scan_latency_seconds_count"))

        #expect { try daemon.client.request("GET", "/v1/nothing") } throws: { ($0 as? ClientError)?.kind == .notFound }
        #expect { try daemon.client.request("DELETE", "/v1/status") } throws: { ($0 as? ClientError)?.message.contains("405") == true }

        let seen = try events.waitFor(count: 4)
        #expect(seen.prefix(4).map { $0["outcome"] as? String } == ["sessionOpened", "accepted", "notInOrder", "notReturnable"])
    }

    @Test func anOversizedRequestIsRefusedAndScanningGoesOn() throws {
        let daemon = try DaemonHarness(extraConfig: "")
        try daemon.start()
        defer { _ = try? daemon.stop() }
        let huge = [UInt8](repeating: 0x41, count: 200_000)
        #expect { try daemon.client.request("POST", "/v1/sessions/x/cancel", body: huge) } throws: { _ in true }
        try daemon.scan("SO-1001")
        #expect(try daemon.journal(count: 1).first?["outcome"] as? String == "sessionOpened")
    }

    @Test(.enabled(if: getuid() == 0, "creating users needs root; CI runs as root"))
    func usersWithoutTheGroupsAreRefusedReadersCannotSupervise() throws {
        try SystemUsers.ensureGroup("rs-e2e-read")
        try SystemUsers.ensureGroup("rs-e2e-sock")
        try SystemUsers.ensureUser("rs-e2e-outsider", groups: ["rs-e2e-sock"])
        try SystemUsers.ensureUser("rs-e2e-reader", groups: ["rs-e2e-sock", "rs-e2e-read"])
        let daemon = try DaemonHarness(extraConfig: "")
        try daemon.writeConfig(devices: [("scanner", nil)])
        try daemon.dir.write("returnsd.toml", (try String(contentsOfFile: daemon.configPath, encoding: .utf8))
            .replacingOccurrences(of: "idle_timeout_s = 5", with: "idle_timeout_s = 5\nread_groups = [\"rs-e2e-read\"]\nsupervise_groups = []"))
        try daemon.start()
        defer { _ = try? daemon.stop() }
        // Let both users reach the socket file; the daemon itself must then tell them apart.
        chmod(daemon.dir.path, 0o755)
        _ = try ProcessRunner.run("/bin/chgrp", ["rs-e2e-sock", daemon.socketPath], absolute: true)
        let ctl = ProcessRunner.productsDirectory + "/returnsctl"
        let outsider = try ProcessRunner.run("/usr/sbin/runuser", ["-u", "rs-e2e-outsider", "--", ctl, "status", "--socket", daemon.socketPath], absolute: true)
        #expect(outsider.status == 4, "\(outsider.stderr)")
        #expect(outsider.stderr.contains("rs-e2e-outsider (uid"))
        #expect(outsider.stderr.contains("may not use the supervisor socket"))
        let reader = try ProcessRunner.run("/usr/sbin/runuser", ["-u", "rs-e2e-reader", "--", ctl, "status", "--socket", daemon.socketPath], absolute: true)
        #expect(reader.status == 0, "\(reader.stderr)")
        #expect(reader.stdout.contains("station E2E"))
        let cancel = try ProcessRunner.run("/usr/sbin/runuser", ["-u", "rs-e2e-reader", "--", ctl, "cancel", "x", "--socket", daemon.socketPath], absolute: true)
        #expect(cancel.status == 4)
        #expect(cancel.stderr.contains("may read but not supervise"))
        // Without access to the socket file at all, the kernel refuses before the daemon sees anything.
        _ = try ProcessRunner.run("/bin/chgrp", ["root", daemon.socketPath], absolute: true)
        let locked = try ProcessRunner.run("/usr/sbin/runuser", ["-u", "rs-e2e-reader", "--", ctl, "status", "--socket", daemon.socketPath], absolute: true)
        #expect(locked.status == 4)
        #expect(locked.stderr.contains("permission denied"))
    }
}

/// Collects Server-Sent Events from `/v1/events` on a background thread.
final class EventCollector: @unchecked Sendable {
    // @unchecked: `events` is guarded by `lock`; the thread ends when the daemon closes the stream.
    private let lock = NSLock()
    private var events: [[String: Any]] = []
    private var subscribed = false

    init(client: SupervisorClient) {
        Thread {
            try? client.events { data in
                self.lock.withLock {
                    if let object = try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any] { self.events.append(object) }
                }
            }
        }.start()
        Thread {
            // The stream answers with a comment line first; a short pause lets the subscription register.
            usleep(200_000)
            self.lock.withLock { self.subscribed = true }
        }.start()
    }

    func waitUntilSubscribed() throws { try EndToEndTests.waitFor { lock.withLock { subscribed } } }

    func waitFor(count: Int) throws -> [[String: Any]] {
        try EndToEndTests.waitFor { lock.withLock { events.count >= count } }
        return lock.withLock { events }
    }
}

/// Test users and groups, created once and left for later runs (names start with rs-e2e-).
enum SystemUsers {
    static func ensureGroup(_ name: String) throws {
        if getgrnam(name) == nil { _ = try ProcessRunner.run("/usr/sbin/groupadd", ["--system", name], absolute: true) }
    }

    static func ensureUser(_ name: String, groups: [String]) throws {
        if getpwnam(name) == nil {
            _ = try ProcessRunner.run("/usr/sbin/useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name], absolute: true)
        }
        _ = try ProcessRunner.run("/usr/sbin/usermod", ["-G", groups.joined(separator: ","), name], absolute: true)
    }
}
