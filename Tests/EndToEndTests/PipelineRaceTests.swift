import Foundation
import ReturnsTestKit
import Testing

/// Races inside one station, run for real through the daemon's devices.
@Suite(.serialized) struct PipelineRaceTests {
    /// Two lanes return the same order at once; its headphones line was sold twice. However the scans interleave,
    /// exactly two are accepted across both lanes.
    @Test func twoLanesReturningTheLastUnitsAcceptEachUnitOnce() throws {
        let daemon = try DaemonHarness(devices: ["left", "right"])
        try daemon.writeConfig(devices: [("left", "lane-l"), ("right", "lane-r")])
        try daemon.start()
        defer { _ = try? daemon.stop() }
        let burst = "SO-1001\n" + String(repeating: "4006381333931\n", count: 3)
        let writers = [DispatchQueue(label: "left"), DispatchQueue(label: "right")]
        let group = DispatchGroup()
        for (queue, device) in zip(writers, ["left", "right"]) {
            queue.async(group: group) { try? daemon.scan(burst.trimmingCharacters(in: .newlines), on: device) }
        }
        group.wait()
        let journal = try daemon.journal(count: 8)
        let items = journal.filter { ($0["text"] as? String) == "4006381333931" }
        #expect(items.filter { $0["outcome"] as? String == "accepted" }.count == 2, "\(items.map { $0["outcome"] ?? "" })")
        #expect(items.filter { $0["outcome"] as? String == "overReturn" }.count == 4)
        #expect(Set(journal.compactMap { $0["lane"] as? String }) == ["lane-l", "lane-r"])
    }

    /// SIGHUP in the middle of a burst: every scan of the burst is still journaled, and the reload completes.
    @Test func aReloadDuringABurstLosesNoScan() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        defer { _ = try? daemon.stop() }
        let count = 300
        let writer = DispatchQueue(label: "burst")
        let done = DispatchGroup()
        writer.async(group: done) {
            for n in 0..<count { try? daemon.scan("BURST-\(n)") }
        }
        usleep(50_000)
        daemon.process?.signal(SIGHUP)
        done.wait()
        _ = try daemon.notify.waitFor("RELOADING=1")
        let journal = try daemon.journal(count: count, timeout: .seconds(30))
        let texts = Set(journal.compactMap { $0["text"] as? String })
        #expect((0..<count).allSatisfy { texts.contains("BURST-\($0)") }, "\(count - texts.count) scans missing")
        #expect(daemon.log.contains("configuration reloaded"))
    }
}
