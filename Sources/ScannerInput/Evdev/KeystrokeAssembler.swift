/// Assembles keystrokes from one keyboard-wedge scanner into scans.
///
/// A scan ends on a configured terminator key. A gap between keys longer than the timeout means the
/// scan was cut off (a scanner unplugged mid-scan, lost events): the partial text is dropped, never
/// emitted, so it cannot be half-matched. Time is injected (`now`, monotonic nanoseconds) so the
/// state machine is tested with fake clocks; call ``tick(now:)`` when ``deadline`` passes.
///
/// ```swift
/// var assembler = KeystrokeAssembler(deviceID: "usb-0c2e-1234", configuration: .init())
/// switch assembler.handle(.character("A", terminator: nil), now: t) { ... }
/// ```
public struct KeystrokeAssembler: Sendable {
    public struct Configuration: Sendable, Hashable {
        /// Keys that end a scan; other terminator-capable keys are kept as their character (CR, TAB).
        public var terminators: Set<WedgeTerminator>
        /// Longest allowed silence between two key events inside one scan.
        public var interKeyTimeout: Duration
        /// Longest scan in bytes (UTF-8); a longer one is dropped up to its terminator.
        public var maxLength: Int

        public init(
            terminators: Set<WedgeTerminator> = [.enter, .keypadEnter],
            interKeyTimeout: Duration = .milliseconds(200),
            maxLength: Int = 1024
        ) {
            self.terminators = terminators
            self.interKeyTimeout = interKeyTimeout
            self.maxLength = maxLength
        }
    }

    public let deviceID: String
    public let configuration: Configuration
    private let timeoutNanos: UInt64
    private var buffer: [UInt8] = []
    private var lastKeyNanos: UInt64 = 0
    /// Set after an overlong scan was dropped: its tail is skipped until the terminator or a pause.
    private var skippingOverlong = false

    public init(deviceID: String, configuration: Configuration = .init()) {
        self.deviceID = deviceID
        self.configuration = configuration
        self.timeoutNanos = configuration.interKeyTimeout.clampedNanoseconds
    }

    /// When ``tick(now:)`` should next be called, or `nil` when no scan is in progress.
    public var deadline: UInt64? {
        (buffer.isEmpty && !skippingOverlong) ? nil : lastKeyNanos &+ timeoutNanos
    }

    /// Feeds one keystroke that arrived at `now`.
    public mutating func handle(_ stroke: KeyStroke, now: UInt64) -> DecoderOutput {
        // A stale partial must not be glued to the next scan, even if nobody called tick in time.
        let expired = tick(now: now)
        lastKeyNanos = now
        switch stroke {
        case .activity:
            return expired
        case .character(let scalar, let terminator):
            if let terminator, configuration.terminators.contains(terminator) {
                return finish(now: now, expired: expired)
            }
            return append(scalar, now: now, expired: expired)
        }
    }

    /// Drops any partial scan because the kernel lost events (`SYN_DROPPED`).
    ///
    /// Reported even when nothing was buffered: a whole scan may have been among the lost events.
    public mutating func discardAfterLostEvents(now: UInt64) -> DecoderOutput {
        let partial = buffer
        buffer.removeAll(keepingCapacity: true)
        skippingOverlong = false
        return .dropped(DroppedScan(deviceID: deviceID, reason: .synDropped(partial: partial), monotonicNanos: now))
    }

    /// Drops the partial scan if the inter-key gap has been exceeded at `now`.
    public mutating func tick(now: UInt64) -> DecoderOutput {
        guard let deadline, now > deadline else { return .none }
        skippingOverlong = false
        guard !buffer.isEmpty else { return .none }
        let partial = buffer
        buffer.removeAll(keepingCapacity: true)
        return .dropped(DroppedScan(deviceID: deviceID, reason: .timeout(partial: partial), monotonicNanos: now))
    }

    private mutating func finish(now: UInt64, expired: DecoderOutput) -> DecoderOutput {
        if skippingOverlong {
            skippingOverlong = false
            return expired
        }
        // A lone terminator (empty scan) is noise, e.g. a trigger pull with nothing read.
        guard !buffer.isEmpty else { return expired }
        let scan = RawScan(deviceID: deviceID, bytes: buffer, monotonicNanos: now)
        buffer.removeAll(keepingCapacity: true)
        return .scan(scan)
    }

    private mutating func append(_ scalar: Unicode.Scalar, now: UInt64, expired: DecoderOutput) -> DecoderOutput {
        guard !skippingOverlong else { return expired }
        buffer.append(contentsOf: UTF8.encode(scalar)!)
        guard buffer.count > configuration.maxLength else { return expired }
        let prefix = Array(buffer.prefix(configuration.maxLength))
        buffer.removeAll(keepingCapacity: true)
        skippingOverlong = true
        return .dropped(DroppedScan(deviceID: deviceID, reason: .overlong(prefix: prefix), monotonicNanos: now))
    }
}
