/// Input a decoder discarded instead of emitting it as a scan; the caller logs it for a technician.
public struct DroppedScan: Sendable, Hashable {
    public var deviceID: String
    public var reason: DropReason
    /// When the decoder decided to drop, in the caller's monotonic clock, nanoseconds.
    public var monotonicNanos: UInt64

    public init(deviceID: String, reason: DropReason, monotonicNanos: UInt64) {
        self.deviceID = deviceID
        self.reason = reason
        self.monotonicNanos = monotonicNanos
    }
}

/// Why input was dropped; each case carries the offending bytes so a log line can show them.
public enum DropReason: Sendable, Hashable {
    /// The gap between two keys exceeded the inter-key timeout before a terminator arrived.
    case timeout(partial: [UInt8])
    /// The kernel's event buffer overflowed (`SYN_DROPPED`): keys were lost, so the partial scan is unsafe.
    case synDropped(partial: [UInt8])
    /// The scan grew past the configured maximum length; the rest up to the next terminator is skipped.
    case overlong(prefix: [UInt8])
    /// Bytes outside a frame (e.g. between ETX and STX), or a frame start inside a frame.
    case garbage([UInt8])
    /// A framed scan was cut off: a new STX arrived before the ETX.
    case unterminated(partial: [UInt8])
    /// A HID report whose fields do not fit the scanned-data layout.
    case malformedReport([UInt8])
    /// The device went away (unplugged) in the middle of a scan.
    case deviceGone(partial: [UInt8])
}

extension DecoderOutput {
    /// The same output, with a partial scan that a forced timeout dropped reported as cut off by the
    /// device going away: what a technician reading the log needs to know.
    public var becauseDeviceWentAway: DecoderOutput {
        switch self {
        case .dropped(var dropped):
            switch dropped.reason {
            case .timeout(let partial), .unterminated(let partial): dropped.reason = .deviceGone(partial: partial)
            default: break
            }
            return .dropped(dropped)
        default:
            return self
        }
    }
}

/// The result of feeding one event, byte chunk or report to a decoder.
public enum DecoderOutput: Sendable, Hashable {
    case none
    case scan(RawScan)
    case dropped(DroppedScan)
}
