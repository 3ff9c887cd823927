import Testing
import ScannerInput

@Suite("RFID de-duplication")
struct EPCDeduplicatorTests {
    let ms: UInt64 = 1_000_000

    @Test func burstFromATotePassesEachTagOnce() throws {
        // 12 tags, each read every 25 ms for a second (40 reads/s), lines framed off a serial stream.
        let tags = (0..<12).map { "3034257BF7194E40000010" + String($0 + 16, radix: 16, uppercase: true) }
        var lines: [UInt8] = []
        for round in 0..<40 {
            for (i, tag) in tags.enumerated() where (round + i) % 3 != 0 || round == 0 {
                lines += Array("\(tag),\(i % 4 + 1),-6\(i % 10)\r\n".utf8)
            }
        }
        var framer = SerialFramer(deviceID: "rfid-1", configuration: .init(framing: .crlf))
        let parser = RFIDReportParser(format: try RFIDReportFormat("{epc},{antenna},{rssi}"))
        var dedup = EPCDeduplicator(window: .seconds(2))
        var firsts: [EPCRead] = []
        var duplicates = 0
        for (i, outcome) in framer.handle(lines, now: 0).enumerated() {
            guard case .scan(let line) = outcome else { Issue.record("unexpected \(outcome)"); continue }
            switch dedup.handle(try parser.parse(line.bytes), now: UInt64(i) * ms) {
            case .first(let read): firsts.append(read)
            case .duplicate: duplicates += 1
            }
        }
        #expect(firsts.map(\.epc) == tags)
        #expect(duplicates == dedup.totalDuplicates)
        #expect(duplicates > 300)
        #expect(firsts.first?.rawScan(deviceID: "rfid-1", monotonicNanos: 0).bytes == Array(tags[0].utf8))
    }

    @Test func windowSlidesWhileTheTagStaysInTheField() {
        var dedup = EPCDeduplicator(window: .seconds(2))
        let tag = EPCRead(epc: "E2003412")
        #expect(dedup.handle(tag, now: 0) == .first(tag))
        // Read every 1.5 s for 10 s: never out of the field for longer than the window.
        var t: UInt64 = 0
        for n in 1...6 {
            t += 1_500 * ms
            #expect(dedup.handle(tag, now: t) == .duplicate(tag, count: n))
        }
        // Gone for 2.5 s, then back: a new item.
        #expect(dedup.handle(tag, now: t + 2_500 * ms) == .first(tag))
    }

    @Test func expiryReturnsTalliesAndBoundsMemory() {
        var dedup = EPCDeduplicator(window: .seconds(2))
        let a = EPCRead(epc: "AAAA"), b = EPCRead(epc: "BBBB")
        _ = dedup.handle(a, now: 0)
        _ = dedup.handle(a, now: 10 * ms)
        _ = dedup.handle(a, now: 20 * ms)
        _ = dedup.handle(b, now: 1_000 * ms)
        #expect(dedup.expire(now: 2_010 * ms).isEmpty)
        let expired = dedup.expire(now: 2_021 * ms)
        #expect(expired == [EPCDeduplicator.Tally(epc: "AAAA", firstSeenNanos: 0, lastSeenNanos: 20 * ms, duplicates: 2)])
        #expect(dedup.trackedCount == 1)
        #expect(dedup.expire(now: 4_000 * ms).map(\.epc) == ["BBBB"])
        #expect(dedup.trackedCount == 0)
        #expect(dedup.totalDuplicates == 2)
    }

    @Test func capacityEvictsTheLeastRecentlySeen() {
        var dedup = EPCDeduplicator(window: .seconds(2), capacity: 3)
        for (i, epc) in ["AAAA", "BBBB", "CCCC", "DDDD"].enumerated() {
            _ = dedup.handle(EPCRead(epc: epc), now: UInt64(i) * ms)
        }
        #expect(dedup.trackedCount == 3)
        // AAAA was evicted, so it counts as new; DDDD is still tracked.
        #expect(dedup.handle(EPCRead(epc: "DDDD"), now: 5 * ms) == .duplicate(EPCRead(epc: "DDDD"), count: 1))
        #expect(dedup.handle(EPCRead(epc: "AAAA"), now: 6 * ms) == .first(EPCRead(epc: "AAAA")))
        #expect(dedup.trackedCount == 3)
    }
}
