import ReturnsCore

/// One read from any source, before decoding: which device, the bytes, and when.
public struct ScanInput: Sendable, Hashable {
    public var device: String
    public var bytes: [UInt8]
    /// AIM symbology identifier reported beside the data (HID POS), e.g. `]C1`.
    public var symbologyHint: String?
    /// The device is an RFID reader: hex text is an EPC, never a number.
    public var fromRFID: Bool
    public var monotonicNanos: UInt64
    public var wallMillis: Int64
    /// Set for an action from the supervisor socket instead of a scan; journaled all the same.
    public var supervisorCommand: SupervisorCommand?

    public init(device: String, bytes: [UInt8], symbologyHint: String? = nil, fromRFID: Bool = false,
                monotonicNanos: UInt64, wallMillis: Int64) {
        self.device = device
        self.bytes = bytes
        self.symbologyHint = symbologyHint
        self.fromRFID = fromRFID
        self.monotonicNanos = monotonicNanos
        self.wallMillis = wallMillis
    }

    /// The bytes as text; invalid UTF-8 becomes U+FFFD and the scan is then unreadable, not guessed.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// A supervisor's action and who took it (user name and uid from the socket's peer credentials).
public struct SupervisorCommand: Sendable, Hashable {
    public var action: SupervisorAction
    public var by: String

    public init(action: SupervisorAction, by: String) {
        self.action = action
        self.by = by
    }
}
