import ScannerInput
import Testing
@testable import StationDaemon

@Suite struct ScanInboxTests {
    /// A full inbox gives the oldest read back to the caller (who logs it, counts it and publishes an event),
    /// one more than the capacity, never silently.
    @Test func oneReadMoreThanTheCapacityHandsTheOldestBack() async throws {
        let inbox = ScanInbox(capacity: 3)
        let reads = (0..<4).map { RawScan(deviceID: "rfid", bytes: Array("EPC-\($0)".utf8), monotonicNanos: UInt64($0)) }
        #expect(inbox.put(reads[0], fromRFID: true) == nil)
        #expect(inbox.put(reads[1], fromRFID: true) == nil)
        #expect(inbox.put(reads[2], fromRFID: true) == nil)
        #expect(inbox.put(reads[3], fromRFID: true)?.bytes == Array("EPC-0".utf8))
        let kept = try #require(await inbox.takeAll())
        #expect(kept.map { String(decoding: $0.0.bytes, as: UTF8.self) } == ["EPC-1", "EPC-2", "EPC-3"])
    }

    /// A source that can wait loses nothing even when it is stopped while the inbox is full (waiting for room then
    /// ends, and what it had read already still goes in).
    @Test func aSourceThatCanWaitIsNeverEvicted() async throws {
        let inbox = ScanInbox(capacity: 2)
        let stop = StopSignal()
        stop.stop()
        for i in 0..<3 {
            inbox.waitForRoom(unless: stop)  // returns at once: stopped
            #expect(inbox.put(RawScan(deviceID: "fifo", bytes: Array("L\(i)".utf8), monotonicNanos: 0), fromRFID: false, evictingWhenFull: false) == nil)
        }
        let kept = try #require(await inbox.takeAll())
        #expect(kept.map { String(decoding: $0.0.bytes, as: UTF8.self) } == ["L0", "L1", "L2"])
    }
}
