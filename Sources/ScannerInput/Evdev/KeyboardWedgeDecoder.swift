/// Decodes the `input_event` stream of one keyboard-wedge scanner into scans.
///
/// Combines the keymap (``KeyTranslator``) with the pure ``KeystrokeAssembler``. One decoder per
/// device: keyboards interleaving on one box each keep their own modifiers and partial scan.
///
/// ```swift
/// var decoder = try KeyboardWedgeDecoder(deviceID: "usb-0c2e-1234", layout: KeyboardLayout(layout: "de"))
/// for event in reader.append(bytes) {
///     switch decoder.handle(event, now: event.timestampNanos) {
///     case .scan(let scan): deliver(scan)
///     case .dropped(let drop): log(drop)
///     case .none: break
///     }
/// }
/// ```
public struct KeyboardWedgeDecoder: ~Copyable {
    private var translator: KeyTranslator
    private var assembler: KeystrokeAssembler
    /// After `SYN_DROPPED` the kernel says to ignore events up to the next `SYN_REPORT`.
    private var awaitingReport = false

    public init(
        deviceID: String,
        layout: KeyboardLayout = .us,
        configuration: KeystrokeAssembler.Configuration = .init()
    ) throws(DeviceError) {
        self.translator = try KeyTranslator(layout: layout)
        self.assembler = KeystrokeAssembler(deviceID: deviceID, configuration: configuration)
    }

    public var deviceID: String { assembler.deviceID }

    /// When ``tick(now:)`` should next be called, or `nil` when no scan is in progress.
    public var deadline: UInt64? { assembler.deadline }

    /// Feeds one kernel event that arrived at `now` (use ``InputEvent/timestampNanos`` when the device
    /// clock is `CLOCK_MONOTONIC`, so gaps are measured when keys happened, not when they were read).
    public mutating func handle(_ event: InputEvent, now: UInt64) -> DecoderOutput {
        switch event.type {
        case InputEvent.Kind.syn:
            if event.code == InputEvent.Syn.dropped {
                awaitingReport = true
                translator.reset()
                return assembler.discardAfterLostEvents(now: now)
            }
            if event.code == InputEvent.Syn.report { awaitingReport = false }
            return .none
        case InputEvent.Kind.key where !awaitingReport:
            // Auto-repeat is never part of a scan; a scanner that "holds" a key is misconfigured.
            guard event.value != InputEvent.KeyValue.autoRepeat else { return .none }
            let stroke = translator.translate(keycode: event.code, pressed: event.value != 0)
            return assembler.handle(stroke, now: now)
        default:
            // EV_MSC scancodes, EV_LED echoes and anything else carry nothing for a scan.
            return .none
        }
    }

    /// Back to the state of a new decoder (no partial scan, no held modifier, Caps Lock off), keeping the
    /// compiled keymap: compiling one takes milliseconds, decoding a capture microseconds.
    public mutating func reset() {
        translator.reset()
        assembler = KeystrokeAssembler(deviceID: assembler.deviceID, configuration: assembler.configuration)
        awaitingReport = false
    }

    /// Drops a partial scan whose inter-key timeout has passed at `now`.
    public mutating func tick(now: UInt64) -> DecoderOutput {
        assembler.tick(now: now)
    }
}
