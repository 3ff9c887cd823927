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

    @Test func unbalancedEndCollectionIsAnError() {
        #expect(throws: HIDDescriptorError.self) { try HIDReportDescriptor.parse([0x05, 0x8C, 0xC0]) }
    }
}
