/// Just enough of a HID report descriptor to find a HID POS barcode scanner's scanned-data report.
///
/// Walks the short items (long items are skipped), keeping the global state (with Push/Pop), the local
/// usages and the collection stack, and records every Input item with the collections around it.
///
/// ```swift
/// let scanner = try HIDReportDescriptor.parse(device.info.reportDescriptor).barcodeScanner()
/// var assembler = HIDPOSReportAssembler(deviceID: id, interface: scanner)
/// ```
public struct HIDReportDescriptor: Sendable, Hashable {
    /// A usage: page in the high 16 bits, id in the low 16 (HID "extended usage").
    public struct Usage: Sendable, Hashable {
        public var page: UInt16
        public var id: UInt16
        public init(page: UInt16, id: UInt16) { self.page = page; self.id = id }

        public static let barcodeScanner = Usage(page: 0x8C, id: 0x02)
        public static let scannedDataReport = Usage(page: 0x8C, id: 0x12)
        public static let decodedData = Usage(page: 0x8C, id: 0xFE)
    }

    /// One Input main item: which report it belongs to, how many bits it adds, and its context.
    public struct InputField: Sendable, Hashable {
        /// 0 when the device does not use report ids.
        public var reportID: UInt8
        public var bitCount: Int
        public var usages: [Usage]
        /// Usages of the enclosing collections, outermost first.
        public var collections: [Usage]
    }

    public var inputFields: [InputField]
    /// Usages of the top-level application collections, in order.
    public var applicationCollections: [Usage]

    /// Total input report length in bytes for `reportID`, including the id byte when ids are used.
    public func inputReportLength(reportID: UInt8) -> Int {
        inputPayloadLength(reportID: reportID) + (reportID == 0 ? 0 : 1)
    }

    /// The same report's fields alone, without the report id byte.
    public func inputPayloadLength(reportID: UInt8) -> Int {
        (inputFields.filter { $0.reportID == reportID }.reduce(0) { $0 + $1.bitCount } + 7) / 8
    }

    /// The barcode-scanner interface: the input report carrying scanned data inside the
    /// application collection 0x8C/0x02. Prefers the report with the Decoded Data usage or the
    /// Scanned Data Report collection; falls back to the first input report in the collection.
    public func barcodeScanner() throws(HIDDescriptorError) -> BarcodeScannerInterface {
        guard applicationCollections.contains(.barcodeScanner) else {
            throw HIDDescriptorError(code: .noBarcodeScanner, offset: 0, bytes: [])
        }
        let inScanner = inputFields.filter { $0.collections.first == .barcodeScanner }
        guard !inScanner.isEmpty else { throw HIDDescriptorError(code: .noScannedDataReport, offset: 0, bytes: []) }
        // Only a report with room for the length byte, three AIM bytes and the flag can carry a scan (a short status
        // report in the same collection is not it). Found by Scripts/fuzz: Report Size 0 made a 0-byte "report".
        let candidates = inScanner.filter {
            inputPayloadLength(reportID: $0.reportID) >= HIDPOSReportAssembler.minimumReportBytes
        }
        let preferred = candidates.first {
            $0.usages.contains(.decodedData) || $0.collections.contains(.scannedDataReport)
        }
        guard let field = preferred ?? candidates.first else {
            throw HIDDescriptorError(code: .scannedDataReportTooShort, offset: 0, bytes: [])
        }
        return BarcodeScannerInterface(
            scannedDataReportID: field.reportID == 0 ? nil : field.reportID, reportLength: inputReportLength(reportID: field.reportID))
    }
}

/// Where a HID POS scanner puts its scans.
public struct BarcodeScannerInterface: Sendable, Hashable {
    /// Report id of the scanned-data input report; `nil` when the device does not number reports
    /// (then hidraw reports start directly with the length byte).
    public var scannedDataReportID: UInt8?
    /// Length of that report in bytes as hidraw delivers it (including the id byte, if any).
    public var reportLength: Int

    public init(scannedDataReportID: UInt8?, reportLength: Int) {
        self.scannedDataReportID = scannedDataReportID
        self.reportLength = reportLength
    }
}
