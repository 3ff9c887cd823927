import Foundation
import ReturnsTestKit
import SupervisorClient
import Testing

/// SIGHUP used to report success and keep the old `[supervisor]` groups, `[feedback]` and `[ledger]`.
/// Now what can change in place does, and what cannot refuses the reload naming its table.
@Suite(.serialized) struct ReloadTests {
    func reload(_ daemon: DaemonHarness, _ text: String) throws -> [String] {
        try daemon.dir.write("returnsd.toml", text)
        daemon.process!.signal(SIGHUP)
        return try daemon.notify.waitFor("READY=1")
    }

    /// A supervisor removed from the group by a reload loses the right at once, on a connection it already has
    /// open too (roles are looked up per request).
    @Test(.enabled(if: getuid() == 0, "creating users needs root; CI runs as root"))
    func aReloadTakesSupervisionAwayFromARemovedGroup() throws {
        try SystemUsers.ensureGroup("rs-e2e-sock")
        try SystemUsers.ensureGroup("rs-e2e-leads")
        try SystemUsers.ensureUser("rs-e2e-lead", groups: ["rs-e2e-sock", "rs-e2e-leads"])
        let daemon = try DaemonHarness()
        let base = try String(contentsOfFile: daemon.configPath, encoding: .utf8)
        func config(read: String, supervise: String) -> String {
            base.replacingOccurrences(of: "idle_timeout_s = 5", with: "idle_timeout_s = 30\nread_groups = [\(read)]\nsupervise_groups = [\(supervise)]")
        }
        try daemon.dir.write("returnsd.toml", config(read: "", supervise: "\"rs-e2e-leads\""))
        try daemon.start()
        defer { _ = try? daemon.stop() }
        chmod(daemon.dir.path, 0o755)
        _ = try ProcessRunner.run("/bin/chgrp", ["rs-e2e-sock", daemon.socketPath], absolute: true)
        let ctl = ProcessRunner.productsDirectory + "/returnsctl"
        func cancelAsLead() throws -> ProcessResult {
            try ProcessRunner.run("/usr/sbin/runuser", ["-u", "rs-e2e-lead", "--", ctl, "cancel", "no-such-session", "--socket", daemon.socketPath], absolute: true)
        }
        let before = try cancelAsLead()
        #expect(!before.stderr.contains("may read but not supervise"), "\(before.stderr)")
        #expect(before.stderr.contains("no-such-session") || before.stderr.contains("no open"), "\(before.stderr)")

        // One connection the lead keeps open across the reload: the second request on it is judged anew.
        let markers = TemporaryDirectory("reload-markers")
        chmod(markers.path, 0o777)
        let asked = markers.file("asked"), go = markers.file("go")
        let keeper = try SpawnedProcess("/usr/sbin/runuser", ["-u", "rs-e2e-lead", "--", "/usr/bin/python3", "-c", Self.twoRequestsOnOneConnection,
                                                              daemon.socketPath, asked, go],
                                        environment: ["PATH": "/usr/bin:/bin"], outputPath: markers.file("out"))
        try waitFor("the first request on the kept connection answered") { FileManager.default.fileExists(atPath: asked) }

        let reloaded = try reload(daemon, config(read: "\"rs-e2e-leads\"", supervise: ""))
        #expect(!reloaded.contains { $0.hasPrefix("STATUS=reload refused") }, "\(reloaded)")
        let after = try cancelAsLead()
        #expect(after.status == 4, "\(after.stderr)")
        #expect(after.stderr.contains("rs-e2e-lead (uid") && after.stderr.contains("may read but not supervise"), "\(after.stderr)")

        #expect(FileManager.default.createFile(atPath: go, contents: nil))
        #expect(try keeper.wait() == 0)
        let answers = keeper.output.split(separator: "\n").map(String.init)
        #expect(answers.count == 2, "\(answers)")
        #expect(answers.first?.hasPrefix("HTTP/1.1 409") == true, "supervised before the reload: \(answers)")
        #expect(answers.last?.hasPrefix("HTTP/1.1 403") == true && answers.last?.contains("may read but not supervise") == true,
                "the same connection after the reload: \(answers)")
    }

    /// Python run as another user: POST a cancel, say so, wait for the go, POST again on the same connection.
    /// Everything within 60 s (a socket timeout and a deadline for the go), so a failed test cannot leave it behind.
    static let twoRequestsOnOneConnection = """
        import os, socket, sys, time
        deadline = time.monotonic() + 60
        s = socket.socket(socket.AF_UNIX)
        s.settimeout(30)
        s.connect(sys.argv[1])
        def receive():
            chunk = s.recv(4096)
            if not chunk:
                sys.exit("the daemon closed the connection")
            return chunk
        def ask():
            s.sendall(b"POST /v1/sessions/no-such-session/cancel HTTP/1.1\\r\\nHost: s\\r\\nContent-Length: 0\\r\\n\\r\\n")
            data = b""
            while b"\\r\\n\\r\\n" not in data:
                data += receive()
            head, body = data.split(b"\\r\\n\\r\\n", 1)
            length = int([l.split(b":")[1] for l in head.split(b"\\r\\n") if l.lower().startswith(b"content-length")][0])
            while len(body) < length:
                body += receive()
            print(head.split(b"\\r\\n")[0].decode(), body.decode().strip(), flush=True)
        ask()
        open(sys.argv[2], "w").close()
        while not os.path.exists(sys.argv[3]):
            if time.monotonic() > deadline:
                sys.exit("no go within 60 s")
            time.sleep(0.05)
        ask()
        """

    @Test func aReloadAppliesNewFeedbackCommandsAndRefusesALedgerChangeNamingTheTable() throws {
        let daemon = try DaemonHarness()
        let base = try String(contentsOfFile: daemon.configPath, encoding: .utf8)
        let script = try daemon.dir.write("signal.sh", "#!/bin/sh\necho \"$1 $RETURNSTATION_FEEDBACK\" >> \(daemon.dir.file("signals.txt"))\n")
        chmod(script, 0o755)
        func feedback(_ word: String) -> String { base + "\n[feedback]\ngood_command = [\"\(script)\", \"\(word)\"]\n" }
        try daemon.dir.write("returnsd.toml", feedback("green"))
        try daemon.start()
        defer { _ = try? daemon.stop() }
        let signals = daemon.dir.file("signals.txt")
        func lines() -> [String] { ((try? String(contentsOfFile: signals, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init) }
        try daemon.scan("SO-1001")
        try waitFor("the first signal") { lines() == ["green good"] }

        let reloaded = try reload(daemon, feedback("blue"))
        #expect(!reloaded.contains { $0.hasPrefix("STATUS=reload refused") }, "\(reloaded)")
        try daemon.scan("4006381333931")
        try waitFor("the signal after the reload") { lines().count == 2 }
        #expect(lines() == ["green good", "blue good"])

        // A [ledger] table changes who prices the notes and where they go: refused, naming the table.
        let token = try daemon.dir.write("ledger.token", "t\n")
        chmod(token, 0o600)
        let refused = try reload(daemon, feedback("red") + "\n[ledger]\nurl = \"http://127.0.0.1:9\"\ntoken_file = \"\(token)\"\n")
        #expect(refused.contains { $0.hasPrefix("STATUS=reload refused") && $0.contains("[ledger] changes only with a restart") }, "\(refused)")
        // Nothing of the refused file took effect: the feedback is still blue.
        try daemon.scan("012345600012")
        try waitFor("the signal after the refused reload") { lines().count >= 3 }
        #expect(lines() == ["green good", "blue good", "blue good"])
        #expect((try daemon.get("/v1/sync") as? [String: Any])?["ledgerConfigured"] as? Bool == false)
    }
}
