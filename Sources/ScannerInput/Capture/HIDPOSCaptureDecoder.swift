/// Decodes a raw capture of a HID POS scanner (`cat /dev/hidrawN > capture`) into scans, through
/// the same ``HIDPOSReportAssembler`` the daemon uses. See ``HIDCaptureFraming`` for how the capture
/// is cut into reports.
///
/// ```swift
/// // Without the descriptor: 64-byte reports, scanned data in report id 2.
/// let entries = try HIDPOSCaptureDecoder.decode(bytes: capture)
/// // With it (exact report lengths and the scanned-data report id):
/// let entries = try HIDPOSCaptureDecoder.decode(bytes: capture, descriptor: descriptorBytes)
/// ```
public enum HIDPOSCaptureDecoder {
    /// - Parameters:
    ///   - reportSize: used when no descriptor is given.
    ///   - reportID: the scanned-data report id when no descriptor is given; `nil` for a device that
    ///     does not number its reports. Ignored with a descriptor, which says it.
    public static func decode(
        bytes: [UInt8], reportSize: Int = HIDCaptureFraming.defaultReportSize, reportID: UInt8? = 2,
        descriptor: [UInt8]? = nil
    ) throws(HIDDescriptorError) -> [CaptureEntry] {
        guard let descriptor else {
            let interface = BarcodeScannerInterface(scannedDataReportID: reportID, reportLength: reportSize)
            return decode(bytes: bytes, framing: .fixed(reportSize: reportSize), interface: interface)
        }
        let parsed = try HIDReportDescriptor.parse(descriptor)
        return decode(bytes: bytes, framing: .descriptor(parsed), interface: try parsed.barcodeScanner())
    }

    public static func decode(
        bytes: [UInt8], framing: HIDCaptureFraming, interface: BarcodeScannerInterface
    ) -> [CaptureEntry] {
        // No timestamps survive in a hidraw capture: every report is fed at time 0, so no
        // continuation times out inside the capture; one left open at its end is reported.
        var assembler = HIDPOSReportAssembler(deviceID: "capture", interface: interface)
        var entries: [CaptureEntry] = []
        var offset = 0
        while offset < bytes.count {
            guard let length = framing.reportLength(startingWith: bytes[offset]), length > 0 else {
                let id = String(bytes[offset], radix: 16, uppercase: true)
                entries.append(CaptureEntry(
                    kind: .unreadable, bytes: Array(bytes[offset...]), offset: offset,
                    note: "report id 0x\(id) is not an input report of the descriptor: the report boundaries after this point are unknown"))
                return entries
            }
            guard offset + length <= bytes.count else {
                entries.append(CaptureEntry(
                    kind: .truncated, bytes: Array(bytes[offset...]), offset: offset,
                    note: "the capture ends \(bytes.count - offset) bytes into a \(length)-byte report"))
                break
            }
            let report = Array(bytes[offset..<(offset + length)])
            for outcome in assembler.handle(report: report, now: 0) {
                if let entry = EvdevCaptureDecoder.entry(for: outcome, offset: offset, time: nil) { entries.append(entry) }
            }
            offset += length
        }
        if let deadline = assembler.deadline,
           var entry = EvdevCaptureDecoder.entry(for: assembler.tick(now: deadline &+ 1), offset: offset, time: nil)
        {
            entry.reason = .endOfCapture
            entries.append(entry)
        }
        return entries
    }
}
