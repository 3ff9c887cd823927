/// One thing found in a raw device capture: a scan, a dropped partial, or bytes that could not be read.
///
/// Encodable so `returnsctl decode-evdev --json` prints it as is:
/// `{"kind":"scan","text":"0101234<GS>21AB","offset":1176,"time":1732700000.123456,...}`.
public struct CaptureEntry: Sendable, Hashable, Encodable {
    public enum Kind: String, Sendable, Hashable, Encodable {
        case scan
        /// Input the decoder discarded; ``reason`` says why.
        case dropped
        /// The capture ends inside a record or report (``bytes`` are the leftover bytes).
        case truncated
        /// Bytes that do not form records at all (``note`` says what is wrong).
        case unreadable
    }

    public var kind: Kind
    /// Scan data, the dropped partial, or the leftover bytes.
    public var bytes: [UInt8]
    public var reason: CaptureDropReason?
    /// AIM symbology identifier (HID POS only), e.g. `]E0`.
    public var symbologyHint: String?
    /// Byte offset in the capture of the record or report that completed (or dropped) this entry.
    public var offset: Int
    /// Kernel timestamp of that record in nanoseconds (evdev captures only; hidraw has none).
    public var timestampNanos: UInt64?
    /// A sentence for a technician, for truncated and unreadable entries.
    public var note: String?

    public init(
        kind: Kind, bytes: [UInt8], reason: CaptureDropReason? = nil, symbologyHint: String? = nil,
        offset: Int, timestampNanos: UInt64? = nil, note: String? = nil
    ) {
        self.kind = kind
        self.bytes = bytes
        self.reason = reason
        self.symbologyHint = symbologyHint
        self.offset = offset
        self.timestampNanos = timestampNanos
        self.note = note
    }

    /// ``bytes`` with control characters named (`<GS>`), as a technician reads them.
    public var text: String { CaptureText.visible(bytes) }

    private enum CodingKeys: String, CodingKey {
        case kind, text, reason, symbologyHint = "aim", offset, time, note
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(text, forKey: .text)
        try container.encodeIfPresent(reason, forKey: .reason)
        try container.encodeIfPresent(symbologyHint, forKey: .symbologyHint)
        try container.encode(offset, forKey: .offset)
        try container.encodeIfPresent(timestampNanos.map { Double($0) / 1e9 }, forKey: .time)
        try container.encodeIfPresent(note, forKey: .note)
    }
}

/// Why a capture entry was dropped (``DropReason`` without its payload, which is in ``CaptureEntry/bytes``).
public enum CaptureDropReason: String, Sendable, Hashable, Encodable {
    case timeout
    case synDropped = "syn-dropped"
    case overlong
    case garbage
    case unterminated
    case malformedReport = "malformed-report"
    /// The capture stopped in the middle of a scan (no terminator, or a continued HID report).
    case endOfCapture = "end-of-capture"

    /// Splits a decoder's drop into the reason and the bytes it carried.
    static func split(_ reason: DropReason) -> (CaptureDropReason, [UInt8]) {
        switch reason {
        case .timeout(let partial): (.timeout, partial)
        case .synDropped(let partial): (.synDropped, partial)
        case .overlong(let prefix): (.overlong, prefix)
        case .garbage(let bytes): (.garbage, bytes)
        case .unterminated(let partial): (.unterminated, partial)
        case .malformedReport(let report): (.malformedReport, report)
        case .deviceGone(let partial): (.endOfCapture, partial)
        }
    }
}
