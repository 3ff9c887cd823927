/// Decodes a raw capture of a keyboard-wedge scanner (`cat /dev/input/eventN > capture`) into the
/// scans and dropped partials the daemon would have seen, for a technician diagnosing a scanner.
///
/// The capture is parsed exactly as the device path parses a node (``InputEventReader``, then
/// ``KeyboardWedgeDecoder``), with each record's own kernel timestamp as the clock, so inter-key
/// timeouts come out as they did at the dock. (`cat` leaves the node on `CLOCK_REALTIME`; only the
/// gaps matter, and those are the same.)
///
/// ```swift
/// let entries = try EvdevCaptureDecoder.decode(bytes: capture, layout: KeyboardLayout(layout: "de"))
/// for entry in entries where entry.kind == .scan { print(entry.text) }
/// ```
public enum EvdevCaptureDecoder {
    /// Highest event type the kernel defines (`EV_MAX`); larger ones mean the bytes are no input_event records.
    static let maxEventType: UInt16 = 0x1F

    public static func decode(
        bytes: [UInt8], layout: KeyboardLayout = .us, configuration: KeystrokeAssembler.Configuration = .init()
    ) throws(DeviceError) -> [CaptureEntry] {
        var decoder = try KeyboardWedgeDecoder(deviceID: "capture", layout: layout, configuration: configuration)
        return decode(bytes: bytes, with: &decoder)
    }

    /// Decodes with a decoder the caller keeps (reset first, so each capture starts as on a new device): for
    /// many captures with one keymap, as the fuzz target decodes them.
    public static func decode(bytes: [UInt8], with decoder: inout KeyboardWedgeDecoder) -> [CaptureEntry] {
        decoder.reset()
        var reader = InputEventReader()
        let events = reader.append(bytes)
        let size = InputEvent.kernelSize
        var entries: [CaptureEntry] = []
        var foreign = 0
        for (index, event) in events.enumerated() {
            if event.type > maxEventType { foreign += 1 }
            let offset = index * size
            let outcome = decoder.handle(event, now: event.timestampNanos)
            if let entry = entry(for: outcome, offset: offset, time: event.timestampNanos) { entries.append(entry) }
        }
        if let deadline = decoder.deadline, let last = events.last {
            // The capture stopped mid-scan: let the timeout fire, but call it what it is.
            if var entry = entry(for: decoder.tick(now: deadline &+ 1), offset: (events.count - 1) * size, time: last.timestampNanos) {
                entry.reason = .endOfCapture
                entries.append(entry)
            }
        }
        if reader.pendingByteCount > 0 {
            let offset = events.count * size
            entries.append(CaptureEntry(
                kind: .truncated, bytes: Array(bytes[offset...]), offset: offset,
                note: "the capture ends \(reader.pendingByteCount) bytes into a \(size)-byte input_event record"))
        }
        if foreign > 0 {
            entries.append(CaptureEntry(
                kind: .unreadable, bytes: [], offset: 0,
                note: "\(foreign) of \(events.count) records have event types above EV_MAX: this is not a capture of /dev/input/event* from a machine with \(size)-byte input_event records"))
        }
        return entries
    }

    static func entry(for outcome: DecoderOutput, offset: Int, time: UInt64?) -> CaptureEntry? {
        switch outcome {
        case .none:
            return nil
        case .scan(let scan):
            return CaptureEntry(kind: .scan, bytes: scan.bytes, symbologyHint: scan.symbologyHint, offset: offset, timestampNanos: time)
        case .dropped(let drop):
            let (reason, bytes) = CaptureDropReason.split(drop.reason)
            return CaptureEntry(kind: .dropped, bytes: bytes, reason: reason, offset: offset, timestampNanos: time)
        }
    }
}
