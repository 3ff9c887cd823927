import Foundation
import Testing
import ScannerInput

@Suite("HID report descriptor")
struct HIDReportDescriptorTests {
    @Test func findsTheScannedDataReport() throws {
        let descriptor = try HIDReportDescriptor.parse(HIDFixtures.scannerDescriptor)
        #expect(descriptor.applicationCollections == [
            HIDReportDescriptor.Usage(page: 0xFF00, id: 0x01), .barcodeScanner,
        ])
        let scanner = try descriptor.barcodeScanner()
        #expect(scanner == BarcodeScannerInterface(scannedDataReportID: 2, reportLength: 64))
        #expect(descriptor.inputReportLength(reportID: 0xFD) == 64)
    }

    @Test func pushPopAndExtendedUsagesResolve() throws {
        let fields = try HIDReportDescriptor.parse(HIDFixtures.scannerDescriptor).inputFields
            .filter { $0.reportID == 2 }
        #expect(fields.map(\.bitCount) == [8, 24, 448, 16, 1, 7])
        #expect(fields[0].usages == [HIDReportDescriptor.Usage(page: 0xFF66, id: 1)])
        #expect(fields[1].usages.map(\.page) == [0x8C, 0x8C, 0x8C])
        #expect(fields[2].usages == [.decodedData])
        #expect(fields[2].collections == [.barcodeScanner, .scannedDataReport])
    }

    @Test func keyboardIsNotAScanner() throws {
        let keyboard: [UInt8] = [
            0x05, 0x01, 0x09, 0x06, 0xA1, 0x01, 0x05, 0x07, 0x19, 0xE0, 0x29, 0xE7,
            0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0xC0,
        ]
        let descriptor = try HIDReportDescriptor.parse(keyboard)
        #expect(descriptor.inputFields.first?.usages.count == 8)
        #expect(throws: HIDDescriptorError.self) { try descriptor.barcodeScanner() }
    }

    @Test func truncatedDescriptorReportsTheOffset() {
        let bytes = Array(HIDFixtures.scannerDescriptor.prefix(13))  // cuts Logical Maximum's 2-byte value
        #expect {
            _ = try HIDReportDescriptor.parse(bytes)
        } throws: { error in
            guard let error = error as? HIDDescriptorError else { return false }
            return error.code == .truncatedItem && error.offset == 11
        }
    }

    /// A 4-byte Report Size and Report Count used to trap on their product (the daemon crash-looped on
    /// such a device); now both are held to Linux's HID limits and the error names the item.
    @Test func hugeReportSizeAndCountAreRefusedNotTrapped() {
        let huge: [UInt8] = [
            0x05, 0x8C, 0x09, 0x02, 0xA1, 0x01,  // barcode scanner application collection
            0x77, 0xFF, 0xFF, 0xFF, 0x7F,  // Report Size 2^31-1 (4-byte item)
            0x97, 0xFF, 0xFF, 0xFF, 0x7F,  // Report Count 2^31-1
            0x81, 0x02, 0xC0,
        ]
        #expect {
            _ = try HIDReportDescriptor.parse(huge)
        } throws: { error in
            (error as? HIDDescriptorError)?.code == .fieldTooLarge && (error as? HIDDescriptorError)?.offset == 6
        }
        // Each at its limit is fine; 256 bits × 12,288 is 384 KiB, more than one hidraw report holds.
        let atLimits: [UInt8] = [0x05, 0x8C, 0x09, 0x02, 0xA1, 0x01, 0x76, 0x00, 0x01, 0x96, 0x00, 0x30, 0x81, 0x02, 0xC0]
        #expect {
            _ = try HIDReportDescriptor.parse(atLimits)
        } throws: { error in (error as? HIDDescriptorError)?.code == .reportTooLong }
        // One more than the limit on either item is refused at that item.
        for item: [UInt8] in [[0x76, 0x01, 0x01], [0x96, 0x01, 0x30]] {
            #expect {
                _ = try HIDReportDescriptor.parse([0x05, 0x8C] + item)
            } throws: { error in (error as? HIDDescriptorError)?.code == .fieldTooLarge }
        }
        // The largest report hidraw delivers (16,384 bytes) still parses.
        let largest: [UInt8] = [0x05, 0x8C, 0x09, 0x02, 0xA1, 0x01, 0x75, 0x10, 0x96, 0x00, 0x20, 0x81, 0x02, 0xC0]
        #expect((try? HIDReportDescriptor.parse(largest).barcodeScanner().reportLength) == 16_384)
    }

    /// Found by `Scripts/fuzz hid-descriptor`: a descriptor without Report Size gave a 0-byte scanned-data report,
    /// accepted as a scanner whose every report could only be logged as malformed. Refused at open, saying why.
    @Test func scannedDataReportTooShortForHIDPOSIsRefused() throws {
        let fuzzed = Array(try #require(fixture("regression-report-size-0")))
        #expect {
            _ = try HIDReportDescriptor.parse(fuzzed).barcodeScanner()
        } throws: { error in (error as? HIDDescriptorError)?.code == .scannedDataReportTooShort }
        // Length byte, three AIM bytes and the flag: 5 bytes is the least, with or without a report id.
        for (reportID, count, accepted) in [(nil, 4, false), (nil, 5, true), (UInt8(2), 4, false), (UInt8(2), 5, true)] as [(UInt8?, UInt8, Bool)] {
            let id: [UInt8] = reportID.map { [0x85, $0] } ?? []
            let bytes: [UInt8] = [0x05, 0x8C, 0x09, 0x02, 0xA1, 0x01] + id + [0x75, 0x08, 0x95, count, 0x81, 0x02, 0xC0]
            let interface = try? HIDReportDescriptor.parse(bytes).barcodeScanner()
            #expect((interface != nil) == accepted, "report id \(String(describing: reportID)), \(count) bytes")
            if accepted { #expect(interface?.reportLength == Int(count) + id.count / 2) }
        }
        // A 1-byte status report first in the collection does not hide the scanned-data report after it.
        let statusFirst: [UInt8] = [0x05, 0x8C, 0x09, 0x02, 0xA1, 0x01, 0x85, 0x01, 0x75, 0x08, 0x95, 0x01, 0x81, 0x02,
                                    0x85, 0x02, 0x95, 0x40, 0x81, 0x02, 0xC0]
        #expect(try HIDReportDescriptor.parse(statusFirst).barcodeScanner() == BarcodeScannerInterface(scannedDataReportID: 2, reportLength: 65))
    }

    @Test func unbalancedEndCollectionIsAnError() {
        #expect(throws: HIDDescriptorError.self) { try HIDReportDescriptor.parse([0x05, 0x8C, 0xC0]) }
    }
}

/// A file of the committed fuzz corpus (`Fuzz/Corpus/TARGET/NAME`), where crash inputs are kept as regressions.
func fuzzCorpusFile(_ target: String, _ name: String) -> Data? {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fuzz/Corpus/\(target)/\(name)").standardized
    return try? Data(contentsOf: url)
}

private func fixture(_ name: String) -> Data? { fuzzCorpusFile("hid-descriptor", name) }
