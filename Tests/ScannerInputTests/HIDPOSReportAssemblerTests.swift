import Testing
import ScannerInput

@Suite("HID POS scanned-data reports")
struct HIDPOSReportAssemblerTests {
    let ms: UInt64 = 1_000_000
    let interface = BarcodeScannerInterface(scannedDataReportID: 2, reportLength: 64)

    @Test func singleReportCarriesDataAndAIM() {
        var assembler = HIDPOSReportAssembler(deviceID: "hid-1", interface: interface)
        let outcome = assembler.handle(report: HIDFixtures.report(Array("4006381333931".utf8)[...], aim: "]E0"), now: 5)
        #expect(outcome == [.scan(RawScan(deviceID: "hid-1", bytes: Array("4006381333931".utf8), symbologyHint: "]E0", monotonicNanos: 5))])
    }

    @Test func continuedReportsThroughAPacketSocketAreJoined() throws {
        // A GS1 DataMatrix with binary-safe content (GS, NUL) longer than two reports.
        let data = (0..<130).map { UInt8(truncatingIfNeeded: $0 * 7) }
        var pair = PacketPair()
        var stream = HIDReportStream(descriptor: pair.reader.take()!)
        // An unrelated vendor report (id 0xFD) arrives in between, as some scanners interleave them.
        let reports = HIDFixtures.reports(for: data, aim: "]d2")
        pair.send(reports[0])
        pair.send([0xFD] + [UInt8](repeating: 0xAA, count: 63))
        for r in reports.dropFirst() { pair.send(r) }
        var assembler = HIDPOSReportAssembler(deviceID: "hid-1", interface: interface)
        var outcomes: [DecoderOutput] = []
        for i in 0..<(reports.count + 1) {
            guard case .data(let report) = try stream.read() else { Issue.record("no report"); return }
            #expect(report.count == 64)
            outcomes += assembler.handle(report: report, now: UInt64(i) * ms)
        }
        #expect(reports.count == 3)
        #expect(outcomes == [.scan(RawScan(deviceID: "hid-1", bytes: data, symbologyHint: "]d2", monotonicNanos: 3 * ms))])
    }

    @Test func overdueContinuationIsDroppedNotGlued() {
        var assembler = HIDPOSReportAssembler(deviceID: "h", interface: interface, continuationTimeout: .milliseconds(200))
        let first = HIDFixtures.report(Array("PART".utf8)[...], more: true)
        #expect(assembler.handle(report: first, now: 0).isEmpty)
        #expect(assembler.deadline == 200 * ms)
        // The report that reveals the timeout starts (and here completes) a scan of its own.
        let outcomes = assembler.handle(report: HIDFixtures.report(Array("NEXT".utf8)[...]), now: 900 * ms)
        #expect(outcomes.map(\.dropReason) == [.timeout(partial: Array("PART".utf8)), nil])
        #expect(outcomes.map(\.scannedText) == [nil, "NEXT"])
    }

    @Test func tickDropsAPendingContinuation() {
        var assembler = HIDPOSReportAssembler(deviceID: "h", interface: interface, continuationTimeout: .milliseconds(200))
        _ = assembler.handle(report: HIDFixtures.report(Array("PART".utf8)[...], more: true), now: 0)
        #expect(assembler.tick(now: 100 * ms) == .none)
        #expect(assembler.tick(now: 201 * ms).dropReason == .timeout(partial: Array("PART".utf8)))
        #expect(assembler.deadline == nil)
    }

    @Test func lengthBeyondTheReportIsMalformed() {
        var assembler = HIDPOSReportAssembler(deviceID: "h", interface: interface)
        var report = HIDFixtures.report(Array("X".utf8)[...])
        report[1] = 60  // 4 + 60 > 63 bytes before the flag
        #expect(assembler.handle(report: report, now: 1).map(\.dropReason) == [.malformedReport(report)])
        #expect(assembler.handle(report: [2, 1], now: 2).map(\.dropReason) == [.malformedReport([2, 1])])
    }

    @Test func zeroAIMBytesGiveNoHint() {
        var assembler = HIDPOSReportAssembler(deviceID: "h", interface: interface)
        let report = HIDFixtures.report(Array("123".utf8)[...], aim: "\0\0\0")
        guard case .scan(let scan)? = assembler.handle(report: report, now: 1).first else { Issue.record("no scan"); return }
        #expect(scan.symbologyHint == nil)
    }

    @Test func deviceWithoutReportIDs() {
        let noID = BarcodeScannerInterface(scannedDataReportID: nil, reportLength: 63)
        var assembler = HIDPOSReportAssembler(deviceID: "h", interface: noID)
        let report = HIDFixtures.report(Array("ABC".utf8)[...], aim: "]A0", id: nil, size: 63)
        #expect(assembler.handle(report: report, now: 1).map(\.scannedText) == ["ABC"])
    }

    @Test func overlongJoinedScanIsDropped() {
        var assembler = HIDPOSReportAssembler(deviceID: "h", interface: interface, maxLength: 100)
        let data = [UInt8](repeating: 0x41, count: 150)
        let outcomes = HIDFixtures.reports(for: data).flatMap { assembler.handle(report: $0, now: 1) }
        // The rest of the overlong scan (its last report) must not become a scan of its own.
        #expect(outcomes.map(\.dropReason) == [.overlong(prefix: [UInt8](repeating: 0x41, count: 100))])
        #expect(assembler.handle(report: HIDFixtures.report(Array("OK".utf8)[...]), now: 2).map(\.scannedText) == ["OK"])
    }
}
