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
}
