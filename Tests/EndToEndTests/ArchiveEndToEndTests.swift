import Foundation
import ReturnsTestKit
import Testing

/// The journal archive through the running daemon: `returnsctl archive run | verify | show`, and the journal
/// and sessions reading the same before and after, across a restart.
@Suite struct ArchiveEndToEndTests {
    static func returnsctl(_ daemon: DaemonHarness, _ arguments: String...) throws -> ProcessResult {
        try ProcessRunner.run("returnsctl", arguments + ["--socket", daemon.socketPath])
    }

    @Test func finishedHistoryMovesToTheArchiveAndTheJournalStillReadsWhole() throws {
        // after_days = 0: a finished return may leave as soon as it is finished (and, with a ledger, delivered).
        let daemon = try DaemonHarness(extraConfig: "\n[archive]\nafter_days = 0\n")
        try daemon.start()
        defer { _ = try? daemon.stop() }
        // A cancelled return with a refused item, a closed one (standalone: closing finishes it), one still open, and
        // the supervisor's rejection of the refused item (scan 10).
        try daemon.scan("SO-1001", "4006381333931", "9780201379624", "CMD:CANCEL", "SO-1001", "4006381333931", "CMD:CLOSE",
                        "SO-1001", "4006381333931")
        _ = try daemon.journal(count: 9)
        #expect(try Self.returnsctl(daemon, "reject", "1").status == 0)
        let before = try daemon.journal(count: 10)
        let cancelled = try #require(before[0]["session"] as? String)
        let sessionBefore = try #require(try daemon.get("/v1/sessions/\(cancelled)") as? [String: Any])
        usleep(5_000)  // the cutoff is "now": let the last scan's millisecond pass

        let run = try Self.returnsctl(daemon, "archive", "run")
        #expect(run.status == 0 && run.stdout.contains("moved 8 scans into journal-"), "\(run.stdout) \(run.stderr)")
        // The open return keeps its scans live; the journal and the cancelled return read as before.
        #expect(try daemon.get("/v1/scans?limit=1000") as? NSArray == before as NSArray)
        #expect(try daemon.get("/v1/sessions/\(cancelled)") as? NSDictionary == sessionBefore as NSDictionary)
        let show = try #require(try daemon.get("/v1/archive") as? [String: Any])
        #expect(show["archivedThrough"] as? Int == 10 && show["liveScans"] as? Int == 2, "\(show)")
        // The note stays live: matching decides on it.
        #expect((try daemon.get("/v1/notes") as? [[String: Any]])?.count == 1)
        // The decided exception left with its scan: deciding it again is refused as already decided, not "unknown".
        let again = try Self.returnsctl(daemon, "approve", "1")
        #expect(again.status == 6 && again.stderr.contains("archived with its scan"), "\(again.stderr)")
        let verify = try Self.returnsctl(daemon, "archive", "verify")
        #expect(verify.status == 0 && verify.stdout.contains("all 8 archived records intact"), "\(verify.stdout) \(verify.stderr)")

        // A restarted daemon reads the archive as it left it.
        #expect(try daemon.stop() == 0)
        try daemon.start()
        #expect(try daemon.get("/v1/scans?limit=1000") as? NSArray == before as NSArray)
        #expect(try Self.returnsctl(daemon, "archive").stdout.contains("archived through scan 10"))

        // A damaged file: verify says which and exits 2; reading it is a clear 503, not a wrong journal.
        let folder = daemon.dir.file("state/archive")
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".jsonl.gz") })
        var bytes = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + file))
        bytes[bytes.count / 2] ^= 0xff
        try bytes.write(to: URL(fileURLWithPath: folder + "/" + file))
        let damaged = try Self.returnsctl(daemon, "archive", "verify")
        #expect(damaged.status == 2 && damaged.stdout.contains("DAMAGED") && damaged.stdout.contains("does not decompress"), "\(damaged.stdout)")
        let read = try Self.returnsctl(daemon, "scans")
        #expect(read.status != 0 && read.stderr.contains("journal archive could not be read"), "\(read.stdout) \(read.stderr)")
    }
}
