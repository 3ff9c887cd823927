import Testing
import ScannerInput

/// Captures as `cat /dev/hidrawN > capture` saves them: the reports of ``HIDFixtures`` back to back.
@Suite("HID POS capture decoding")
struct HIDPOSCaptureDecoderTests {
    @Test func fixedSizeSplitFindsScansAndSkipsOtherReports() throws {
        let vendor = [0xFD] + [UInt8](repeating: 0xAA, count: 63)
        let capture = HIDFixtures.report(Array("4006381333931".utf8)[...], aim: "]E0") + vendor
            + HIDFixtures.report(Array("RMA-778".utf8)[...], aim: "]C0")
        let entries = try HIDPOSCaptureDecoder.decode(bytes: capture)
        #expect(entries.map(\.text) == ["4006381333931", "RMA-778"])
        #expect(entries.map(\.symbologyHint) == ["]E0", "]C0"])
        #expect(entries.map(\.offset) == [0, 128])
        #expect(entries.allSatisfy { $0.timestampNanos == nil })
    }

    @Test func continuedReportsAreJoined() throws {
        let data = Array("01040063813339311724123110LOT-0042".utf8) + [0x1D] + Array(String(repeating: "X", count: 80).utf8)
        let capture = HIDFixtures.reports(for: data, aim: "]d2").flatMap { $0 }
        let entries = try HIDPOSCaptureDecoder.decode(bytes: capture)
        #expect(entries.count == 1)
        #expect(entries[0].bytes == data)
        #expect(entries[0].text.contains("<GS>"))
    }

    @Test func descriptorGivesReportLengthsPerID() throws {
        // Each report's length comes from its id's input fields in the descriptor (id 2: 64 bytes,
        // the vendor report 0xFD: 64 bytes), not from a size option.
        let capture = HIDFixtures.report(Array("ABC".utf8)[...]) + ([0xFD] + [UInt8](repeating: 1, count: 63))
            + HIDFixtures.report(Array("DEF".utf8)[...])
        let entries = try HIDPOSCaptureDecoder.decode(bytes: capture, descriptor: HIDFixtures.scannerDescriptor)
        #expect(entries.map(\.text) == ["ABC", "DEF"])
    }

    @Test func unknownReportIDStopsWithAnUnreadableEntry() throws {
        let capture = HIDFixtures.report(Array("ABC".utf8)[...]) + [0x07, 1, 2, 3]
        let entries = try HIDPOSCaptureDecoder.decode(bytes: capture, descriptor: HIDFixtures.scannerDescriptor)
        #expect(entries.map(\.kind) == [.scan, .unreadable])
        #expect(entries[1].offset == 64)
        #expect(entries[1].note?.contains("0x7") == true)
        #expect(CaptureSummary(entries).exitStatus == 1)
    }

    @Test func truncatedTrailingReportAndOpenContinuationAreReported() throws {
        let data = [UInt8](repeating: UInt8(ascii: "7"), count: 100)
        let reports = HIDFixtures.reports(for: data)
        // Capture stopped after the first (continued) report plus 10 bytes of the second.
        let capture = reports[0] + reports[1].prefix(10)
        let entries = try HIDPOSCaptureDecoder.decode(bytes: capture)
        #expect(entries.map(\.kind) == [.truncated, .dropped])
        #expect(entries[0].bytes.count == 10)
        #expect(entries[0].note == "the capture ends 10 bytes into a 64-byte report")
        #expect(entries[1].reason == .endOfCapture)
        #expect(entries[1].bytes.count == 56)
        let summary = CaptureSummary(entries)
        #expect(summary.exitStatus == 1)
        #expect(summary.problems.count == 2)
    }

    @Test func reportSizeAndUnnumberedReportsAreOptions() throws {
        let capture = HIDFixtures.report(Array("XYZ".utf8)[...], id: nil, size: 32)
            + HIDFixtures.report(Array("123".utf8)[...], id: nil, size: 32)
        #expect(try HIDPOSCaptureDecoder.decode(bytes: capture, reportSize: 32, reportID: nil).map(\.text) == ["XYZ", "123"])
        // With the default 64 bytes and id 2 the same capture yields nothing (a misread, not a crash).
        #expect(CaptureSummary(try HIDPOSCaptureDecoder.decode(bytes: capture)).exitStatus == 1)
    }

    @Test func descriptorWithoutScannerCollectionIsATypedError() {
        let keyboardOnly: [UInt8] = [0x05, 0x01, 0x09, 0x06, 0xA1, 0x01, 0x75, 0x08, 0x95, 0x08, 0x81, 0x00, 0xC0]
        #expect(throws: HIDDescriptorError.self) {
            _ = try HIDPOSCaptureDecoder.decode(bytes: [], descriptor: keyboardOnly)
        }
    }
}
