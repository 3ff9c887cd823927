/// Cuts the byte stream of a serial scanner into scans.
///
/// Framing is configured per device: a line ending (CR, LF, CRLF) or STX…ETX. A scan longer than
/// `maxLength` is dropped with its prefix and the stream resynchronises at the next terminator (or
/// STX), so one bad read cannot shift every later scan. Bytes outside STX…ETX frames are dropped; at most
/// `maxLength` of them are kept to show in the drop report, so a line full of noise costs no memory.
///
/// ```swift
/// var framer = SerialFramer(deviceID: "/dev/ttyACM0", configuration: .init(framing: .crlf))
/// for outcome in framer.handle(chunk, now: now) { ... }
/// ```
public struct SerialFramer: Sendable {
    public enum Framing: Sendable, Hashable {
        /// CR ends a scan. An LF right after it (a scanner actually sending CRLF) is ignored.
        case cr
        /// LF ends a scan. A CR right before it is not stripped: use `.crlf` for CRLF scanners.
        case lf
        /// LF ends a scan and a CR just before it is removed; a lone LF also ends a scan.
        case crlf
        /// STX (0x02) starts and ETX (0x03) ends a scan; CR/LF between frames are ignored silently.
        case stxEtx
    }

    public struct Configuration: Sendable, Hashable {
        public var framing: Framing
        public var maxLength: Int
        public init(framing: Framing = .cr, maxLength: Int = 1024) {
            self.framing = framing
            self.maxLength = maxLength
        }
    }

    static let cr: UInt8 = 0x0D, lf: UInt8 = 0x0A, stx: UInt8 = 0x02, etx: UInt8 = 0x03

    public let deviceID: String
    public let configuration: Configuration
    private var buffer: [UInt8] = []
    private var garbage: [UInt8] = []
    private var inFrame = false
    private var skippingOverlong = false
    private var previous: UInt8?

    public init(deviceID: String, configuration: Configuration = .init()) {
        self.deviceID = deviceID
        self.configuration = configuration
    }

    /// Bytes held for a scan or a garbage report: never more than `maxLength` + 1 (a CR that may end a CRLF scan,
    /// or the byte that made a scan overlong).
    public var retainedByteCount: Int { buffer.count + garbage.count }

    /// Feeds a chunk as read from the port; returns the outcomes it completed, in order.
    public mutating func handle(_ bytes: some Sequence<UInt8>, now: UInt64) -> [DecoderOutput] {
        var outcomes: [DecoderOutput] = []
        for byte in bytes {
            let outcome = handle(byte: byte, now: now)
            if outcome != .none { outcomes.append(outcome) }
        }
        return outcomes
    }

    /// Feeds one byte.
    public mutating func handle(byte: UInt8, now: UInt64) -> DecoderOutput {
        defer { previous = byte }
        switch configuration.framing {
        case .cr:
            if byte == Self.cr { return finish(now: now) }
            if byte == Self.lf, previous == Self.cr { return .none }
            return append(byte, now: now)
        case .lf:
            return byte == Self.lf ? finish(now: now) : append(byte, now: now)
        case .crlf:
            if byte == Self.lf {
                if buffer.last == Self.cr { buffer.removeLast() }
                return finish(now: now)
            }
            // A CR may be the first half of the terminator: a scan of exactly maxLength bytes is followed by it,
            // and must not be cut as overlong.
            return append(byte, now: now, slack: byte == Self.cr ? 1 : 0)
        case .stxEtx:
            return framed(byte, now: now)
        }
    }

    /// The port closed or the device vanished: a partial scan can never complete, so it is dropped.
    public mutating func streamEnded(now: UInt64) -> DecoderOutput {
        defer {
            buffer.removeAll()
            garbage.removeAll()
            inFrame = false
            skippingOverlong = false
            previous = nil
        }
        if !buffer.isEmpty { return drop(.unterminated(partial: buffer), now: now) }
        if !garbage.isEmpty { return drop(.garbage(garbage), now: now) }
        return .none
    }

    private mutating func framed(_ byte: UInt8, now: UInt64) -> DecoderOutput {
        if byte == Self.stx {
            // A new frame always resynchronises, whatever came before.
            let wasInFrame = inFrame && !skippingOverlong
            let partial = buffer, stray = garbage
            buffer.removeAll(keepingCapacity: true)
            garbage.removeAll(keepingCapacity: true)
            inFrame = true
            skippingOverlong = false
            if wasInFrame { return drop(.unterminated(partial: partial), now: now) }
            if !stray.isEmpty { return drop(.garbage(stray), now: now) }
            return .none
        }
        guard inFrame else {
            if byte != Self.cr && byte != Self.lf && garbage.count < configuration.maxLength { garbage.append(byte) }
            return .none
        }
        if byte == Self.etx {
            inFrame = false
            return finish(now: now)
        }
        return append(byte, now: now)
    }

    private mutating func finish(now: UInt64) -> DecoderOutput {
        if skippingOverlong {
            skippingOverlong = false
            return .none
        }
        guard !buffer.isEmpty else { return .none }
        let scan = RawScan(deviceID: deviceID, bytes: buffer, monotonicNanos: now)
        buffer.removeAll(keepingCapacity: true)
        return .scan(scan)
    }

    /// `slack`: bytes this one may go past `maxLength` (a CR that may still turn out to be a terminator).
    private mutating func append(_ byte: UInt8, now: UInt64, slack: Int = 0) -> DecoderOutput {
        guard !skippingOverlong else { return .none }
        buffer.append(byte)
        guard buffer.count > configuration.maxLength + slack else { return .none }
        let prefix = Array(buffer.prefix(configuration.maxLength))
        buffer.removeAll(keepingCapacity: true)
        skippingOverlong = true
        return drop(.overlong(prefix: prefix), now: now)
    }

    private func drop(_ reason: DropReason, now: UInt64) -> DecoderOutput {
        .dropped(DroppedScan(deviceID: deviceID, reason: reason, monotonicNanos: now))
    }
}
