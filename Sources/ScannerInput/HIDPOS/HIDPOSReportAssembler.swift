/// Turns HID POS scanned-data input reports into scans, joining continued reports.
///
/// Report layout used by Honeywell, Zebra, Datalogic and Access-IS scanners (HID POS Usage Tables
/// 1.02, Scanned Data Report), offsets with a report id byte first:
///
/// | byte | content |
/// |---|---|
/// | 0 | report id (absent when the device does not number reports) |
/// | 1 | length of the data in this report |
/// | 2–4 | AIM symbology identifier, e.g. `]`, `C`, `1` |
/// | 5… | data, `length` bytes, zero padded |
/// | last | bit 0 set: more data follows in the next report |
///
/// Reports with another id (trigger status, vendor reports) are ignored. A continued scan whose next
/// report does not come within `continuationTimeout` is dropped, never glued to the following scan.
public struct HIDPOSReportAssembler: Sendable {
    /// The length byte, three AIM bytes and the continuation flag: the least a scanned-data report holds
    /// (after its report id, if the device numbers reports).
    public static let minimumReportBytes = 5

    public let deviceID: String
    public let interface: BarcodeScannerInterface
    public var maxLength: Int
    private let timeoutNanos: UInt64
    private var partial: [UInt8] = []
    private var partialAIM: String?
    private var continuing = false
    /// After an overlong scan was dropped, its remaining continued reports are skipped.
    private var skipping = false
    private var lastReportNanos: UInt64 = 0

    public init(
        deviceID: String, interface: BarcodeScannerInterface,
        maxLength: Int = 8192, continuationTimeout: Duration = .milliseconds(500)
    ) {
        self.deviceID = deviceID
        self.interface = interface
        self.maxLength = maxLength
        self.timeoutNanos = continuationTimeout.clampedNanoseconds
    }

    /// When ``tick(now:)`` should next be called, or `nil` when no continued scan is pending.
    public var deadline: UInt64? { continuing ? lastReportNanos &+ timeoutNanos : nil }

    /// Feeds one report exactly as one hidraw read returned it.
    ///
    /// Returns up to two outcomes (never `.none`): an overdue continued scan being dropped, then
    /// whatever this report completes.
    public mutating func handle(report: [UInt8], now: UInt64) -> [DecoderOutput] {
        let expired = tick(now: now)
        let outcome = accept(report, now: now)
        return [expired, outcome].filter { $0 != .none }
    }

    private mutating func accept(_ report: [UInt8], now: UInt64) -> DecoderOutput {
        let base: Int
        if let id = interface.scannedDataReportID {
            guard report.first == id else { return .none }
            base = 1
        } else {
            base = 0
        }
        guard report.count >= base + Self.minimumReportBytes else { return malformed(report, now: now) }
        let length = Int(report[base])
        let dataStart = base + 4
        guard dataStart + length <= report.count - 1 else { return malformed(report, now: now) }
        let more = report[report.count - 1] & 0x01 != 0
        lastReportNanos = now
        if skipping {
            skipping = more
            continuing = more
            return .none
        }
        if !continuing {
            partialAIM = Self.aim(report[(base + 1)...(base + 3)])
        }
        partial.append(contentsOf: report[dataStart..<(dataStart + length)])
        guard partial.count <= maxLength else {
            let prefix = Array(partial.prefix(maxLength))
            reset()
            skipping = more
            continuing = more
            return .dropped(DroppedScan(deviceID: deviceID, reason: .overlong(prefix: prefix), monotonicNanos: now))
        }
        continuing = more
        if continuing { return .none }
        let scan = RawScan(deviceID: deviceID, bytes: partial, symbologyHint: partialAIM, monotonicNanos: now)
        reset()
        return .scan(scan)
    }

    /// Drops a continued scan whose next report is overdue at `now`.
    public mutating func tick(now: UInt64) -> DecoderOutput {
        guard let deadline, now > deadline else { return .none }
        let stale = partial
        let wasSkipping = skipping
        reset()
        // The tail of an already reported overlong scan needs no second report.
        if wasSkipping { return .none }
        return .dropped(DroppedScan(deviceID: deviceID, reason: .timeout(partial: stale), monotonicNanos: now))
    }

    private mutating func reset() {
        partial.removeAll(keepingCapacity: true)
        partialAIM = nil
        continuing = false
        skipping = false
    }

    private mutating func malformed(_ report: [UInt8], now: UInt64) -> DecoderOutput {
        // The rest of a continued scan cannot be trusted after a report that does not parse.
        reset()
        return .dropped(DroppedScan(deviceID: deviceID, reason: .malformedReport(report), monotonicNanos: now))
    }

    /// `]` followed by two printable characters, else `nil` (AIM ids switched off send zeros).
    private static func aim(_ bytes: ArraySlice<UInt8>) -> String? {
        let b = Array(bytes)
        guard b[0] == UInt8(ascii: "]"), b[1...].allSatisfy({ (0x21...0x7E).contains($0) }) else { return nil }
        return String(decoding: b, as: UTF8.self)
    }
}
