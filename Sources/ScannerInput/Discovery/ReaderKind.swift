/// Which reader reads a selected device. Each kind reads nodes of exactly one subsystem, so a rule
/// for a keyboard-wedge scanner never picks up the same scanner's hidraw node.
public enum ReaderKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// ``EvdevDevice`` + ``KeyboardWedgeDecoder``.
    case keyboardWedge
    /// ``HIDRawDevice`` + ``HIDPOSReportAssembler``.
    case hidPOS
    /// ``SerialPort`` + ``SerialFramer``.
    case serialScanner
    /// ``SerialPort`` + ``RFIDReportParser``; repeats are decided by the core (duplicateRead).
    case rfidSerial

    public var subsystem: DeviceSubsystem {
        switch self {
        case .keyboardWedge: .input
        case .hidPOS: .hidraw
        case .serialScanner, .rfidSerial: .tty
        }
    }
}
