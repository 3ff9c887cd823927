import Foundation
import ReturnsTestKit
import Testing

/// The station's central promise, checked where it is kept: at the system calls that put a commit on the disk.
@Suite struct DurabilityTests {
    /// `returnsd replay` prints each scan only after its transaction committed. Under strace, every one of those
    /// commits must have flushed the WAL (fdatasync/fsync on `station.sqlite-wal`): in WAL mode with
    /// `synchronous=NORMAL` (GRDB's default for the writer) 30 commits flush 2 to 4 times in all, and a power cut
    /// takes back what the operator heard acknowledged.
    @Test func everyAcknowledgedCommitFlushesTheWAL() throws {
        let dir = TemporaryDirectory("flush")
        let scanCount = 30
        let scans = try dir.write("scans.txt", (["SO-1003"] + Array(repeating: "hello", count: scanCount - 1)).joined(separator: "\n") + "\n")
        // Orders first, in a run of their own, so the counted run does nothing but scans.
        let imported = try ProcessRunner.run("returnsd", ["import-orders", "--state-dir", dir.file("state"), "--station", "FLUSH",
                                                          ProcessRunner.examplesDirectory + "/orders.csv"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let trace = dir.file("strace.txt")
        let result = try ProcessRunner.run("/usr/bin/strace", [
            "-f", "-y", "-e", "trace=fdatasync,fsync", "-o", trace,
            ProcessRunner.productsDirectory + "/returnsd", "replay", "--state-dir", dir.file("state"), "--station", "FLUSH",
            "--scans", scans, "--json",
        ], absolute: true)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.lines.count == scanCount, "one line per acknowledged scan")
        let calls = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n")
        let walFlushes = calls.filter { $0.contains("station.sqlite-wal>") && $0.contains("= 0") }.count
        #expect(walFlushes >= scanCount, "\(walFlushes) WAL flushes for \(scanCount) acknowledged commits:\n\(calls.joined(separator: "\n"))")
    }
}
