import Foundation
import ReturnsTestKit
import SupervisorClient
import Testing

/// Clients that hold connections, trickle bytes, ask for everything or never read: each gets a clear answer
/// or is cut off, and the station keeps scanning (docs/SECURITY.md, "Limits").
@Suite(.serialized) struct HostileClientTests {
    func metric(_ daemon: DaemonHarness, _ name: String) throws -> Int? {
        let text = try daemon.client.request("GET", "/metrics").text
        return text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Int($0.split(separator: " ")[1]) }
    }

    /// `limit=-1` meant "no limit" to SQLite: one reader loaded the whole journal on the cooperative pool.
    @Test func everyPageParameterHasBoundsAnd400NamesThem() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        defer { _ = try? daemon.stop() }
        try daemon.scan("SO-1001", "4006381333931")
        _ = try daemon.journal(count: 2)
        for (path, words) in [("/v1/scans?limit=-1", "limit must be a whole number from 1 to 1000, not '-1'"),
                              ("/v1/scans?limit=1001", "from 1 to 1000, not '1001'"),
                              ("/v1/scans?limit=0", "from 1 to 1000"),
                              ("/v1/scans?after=-5", "after must be a whole number from 0 to"),
                              ("/v1/scans?limit=abc", "not 'abc'"),
                              ("/v1/notes?limit=-1", "limit must be a whole number from 1 to 1000"),
                              ("/v1/notes?limit=99999999999999999999", "from 1 to 1000")] {
            #expect {
                try daemon.client.request("GET", path)
            } throws: { error in
                guard let error = error as? ClientError, error.message.contains("400") else { return false }
                return error.message.contains(words)
            }
        }
        #expect((try daemon.get("/v1/scans?limit=1000") as? [Any])?.count == 2)
        #expect((try daemon.get("/v1/scans?limit=1&after=1") as? [[String: Any]])?.first?["seq"] as? Int == 2)
        #expect((try daemon.get("/v1/notes?limit=1") as? [Any])?.isEmpty == true)
        // A full page of long scans is larger than the socket's buffers: it used to be cut short, because the
        // connection was closed with the end of the answer still queued.
        let long = String(repeating: "L", count: 500)
        try daemon.scan(contentsOf: (0..<998).map { "\(long)\($0)" })
        let page = try daemon.journal(count: 1000, timeout: .seconds(30))
        #expect(page.count == 1000 && page.last?["text"] as? String == "\(long)997")
    }

    /// The read timeout used to restart on every byte: a client sending one byte every 300 ms held its
    /// connection for ever. Now the whole request must arrive within idle_timeout_s (2 s here).
    @Test func aRequestTrickledByteByByteIsCutOffAtItsDeadline() throws {
        let daemon = try DaemonHarness(extraConfig: "")
        try daemon.dir.write("returnsd.toml", try String(contentsOfFile: daemon.configPath, encoding: .utf8)
            .replacingOccurrences(of: "idle_timeout_s = 5", with: "idle_timeout_s = 2"))
        try daemon.start()
        defer { _ = try? daemon.stop() }
        let slow = try RawSocket(unixPath: daemon.socketPath)
        let request = "GET /v1/status HTTP/1.1\r\nHost: station\r\nX-Padding: \(String(repeating: "a", count: 40))\r\n\r\n"
        let started = ContinuousClock.now
        let head = slow.trickle(request, gap: .milliseconds(300))
        // 80 bytes at 300 ms each would take 24 s; the daemon closed the connection long before the last one.
        #expect(head.sent < request.count / 2, "the daemon took \(head.sent) of \(request.count) trickled bytes")
        #expect(head.received.isEmpty, "answered before the head was complete: \(head.received.prefix(60))")
        // A complete head and then its body a byte at a time: the deadline is for the whole request.
        let slowBody = try RawSocket(unixPath: daemon.socketPath)
        #expect(slowBody.send("POST /v1/sync/retry HTTP/1.1\r\nHost: station\r\nContent-Length: 60\r\n\r\n"))
        let body = slowBody.trickle(String(repeating: "x", count: 60), gap: .milliseconds(300))
        #expect(body.sent < 30, "the daemon took \(body.sent) of 60 trickled body bytes")
        #expect(body.received.isEmpty, "answered before the deadline closed the connection: \(body.received.prefix(60))")
        #expect(ContinuousClock.now - started < .seconds(20))
        // A client that sends its request at once is answered as before, and scanning went on meanwhile.
        try daemon.scan("SO-1001")
        #expect(try daemon.journal(count: 1).first?["outcome"] as? String == "sessionOpened")
    }

    /// Without a cap, a member of the read group could open connections until the daemon ran out of descriptors.
    /// Both caps are read per connection, so a reload changes them.
    @Test func connectionsBeyondTheCapsGet503AtOnceAndAReloadChangesTheCaps() throws {
        let daemon = try DaemonHarness()
        let base = try String(contentsOfFile: daemon.configPath, encoding: .utf8)
        try daemon.dir.write("returnsd.toml", base.replacingOccurrences(of: "idle_timeout_s = 5", with: "idle_timeout_s = 30\nmax_connections = 3"))
        try daemon.start()
        defer { _ = try? daemon.stop() }
        // One at a time: connections queued together are admitted in no particular order.
        var held: [RawSocket] = []
        for _ in 0..<3 {
            held.append(try RawSocket(unixPath: daemon.socketPath))
            #expect(held.last!.receive(timeout: .milliseconds(300)) == ("", false))
        }
        let refused = try RawSocket(unixPath: daemon.socketPath).receive()
        #expect(refused.closed && refused.text.hasPrefix("HTTP/1.1 503"), "\(refused)")
        #expect(refused.text.contains("3 open connections, the most it takes (max_connections)"), "\(refused.text)")
        // The station still scans, and a slot comes back as soon as a connection closes.
        try daemon.scan("SO-1001")
        held.removeLast()
        try waitFor("a slot is free again") { (try? daemon.get("/v1/status")) != nil }
        // A request a moment later may still meet the previous one's slot: ask until it is answered.
        try waitFor("the scan is journaled") { (try? daemon.journal(count: 1).first?["outcome"] as? String) == "sessionOpened" }
        // Two held and the one asking.
        try waitFor("the count is back to three") { (try? metric(daemon, "returnstation_supervisor_connections")) == 3 }

        held.removeAll()
        try daemon.dir.write("returnsd.toml", base.replacingOccurrences(of: "idle_timeout_s = 5", with: "idle_timeout_s = 30\nmax_connections_per_user = 1"))
        daemon.process!.signal(SIGHUP)
        _ = try daemon.notify.waitFor("READY=1")
        let mine = try RawSocket(unixPath: daemon.socketPath)
        _ = mine.send("GET /v1/status HTTP/1.1\r\nHost: s\r\n\r\n")
        #expect(mine.receive(timeout: .seconds(2)).text.hasPrefix("HTTP/1.1 200"))
        let second = try RawSocket(unixPath: daemon.socketPath).receive()
        #expect(second.text.contains("uid \(getuid()) has 1 open connections, the most one user may (max_connections_per_user)"), "\(second.text)")
    }

    /// Event streams are capped, and a subscriber that stops reading is cut off once a write has waited
    /// idle_timeout_s, instead of holding its descriptor and subscription for ever.
    @Test func eventStreamsAreCappedAndAStalledSubscriberIsDisconnected() throws {
        let daemon = try DaemonHarness()
        try daemon.dir.write("returnsd.toml", try String(contentsOfFile: daemon.configPath, encoding: .utf8)
            .replacingOccurrences(of: "idle_timeout_s = 5", with: "idle_timeout_s = 2\nmax_event_streams = 1"))
        try daemon.start()
        defer { _ = try? daemon.stop() }
        let stalled = try RawSocket(unixPath: daemon.socketPath)
        #expect(stalled.send("GET /v1/events HTTP/1.1\r\nHost: s\r\n\r\n"))
        try waitFor("the stream is open") { try metric(daemon, "returnstation_event_streams") == 1 }
        #expect {
            try daemon.client.request("GET", "/v1/events")
        } throws: { error in
            ((error as? ClientError)?.message ?? "").contains("1 event streams are open, the most the station serves (max_event_streams)")
        }
        // Never read: about 700 bytes of event per scan fill the socket buffers after a few hundred scans.
        let long = String(repeating: "X", count: 480)
        for batch in 0..<10 {
            try daemon.scan(contentsOf: (0..<80).map { "\(long)-\(batch)-\($0)" })
        }
        try waitFor("the stalled subscriber is cut off", timeout: .seconds(20)) { try metric(daemon, "returnstation_event_streams") == 0 }
        _ = try daemon.journal(count: 800, timeout: .seconds(30))
        // Its slot is free for a subscriber that reads; when nothing happens it gets a heartbeat (every
        // idle_timeout_s / 2 here), which is how a vanished client is noticed.
        let reader = try RawSocket(unixPath: daemon.socketPath)
        #expect(reader.send("GET /v1/events HTTP/1.1\r\nHost: s\r\n\r\n"))
        let quiet = reader.receive(timeout: .milliseconds(2500)).text
        #expect(quiet.contains(": connected") && quiet.contains(": heartbeat"), "\(quiet)")
    }
}
