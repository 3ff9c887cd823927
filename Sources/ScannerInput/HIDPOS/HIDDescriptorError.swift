/// A HID report descriptor this module cannot read, with where it went wrong.
public struct HIDDescriptorError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let description: String
        private init(_ description: String) { self.description = description }

        /// An item's declared size runs past the end of the descriptor.
        public static let truncatedItem = Code("truncated item")
        /// End Collection without a Collection, or Pop without Push.
        public static let unbalanced = Code("unbalanced collection or push/pop")
        /// No application collection with usage page 0x8C, usage 0x02 (not a HID POS barcode scanner).
        public static let noBarcodeScanner = Code("no barcode scanner collection")
        /// Report Size above 256 bits or Report Count above 12,288: the limits Linux's HID core enforces
        /// (`hid_parser_global`), so no real device declares more.
        public static let fieldTooLarge = Code("report size or count beyond the HID limits")
        /// One input report longer than 16,384 bytes, hidraw's largest report (HID_MAX_BUFFER_SIZE).
        public static let reportTooLong = Code("input report longer than 16384 bytes")
        /// The scanner collection has no input report.
        public static let noScannedDataReport = Code("no scanned-data input report")
        /// The scanned-data report is shorter than the length byte, three AIM bytes and the continuation flag
        /// every HID POS scanned-data report carries: no report of it could ever hold a scan.
        public static let scannedDataReportTooShort = Code("scanned-data report shorter than the 5 bytes HID POS needs")
    }

    public var code: Code
    /// Byte offset of the offending item in the descriptor.
    public var offset: Int
    /// The descriptor bytes around the offending item.
    public var bytes: [UInt8]

    public init(code: Code, offset: Int, bytes: [UInt8]) {
        self.code = code
        self.offset = offset
        self.bytes = bytes
    }

    public var description: String {
        let hex = bytes.map { String($0, radix: 16, uppercase: true) }.joined(separator: " ")
        return "HID report descriptor: \(code) at offset \(offset) [\(hex)]"
    }
}
