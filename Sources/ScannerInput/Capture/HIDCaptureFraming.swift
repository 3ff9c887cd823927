/// How a hidraw capture is cut back into reports.
///
/// Each `read` of `/dev/hidrawN` returns exactly one report, but `cat /dev/hidrawN > capture` writes
/// them back to back and the boundaries are lost. They are recovered from report lengths:
/// - ``fixed(reportSize:)``: every report has the same length. Right for scanners whose input
///   reports are all one size, which HID POS scanners usually are (64 bytes on full-speed USB).
/// - ``descriptor(_:)``: the first byte of each report is its report id, and the device's report
///   descriptor (`/sys/class/hidraw/hidrawN/device/report_descriptor`) gives each id's length. Exact
///   even when a device mixes report sizes.
public enum HIDCaptureFraming: Sendable, Hashable {
    case fixed(reportSize: Int)
    case descriptor(HIDReportDescriptor)

    /// The common Scanned Data Report size.
    public static let defaultReportSize = 64

    /// Length of the report starting with `firstByte`, or `nil` when the framing cannot tell
    /// (a report id the descriptor has no input report for).
    func reportLength(startingWith firstByte: UInt8) -> Int? {
        switch self {
        case .fixed(let size):
            return size
        case .descriptor(let descriptor):
            let numbered = descriptor.inputFields.contains { $0.reportID != 0 }
            let id = numbered ? firstByte : 0
            guard descriptor.inputFields.contains(where: { $0.reportID == id }) else { return nil }
            return descriptor.inputReportLength(reportID: id)
        }
    }
}
