import Glibc
import Logging
import SystemdIntegration
import Testing

@Suite struct JournalFormatTests {
    @Test func prioritiesFollowSdDaemonLevels() {
        let expected: [(Logger.Level, Int)] = [(.trace, 7), (.debug, 7), (.info, 6), (.notice, 5),
                                                (.warning, 4), (.error, 3), (.critical, 2)]
        for (level, priority) in expected {
            #expect(SyslogPriority(level).prefix == "<\(priority)>")
        }
    }

    @Test func journalLinesCarryThePriorityAndSortedMetadata() {
        let line = LogLineFormat.journal.render(
            level: .warning, label: "returnsd.devices", message: "scanner unplugged",
            metadata: ["path": "/dev/input/event3", "device": ["serial": "S1", "vendor": "0c2e"], "note": "two words"])
        #expect(line == "<4>returnsd.devices: scanner unplugged device.serial=S1 device.vendor=0c2e note=\"two words\" path=/dev/input/event3\n")
    }

    @Test func everyLineOfAMultiLineMessageKeepsItsPriority() {
        let line = LogLineFormat.journal.render(level: .error, label: "x", message: "first\nsecond", metadata: [:])
        #expect(line == "<3>x: first\n<3>second\n")
    }

    @Test func plainLinesCarryATimestampAndTheLevel() {
        let noon = timespec(tv_sec: 1_764_244_800, tv_nsec: 123_000_000)  // 2025-11-27T12:00:00.123Z
        let line = LogLineFormat.plain.render(level: .info, label: "returnsd", message: "ready", metadata: ["devices": "2"],
                                              timestamp: noon)
        #expect(line == "2025-11-27T12:00:00.123Z info returnsd: ready devices=2\n")
    }

    @Test func valuesThatWouldSplitAreQuotedAndEscaped() {
        let line = LogLineFormat.journal.render(level: .info, label: "", message: "m",
                                                metadata: ["a": "x=\"y\"\nz", "b": ""], error: nil)
        #expect(line == "<6>m a=\"x=\\\"y\\\"\\nz\" b=\"\"\n")
    }

    @Test func journalStreamParsing() {
        #expect(JournalStream(parsing: "8:12345") == JournalStream(device: 8, inode: 12345))
        #expect(JournalStream(parsing: "8") == nil)
        #expect(JournalStream(parsing: "a:b") == nil)
        #expect(JournalStream.fromEnvironment([:]) == nil)
    }
}
